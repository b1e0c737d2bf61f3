import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dnsCheck, dnsCheckConfigSchema, runDnsCheck } from "./dns";
import { startDnsServer, type TestDnsServer, type TestZone } from "./dns-test-server";
import type { CheckRunOptions } from "./types";

const zone: TestZone = {
  records: {
    "example.test": [
      { type: "A", address: "192.0.2.10" },
      { type: "A", address: "192.0.2.11" },
      { type: "AAAA", address: "2001:db8::10" },
      { type: "MX", priority: 10, exchange: "mail.example.test" },
      { type: "MX", priority: 20, exchange: "backup.example.test" },
      { type: "NS", name: "ns1.example.test" },
      { type: "NS", name: "ns2.example.test" },
      // Two character-strings in one record: the check compares their joined text.
      { type: "TXT", chunks: ["v=spf1 include:_spf.example.test ", "-all"] },
      { type: "TXT", chunks: ["site-verification=abc123"] },
    ],
    "www.example.test": [{ type: "CNAME", name: "example.test" }],
    "empty.example.test": [],
  },
  serverFailure: ["broken.example.test"],
  refused: ["elsewhere.test"],
};

let dns: TestDnsServer;
let silent: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer(zone);
  silent = await startDnsServer(zone, { silent: true });
});
afterAll(async () => {
  await dns.close();
  await silent.close();
});

function check(input: Record<string, unknown>, opts: Partial<CheckRunOptions> = {}) {
  return runDnsCheck(dnsCheckConfigSchema.parse({ server: dns.server, ...input }), { timeoutMs: 2_000, ...opts });
}

describe("dns check config", () => {
  it("defaults to A records from the system resolver and normalizes what it stores", () => {
    expect(dnsCheckConfigSchema.parse({ query: "Example.com." })).toEqual({ query: "Example.com", recordType: "A" });
    expect(dnsCheckConfigSchema.parse({ query: "example.com", recordType: "mx" }).recordType).toBe("MX");
    expect(dnsCheckConfigSchema.parse({ query: "_dmarc.example.com", recordType: "TXT" }).query).toBe("_dmarc.example.com");
    const servers = ["1.1.1.1", "1.1.1.1:5353", "::1", "[::1]:5353"].map((server) => dnsCheckConfigSchema.parse({ query: "a.b", server }).server);
    expect(servers).toEqual(["1.1.1.1:53", "1.1.1.1:5353", "[::1]:53", "[::1]:5353"]);
  });

  it("says what is wrong in words", () => {
    const message = (input: Record<string, unknown>) => dnsCheckConfigSchema.safeParse(input).error?.issues[0].message;
    expect(message({ query: "https://example.com/" })).toMatch(/expected a DNS name like "example.com"/);
    expect(message({ query: "example.com", recordType: "SRV" })).toBe('expected one of A, AAAA, CNAME, MX, TXT, NS, got "SRV"');
    expect(message({ query: "example.com", server: "dns.google" })).toMatch(/expected the IP address of a DNS server/);
    expect(message({ query: "example.com", server: "1.1.1.1:99999" })).toMatch(/expected the IP address of a DNS server/);
    expect(message({ query: "example.com", expect: [] })).toMatch(/leave expect out/);
  });

  it("uses none of the common monitor field names", () => {
    const common = ["key", "name", "type", "component", "interval", "timeout", "public", "failureThreshold", "successThreshold"];
    expect(Object.keys(dnsCheckConfigSchema.shape).filter((k) => common.includes(k))).toEqual([]);
    expect(dnsCheck.type).toBe("dns");
  });
});

