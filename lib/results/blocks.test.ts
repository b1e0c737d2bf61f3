import { describe, expect, it } from "vitest";
import { decodeBlock, encodeBlock, isPackable, type PackedResult } from "./blocks";

const HOUR = Date.UTC(2026, 11, 7, 12);
const base: PackedResult = { id: 1, startedAt: HOUR, status: 0, statusCode: 200, totalUs: 50_000, dnsUs: 1_000, connectUs: 2_000, tlsUs: 3_000, firstByteUs: 40_000, transferUs: 4_000, tlsExpiresAt: 1_800_000_000 };

describe("check result blocks", () => {
  it("round-trips an hour of steady results, deflated when that is smaller", () => {
    const results = Array.from({ length: 60 }, (_, i) => ({ ...base, id: 1_000 + i * 3_000 + (i % 3), startedAt: HOUR + i * 60_000 + (i % 7), totalUs: 40_000 + ((i * 7_919) % 250_000) }));
    const blob = encodeBlock(HOUR, results);
    expect(decodeBlock(HOUR, blob)).toEqual(results);
    // Far below a row's ~55 B: a byte or two for id, time and flags, the durations' varints.
    expect(blob.length / results.length).toBeLessThan(20);
  });

  it("keeps extremes exact: NULL phases, huge and negative values, degraded, status codes and certificate expiry changing, ids far apart, unsorted input", () => {
    const results: PackedResult[] = [
      { ...base, id: 2 ** 52, startedAt: HOUR + 3_599_999, status: 1, totalUs: Number.MAX_SAFE_INTEGER },
      { ...base, id: 7, statusCode: null, dnsUs: null, connectUs: null, tlsUs: null, firstByteUs: null, transferUs: null, tlsExpiresAt: null },
      { ...base, id: 8, startedAt: HOUR + 10, statusCode: 301, dnsUs: null, tlsExpiresAt: 1_900_000_000 },
      { ...base, id: 9, startedAt: HOUR + 5, statusCode: 301, dnsUs: -5, transferUs: 0, tlsExpiresAt: null },
      { ...base, id: 10, startedAt: HOUR + 5, statusCode: 0, totalUs: 0, tlsExpiresAt: 1_900_000_000 },
      { ...base, id: 2 ** 40, startedAt: HOUR + 1_800_000, status: 1, statusCode: 999, firstByteUs: 2 ** 45 },
    ];
    const decoded = decodeBlock(HOUR, encodeBlock(HOUR, results));
    expect(decoded).toEqual([...results].sort((a, b) => a.id - b.id));
    expect(decodeBlock(HOUR, encodeBlock(HOUR, []))).toEqual([]);
  });

  it("holds only what it can keep exactly: up or degraded, integers", () => {
    expect(isPackable(base)).toBe(true);
    expect(isPackable({ ...base, status: 1 })).toBe(true);
    expect(isPackable({ ...base, status: 2 })).toBe(false);
    expect(isPackable({ ...base, totalUs: 1.5 })).toBe(false);
  });

  it("refuses a blob it does not know", () => {
    expect(() => decodeBlock(HOUR, Buffer.of(9, 0))).toThrow(/unknown version/);
    expect(() => decodeBlock(HOUR, Buffer.of(1, 5))).toThrow(/ends early/);
  });
});
