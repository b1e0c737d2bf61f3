import { describe, expect, it } from "vitest";
import {
  bucketBounds,
  bucketIndex,
  HISTOGRAM_BASE_US,
  HISTOGRAM_BUCKET_COUNT,
  HISTOGRAM_BUCKETS_PER_DOUBLING,
  HISTOGRAM_MAX_US,
  HistogramDecodeError,
  LatencyHistogram,
  mergeEncoded,
} from "./histogram";

/** Deterministic PRNG (mulberry32), so a failing distribution can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const DISTRIBUTIONS: Record<string, (random: () => number) => number> = {
  "uniform 1–500 ms": (random) => 1_000 + Math.floor(random() * 499_001),
  "log-normal, median 80 ms": (random) => Math.round(80_000 * Math.exp(0.9 * gaussian(random))),
  "bimodal 20 ms / 900 ms": (random) =>
    Math.max(0, Math.round(random() < 0.8 ? 20_000 + 3_000 * gaussian(random) : 900_000 + 100_000 * gaussian(random))),
  "sub-millisecond with timeouts": (random) =>
    random() < 0.02 ? 120_000_000 + Math.floor(random() * 1e6) : Math.floor(random() * 900),
};

/** Percentiles as exact fractions, so the reference rank has no floating-point error. */
const PERCENTILES: { p: number; num: number; den: number }[] = [
  { p: 0, num: 0, den: 1 },
  { p: 1, num: 1, den: 100 },
  { p: 50, num: 1, den: 2 },
  { p: 90, num: 9, den: 10 },
  { p: 95, num: 19, den: 20 },
  { p: 99, num: 99, den: 100 },
  { p: 99.9, num: 999, den: 1000 },
  { p: 100, num: 1, den: 1 },
];

function exactNearestRank(sorted: number[], num: number, den: number): number {
  const rank = Math.max(1, Math.ceil((num * sorted.length) / den));
  return sorted[rank - 1];
}

function histogramOf(values: number[]): LatencyHistogram {
  const h = new LatencyHistogram();
  for (const v of values) h.add(v);
  return h;
}

function sample(name: string, n: number, seed: number): number[] {
  const random = prng(seed);
  return Array.from({ length: n }, () => DISTRIBUTIONS[name](random));
}

describe("bucket layout", () => {
  it("has the documented shape", () => {
    expect(HISTOGRAM_BASE_US).toBe(100);
    expect(HISTOGRAM_BUCKETS_PER_DOUBLING).toBe(8);
    expect(HISTOGRAM_MAX_US).toBe(120_000_000);
    expect(HISTOGRAM_BUCKET_COUNT).toBe(164);
    expect(bucketBounds(0)).toEqual({ lowUs: 0, highUs: 100 });
    expect(bucketBounds(HISTOGRAM_BUCKET_COUNT - 1)).toEqual({ lowUs: 120_000_000, highUs: Infinity });
  });

  // Stored blobs depend on these exact bounds: changing them needs a new encoding version.
  it("is frozen for encoding version 1", () => {
    expect([1, 2, 3, 9, 17, 81, 161, 162].map((i) => bucketBounds(i))).toEqual([
      { lowUs: 100, highUs: 109 },
      { lowUs: 109, highUs: 119 },
      { lowUs: 119, highUs: 130 },
      { lowUs: 200, highUs: 218 },
      { lowUs: 400, highUs: 436 },
      { lowUs: 102_400, highUs: 111_668 },
      { lowUs: 104_857_600, highUs: 114_348_024 },
      { lowUs: 114_348_024, highUs: 120_000_000 },
    ]);
    let sum = 0;
    for (let i = 0; i < HISTOGRAM_BUCKET_COUNT - 1; i++) sum += bucketBounds(i).highUs;
    expect(sum).toBe(1_497_753_041);
  });

  it("is contiguous, increasing, and about 9 % per bucket", () => {
    for (let i = 1; i < HISTOGRAM_BUCKET_COUNT; i++) {
      const { lowUs, highUs } = bucketBounds(i);
      expect(lowUs).toBe(bucketBounds(i - 1).highUs);
      expect(highUs).toBeGreaterThan(lowUs);
      if (i < HISTOGRAM_BUCKET_COUNT - 2) expect(highUs / lowUs).toBeLessThan(1.1);
    }
  });

  it("puts every bound in its own bucket and the microsecond below it in the previous one", () => {
    for (let i = 1; i < HISTOGRAM_BUCKET_COUNT; i++) {
      const { lowUs } = bucketBounds(i);
      expect(bucketIndex(lowUs)).toBe(i);
      expect(bucketIndex(lowUs - 1)).toBe(i - 1);
    }
  });

  it.each([
    [0, 0],
    [99, 0],
    [99.9, 0],
    [100, 1],
    [108.99, 1],
    [109, 2],
    [119_999_999, 162],
    [120_000_000, 163],
    [3_600_000_000, 163],
    [Infinity, 163],
  ])("bucketIndex(%d) = %d", (us, index) => {
    expect(bucketIndex(us)).toBe(index);
  });

  it("rejects negative and NaN latencies and bad bucket indexes", () => {
    expect(() => bucketIndex(-1)).toThrow(RangeError);
    expect(() => bucketIndex(NaN)).toThrow(/non-negative/);
    expect(() => bucketBounds(-1)).toThrow(RangeError);
    expect(() => bucketBounds(HISTOGRAM_BUCKET_COUNT)).toThrow(/0 to 163/);
    expect(() => bucketBounds(1.5)).toThrow(RangeError);
  });
});