describe("runDnsCheck against a test zone", () => {
  it("is up for A records, timing the resolution, with the answer set in the assertion", async () => {
    const result = await check({ query: "example.test" });
    expect(result.status, result.message).toBe("up");
    expect(result.phases.dnsUs).toBeGreaterThan(0);
    expect(result.phases.dnsUs!).toBeLessThanOrEqual(result.totalUs);
    expect(result.assertions).toEqual([{ name: "answers", ok: true, expected: "at least one answer", actual: "192.0.2.10, 192.0.2.11", severity: "down" }]);
  });

  it("reads AAAA, CNAME, MX, TXT and NS answers in the form expect uses", async () => {
    const cases: [string, string, string][] = [
      ["AAAA", "example.test", "2001:db8::10"],
      ["CNAME", "www.example.test", "example.test"],
      ["MX", "example.test", "10 mail.example.test, 20 backup.example.test"],
      ["TXT", "example.test", "site-verification=abc123, v=spf1 include:_spf.example.test -all"],
      ["NS", "example.test", "ns1.example.test, ns2.example.test"],
    ];
    for (const [recordType, query, answers] of cases) {
      const result = await check({ query, recordType });
      expect(result.status, `${recordType}: ${result.message}`).toBe("up");
      expect(result.assertions[0].actual, recordType).toBe(answers);
    }
  });

  it("passes expect when every listed answer is there, in any spelling of the same answer", async () => {
    const results = await Promise.all([
      check({ query: "example.test", expect: ["192.0.2.11"] }),
      check({ query: "example.test", recordType: "AAAA", expect: ["2001:DB8:0::10"] }),
      check({ query: "example.test", recordType: "MX", expect: ["10 Mail.Example.Test.", "backup.example.test"] }),
      check({ query: "example.test", recordType: "TXT", expect: ["v=spf1 include:_spf.example.test -all"] }),
      check({ query: "www.example.test", recordType: "CNAME", expect: ["example.test."] }),
      check({ query: "example.test", recordType: "NS", expect: ["ns2.example.test"] }),
    ]);
    for (const result of results) expect(result.status, result.message).toBe("up");
    expect(results[0].assertions[1]).toEqual({ name: "expect", ok: true, expected: "contains 192.0.2.11", actual: "192.0.2.10, 192.0.2.11", severity: "down" });
  });

  it("fails expect when a listed answer is missing, naming it", async () => {
    const result = await check({ query: "example.test", recordType: "MX", expect: ["10 mail.example.test", "5 other.example.test"] });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("assertion");
    expect(result.message).toBe("MX answers for example.test lack 5 other.example.test (got 10 mail.example.test, 20 backup.example.test)");
    expect(result.assertions[1]).toMatchObject({ name: "expect", ok: false, expected: "contains 10 mail.example.test, 5 other.example.test" });
  });

  it("passes expectExactly for the same set in another order, and fails for a subset or superset", async () => {
    const same = await check({ query: "example.test", expectExactly: ["192.0.2.11", "192.0.2.10"] });
    expect(same.status, same.message).toBe("up");
    expect(same.assertions[1]).toEqual({ name: "expectExactly", ok: true, expected: "exactly 192.0.2.10, 192.0.2.11", actual: "192.0.2.10, 192.0.2.11", severity: "down" });

    const fewer = await check({ query: "example.test", expectExactly: ["192.0.2.10"] });
    expect(fewer.errorClass).toBe("assertion");
    expect(fewer.message).toBe("A answers for example.test differ from the expected set: unexpected 192.0.2.11");

    const more = await check({ query: "example.test", recordType: "TXT", expectExactly: ["site-verification=abc123", "v=spf1 -all"] });
    expect(more.errorClass).toBe("assertion");
    expect(more.message).toBe("TXT answers for example.test differ from the expected set: missing v=spf1 -all; unexpected v=spf1 include:_spf.example.test -all");
  });

  it("is down with dns for a name that does not exist (NXDOMAIN)", async () => {
    const result = await check({ query: "nope.example.test" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("dns");
    expect(result.message).toBe("no such name (NXDOMAIN): nope.example.test");
    expect(result.phases.dnsUs).toBeGreaterThan(0);
  });

  it("is down with dns when the name has no records of the type (NODATA)", async () => {
    const result = await check({ query: "empty.example.test", recordType: "MX" });
    expect(result.errorClass).toBe("dns");
    expect(result.message).toBe("no MX records (NODATA) for empty.example.test: the name exists, but has no records of this type");
    expect(result.assertions).toEqual([{ name: "answers", ok: false, expected: "at least one answer", actual: "no answers (NODATA)", severity: "down" }]);
  });

  it("is down with dns on SERVFAIL and REFUSED, naming the server", async () => {
    const servfail = await check({ query: "broken.example.test" });
    expect(servfail.errorClass).toBe("dns");
    expect(servfail.message).toMatch(new RegExp(`^DNS server ${dns.server} failed to answer for broken.example.test \\(SERVFAIL\\)`));
    const refused = await check({ query: "elsewhere.test" });
    expect(refused.errorClass).toBe("dns");
    expect(refused.message).toMatch(/refused the A query for elsewhere.test \(REFUSED\)/);
  });

  it("times out at the deadline when the server never answers", async () => {
    const started = performance.now();
    const result = await check({ query: "example.test", server: silent.server }, { timeoutMs: 400 });
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(390);
    expect(tookMs).toBeLessThan(1_100);
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("timeout");
    expect(result.message).toBe(`timed out after 400 ms waiting for DNS server ${silent.server} to answer the A query for example.test`);
    expect(silent.queries()).toBeGreaterThan(0);
  });

  it("stops when the caller cancels, as internal", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const result = await check({ query: "example.test", server: silent.server }, { signal: controller.signal });
    expect(result.errorClass).toBe("internal");
    expect(result.message).toMatch(/^check cancelled/);
  });

  it("refuses to ask a private DNS server under the safety policy", async () => {
    const before = dns.queries();
    const result = await check({ query: "example.test" }, { policy: { blockPrivate: true } });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("blocked");
    expect(result.message).toMatch(/^DNS server: refused to connect to 127\.0\.0\.1: private, loopback/);
    expect(dns.queries()).toBe(before);
  });
});
