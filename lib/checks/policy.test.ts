import { describe, expect, it } from "vitest";
import { isPrivateAddress, policyFromEnv, refusal } from "./policy";

describe("target safety policy", () => {
  it("recognises loopback, private, link-local, CGNAT and metadata addresses", () => {
    for (const a of ["127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fe80::1", "fd00:ec2::254", "fc00::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1", "::"]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "93.184.216.34", "2606:4700:4700::1111", "::ffff:8.8.8.8"]) {
      expect(isPrivateAddress(a), a).toBe(false);
    }
  });

  it("is off unless PROBE_BLOCK_PRIVATE is set, and then says what was refused and why", () => {
    expect(policyFromEnv({}).blockPrivate).toBe(false);
    expect(policyFromEnv({ PROBE_BLOCK_PRIVATE: "1" }).blockPrivate).toBe(true);
    expect(refusal({ blockPrivate: false }, "localhost", "127.0.0.1")).toBeUndefined();
    expect(refusal({ blockPrivate: true }, "example.com", "8.8.8.8")).toBeUndefined();
    expect(refusal({ blockPrivate: true }, "rebind.example", "10.0.0.5")).toBe(
      "refused to connect to rebind.example (10.0.0.5): private, loopback, link-local and metadata addresses are blocked (PROBE_BLOCK_PRIVATE=1)",
    );
  });
});
