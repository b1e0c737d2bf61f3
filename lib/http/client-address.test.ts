import { describe, expect, it } from "vitest";
import { clientAddressOf, clientKey, isSecureRequest, isTrustedPeer, trustedProxiesFrom, TrustProxyError } from "./client-address";

const none = trustedProxiesFrom(undefined);
const loopback = trustedProxiesFrom("loopback");

describe("client address", () => {
  it("ignores forwarded headers from a peer that is not a configured proxy", () => {
    const headers = { "x-forwarded-for": "203.0.113.7", "x-forwarded-proto": "https", "x-forwarded-host": "evil.example" };
    expect(clientAddressOf(headers, "::ffff:127.0.0.1", false, none)).toEqual({ address: "127.0.0.1", proto: "http" });
    expect(clientAddressOf(headers, "198.51.100.2", true, loopback)).toEqual({ address: "198.51.100.2", proto: "https" });
  });

  it("reads X-Forwarded-For from the right, past trusted hops only, from a trusted proxy", () => {
    const trust = trustedProxiesFrom("127.0.0.1, 10.0.0.0/8");
    // The client prepended a forged address; the proxy appended the one it saw.
    const h = { "x-forwarded-for": "1.2.3.4, 203.0.113.9, 10.1.2.3", "x-forwarded-proto": "https", "x-forwarded-host": "status.example.com" };
    expect(clientAddressOf(h, "127.0.0.1", false, trust)).toEqual({ address: "203.0.113.9", proto: "https", forwardedHost: "status.example.com" });
    // Garbage further out stops the walk at the last good hop.
    expect(clientAddressOf({ "x-forwarded-for": "<script>, 203.0.113.9" }, "127.0.0.1", false, trust).address).toBe("203.0.113.9");
    // No header: the proxy itself is the client.
    expect(clientAddressOf({}, "10.9.9.9", false, trust)).toEqual({ address: "10.9.9.9", proto: "http", forwardedHost: undefined });
    // Only http and https are schemes.
    expect(clientAddressOf({ "x-forwarded-proto": "javascript" }, "127.0.0.1", false, trust).proto).toBe("http");
  });

  it("understands IPv6 ranges and the loopback shorthand", () => {
    const trust = trustedProxiesFrom("fd00::/8, loopback");
    expect(clientAddressOf({ "x-forwarded-for": "2001:db8::1" }, "fd12::5", false, trust).address).toBe("2001:db8::1");
    expect(clientAddressOf({ "x-forwarded-for": "2001:db8::1" }, "::1", false, trust).address).toBe("2001:db8::1");
    expect(clientAddressOf({ "x-forwarded-for": "2001:db8::1" }, "2001:db8::2", false, trust).address).toBe("2001:db8::2");
    expect([isTrustedPeer(trust, "::ffff:127.0.0.1"), isTrustedPeer(trust, "fd12::5"), isTrustedPeer(trust, "2001:db8::2"), isTrustedPeer(trust, undefined)]).toEqual([true, true, false, false]);
  });

  it("refuses a TRUST_PROXY it cannot read, saying which entry", () => {
    expect(() => trustedProxiesFrom("10.0.0.0/8, proxy.internal")).toThrow(TrustProxyError);
    expect(() => trustedProxiesFrom("10.0.0.0/8, proxy.internal")).toThrow(/"proxy.internal" is not an IP address/);
    expect(() => trustedProxiesFrom("10.0.0.0/40")).toThrow(/invalid prefix length/);
  });

  it("gives route code a bounded key and the Secure decision", () => {
    expect(clientKey(new Headers({ "x-forwarded-for": "x".repeat(500) })).length).toBe(64);
    expect(clientKey(new Headers())).toBe("unknown");
    expect(isSecureRequest(new Headers({ "x-forwarded-proto": "http" }), { PUBLIC_URL: "https://status.example.com" })).toBe(true);
    expect(isSecureRequest(new Headers({ "x-forwarded-proto": "http" }), {})).toBe(false);
    expect(isSecureRequest(new Headers({ "x-forwarded-proto": "https" }), {})).toBe(true);
  });
});