describe("encode / decode", () => {
  function roundTrip(h: LatencyHistogram): LatencyHistogram {
    const decoded = LatencyHistogram.decode(h.encode());
    expect(decoded.total).toBe(h.total);
    expect(Array.from(decoded.counts)).toEqual(Array.from(h.counts));
    return decoded;
  }

  it("encodes an empty histogram as the version byte alone", () => {
    const h = new LatencyHistogram();
    expect(h.encode()).toEqual(Buffer.from([1]));
    expect(roundTrip(h).total).toBe(0);
  });

  it("round-trips one value", () => {
    const h = new LatencyHistogram().add(5_000);
    expect(h.encode()).toEqual(Buffer.from([1, bucketIndex(5_000), 1]));
    roundTrip(h);
  });

  it("round-trips extreme values: 0, just under 120 s, 120 s, an hour, and huge counts", () => {
    const h = new LatencyHistogram()
      .add(0)
      .add(HISTOGRAM_MAX_US - 1, 2)
      .add(HISTOGRAM_MAX_US)
      .add(3_600_000_000, 7)
      .add(250_000, 2 ** 40 + 3);
    const decoded = roundTrip(h);
    expect(decoded.counts[0]).toBe(1);
    expect(decoded.counts[162]).toBe(2);
    expect(decoded.counts[163]).toBe(8);
    expect(decoded.total).toBe(2 ** 40 + 3 + 11);
  });

  it.each(Object.keys(DISTRIBUTIONS))("round-trips many values (%s)", (name) => {
    roundTrip(histogramOf(sample(name, 5_000, 7)));
  });

  it("round-trips a histogram with every bucket used", () => {
    const h = new LatencyHistogram();
    for (let i = 0; i < HISTOGRAM_BUCKET_COUNT; i++) h.add(bucketBounds(i).lowUs, i + 1);
    roundTrip(h);
  });

  it("is compact: two bytes per used bucket, an hour of 30 s checks in a few dozen bytes", () => {
    const wide = histogramOf(sample("log-normal, median 80 ms", 120, 3));
    const usedBuckets = wide.counts.filter((count) => count > 0).length;
    expect(wide.encode().length).toBeLessThanOrEqual(1 + 2 * usedBuckets);
    const random = prng(3);
    const typicalHour = new LatencyHistogram();
    for (let i = 0; i < 120; i++) typicalHour.add(Math.round(80_000 * Math.exp(0.2 * gaussian(random))));
    expect(typicalHour.encode().length).toBeLessThan(40);
  });

  it("decodes null as empty, and reads ArrayBuffers and offset views", () => {
    expect(LatencyHistogram.decode(null).total).toBe(0);
    const encoded = new LatencyHistogram().add(1_000, 3).add(90_000).encode();
    const arrayBuffer = new Uint8Array(encoded).buffer; // a copy: its own ArrayBuffer
    expect(LatencyHistogram.decode(arrayBuffer).total).toBe(4);
    const padded = new Uint8Array(encoded.length + 5);
    padded.set(encoded, 5);
    expect(LatencyHistogram.decode(padded.subarray(5)).total).toBe(4);
  });

  it.each<[string, unknown, RegExp]>([
    ["an empty blob", Buffer.alloc(0), /blob is empty/],
    ["an unknown version", Buffer.from([2, 0, 1]), /unknown encoding version 2/],
    ["a truncated varint", Buffer.from([1, 0x80]), /truncated varint/],
    ["a bucket without count", Buffer.from([1, 5]), /bucket 5 has no count/],
    ["a truncated count", Buffer.from([1, 5, 0x81]), /bucket 5 has no count/],
    ["a bucket past the layout", Buffer.from([1, 200, 1]), /bucket index 200 is out of range/],
    ["a zero count", Buffer.from([1, 3, 0]), /bucket 3 has an invalid count 0/],
    ["an overlong varint", Buffer.from([1, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), /varint longer/],
    ["a string", "AQAB", /expected a Buffer, Uint8Array or ArrayBuffer, got string/],
  ])("rejects %s with a clear error", (_name, blob, message) => {
    const decode = () => LatencyHistogram.decode(blob as Buffer);
    expect(decode).toThrow(HistogramDecodeError);
    expect(decode).toThrow(message);
  });
});

describe("merge", () => {
  it("equals adding all values into one histogram", () => {
    const a = sample("uniform 1–500 ms", 3_000, 1);
    const b = sample("bimodal 20 ms / 900 ms", 2_000, 2);
    const merged = histogramOf(a).merge(histogramOf(b));
    const together = histogramOf([...a, ...b]);
    expect(merged.total).toBe(5_000);
    expect(Array.from(merged.counts)).toEqual(Array.from(together.counts));
  });

  it("mergeEncoded equals merging decoded rows, and skips null rows", () => {
    const rows = [1, 2, 3].map((seed) => histogramOf(sample("log-normal, median 80 ms", 500, seed)));
    const expected = new LatencyHistogram();
    for (const row of rows) expected.merge(row);
    const merged = mergeEncoded([rows[0].encode(), null, rows[1].encode(), new Uint8Array(rows[2].encode())]);
    expect(merged.total).toBe(1_500);
    expect(Array.from(merged.counts)).toEqual(Array.from(expected.counts));
    expect(mergeEncoded([]).total).toBe(0);
  });

  it("mergeEncoded names the row that is bad", () => {
    const good = new LatencyHistogram().add(1_000).encode();
    expect(() => mergeEncoded([good, good, Buffer.from([9])])).toThrow(
      "cannot decode latency histogram: row 2: unknown encoding version 9",
    );
  });

  it("merges 1,000 encoded rows and takes 3 percentiles in well under 5 ms", () => {
    const random = prng(11);
    const rows = Array.from({ length: 1_000 }, () => {
      const h = new LatencyHistogram();
      for (let i = 0; i < 120; i++) h.add(DISTRIBUTIONS["log-normal, median 80 ms"](random));
      return h.encode();
    });
    let best = Infinity;
    for (let run = 0; run < 5; run++) {
      const started = performance.now();
      const merged = mergeEncoded(rows);
      for (const p of [50, 95, 99]) merged.percentile(p);
      best = Math.min(best, performance.now() - started);
      expect(merged.total).toBe(120_000);
    }
    expect(best).toBeLessThan(5);
  });
});

describe("percentile", () => {
  it("is undefined without data and rejects p outside 0–100", () => {
    const h = new LatencyHistogram();
    expect(h.percentile(50)).toBeUndefined();
    h.add(1_000);
    expect(() => h.percentile(-1)).toThrow(RangeError);
    expect(() => h.percentile(100.5)).toThrow(RangeError);
    expect(() => h.percentile(NaN)).toThrow(RangeError);
  });

  it("reports a value inside the bucket: geometric midpoint, 50 µs for bucket 0, 120 s for overflow", () => {
    expect(new LatencyHistogram().add(5_000).percentile(50)).toBe(Math.round(Math.sqrt(4_935 * 5_382)));
    expect(new LatencyHistogram().add(3).percentile(99)).toBe(50);
    expect(new LatencyHistogram().add(500_000_000).percentile(99)).toBe(120_000_000);
  });

  it("uses nearest rank without floating-point drift (p95 of 100 values is the 95th)", () => {
    const h = new LatencyHistogram().add(1_000, 95).add(50_000, 5);
    expect(bucketIndex(h.percentile(95)!)).toBe(bucketIndex(1_000));
    expect(bucketIndex(h.percentile(95.01)!)).toBe(bucketIndex(50_000));
    expect(bucketIndex(h.percentile(0)!)).toBe(bucketIndex(1_000));
    expect(bucketIndex(h.percentile(100)!)).toBe(bucketIndex(50_000));
  });

  for (const name of Object.keys(DISTRIBUTIONS)) {
    it.each([1, 2, 3])(`matches exact nearest-rank percentiles to the bucket (${name}, seed %d)`, (seed) => {
      const values = sample(name, 10_000, seed);
      const h = histogramOf(values);
      const sorted = [...values].sort((x, y) => x - y);
      for (const { p, num, den } of PERCENTILES) {
        const exact = exactNearestRank(sorted, num, den);
        const estimate = h.percentile(p)!;
        const { lowUs, highUs } = bucketBounds(bucketIndex(exact));
        expect(bucketIndex(estimate), `p${p}: exact ${exact}, estimate ${estimate}`).toBe(bucketIndex(exact));
        if (highUs !== Infinity) expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(highUs - lowUs);
      }
    });
  }
});
