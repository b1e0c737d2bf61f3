/**
 * A fixed log-scale latency histogram, so that rollup rows merge exactly: p50/p95/p99 over any
 * window is the bucket-by-bucket sum of a few hourly or daily rows (lib/db/schema/rollups.ts).
 *
 * Layout (version 1 of the encoding; the layout and the version byte change together, because
 * every stored blob depends on it):
 *   bucket 0                  [0, 100 µs)
 *   buckets 1 … COUNT − 2     log-scale from 100 µs, 8 buckets per doubling (~9 % wide each);
 *                             the last of them ends at 120 s
 *   bucket COUNT − 1          overflow, everything ≥ 120 s
 * Bucket bounds are whole microseconds, so an integer latency falls in exactly one bucket.
 */

/** Upper bound of bucket 0, and the lower bound of the log-scale buckets, in microseconds. */
export const HISTOGRAM_BASE_US = 100;
/** Log-scale buckets per doubling of latency: each bucket is 2^(1/8) ≈ 1.09 times wider. */
export const HISTOGRAM_BUCKETS_PER_DOUBLING = 8;
/** Latencies at or above this (120 s) all land in the overflow bucket. */
export const HISTOGRAM_MAX_US = 120_000_000;

const LOG_BUCKET_COUNT = Math.ceil(
  HISTOGRAM_BUCKETS_PER_DOUBLING * Math.log2(HISTOGRAM_MAX_US / HISTOGRAM_BASE_US),
);
/** Bucket 0, the log-scale buckets, and the overflow bucket (164 in layout v1). */
export const HISTOGRAM_BUCKET_COUNT = LOG_BUCKET_COUNT + 2;
const OVERFLOW_INDEX = HISTOGRAM_BUCKET_COUNT - 1;

/** Version byte at the start of every encoded histogram. */
export const HISTOGRAM_ENCODING_VERSION = 1;

/**
 * BOUNDS_US[i] is the inclusive lower bound of bucket i, BOUNDS_US[i + 1] its exclusive upper
 * bound. Rounded to whole microseconds once, here, so that the layout is a table and not a
 * floating-point computation repeated on every add.
 */
const BOUNDS_US = new Float64Array(HISTOGRAM_BUCKET_COUNT + 1);
BOUNDS_US[0] = 0;
for (let i = 1; i <= LOG_BUCKET_COUNT; i++) {
  BOUNDS_US[i] = Math.round(HISTOGRAM_BASE_US * 2 ** ((i - 1) / HISTOGRAM_BUCKETS_PER_DOUBLING));
}
BOUNDS_US[OVERFLOW_INDEX] = HISTOGRAM_MAX_US;
BOUNDS_US[HISTOGRAM_BUCKET_COUNT] = Infinity;

/** The bucket a latency in microseconds falls into. Throws for negative or NaN latencies. */
export function bucketIndex(us: number): number {
  if (!(us >= 0)) throw new RangeError(`latency must be a non-negative number of microseconds, got ${us}`);
  if (us < HISTOGRAM_BASE_US) return 0;
  if (us >= HISTOGRAM_MAX_US) return OVERFLOW_INDEX;
  // Estimate from the logarithm, then correct against the rounded table.
  let i = 1 + Math.floor(HISTOGRAM_BUCKETS_PER_DOUBLING * Math.log2(us / HISTOGRAM_BASE_US));
  if (i > LOG_BUCKET_COUNT) i = LOG_BUCKET_COUNT;
  while (us < BOUNDS_US[i]) i--;
  while (us >= BOUNDS_US[i + 1]) i++;
  return i;
}

/** Bounds of bucket i in microseconds: lowUs inclusive, highUs exclusive (Infinity for overflow). */
export function bucketBounds(i: number): { lowUs: number; highUs: number } {
  if (!Number.isInteger(i) || i < 0 || i >= HISTOGRAM_BUCKET_COUNT) {
    throw new RangeError(`bucket index must be an integer from 0 to ${HISTOGRAM_BUCKET_COUNT - 1}, got ${i}`);
  }
  return { lowUs: BOUNDS_US[i], highUs: BOUNDS_US[i + 1] };
}

/**
 * The value a percentile falling into bucket i reports: the geometric midpoint of a log-scale
 * bucket (its error is symmetric in ratio, ≤ ~4.5 %), the middle of bucket 0, and the 120 s
 * floor of the overflow bucket, since nothing is known about how far above it a value was.
 */
function representativeUs(i: number): number {
  if (i === 0) return HISTOGRAM_BASE_US / 2;
  if (i === OVERFLOW_INDEX) return HISTOGRAM_MAX_US;
  const low = BOUNDS_US[i];
  const high = BOUNDS_US[i + 1];
  return Math.min(high - 1, Math.max(low, Math.round(Math.sqrt(low * high))));
}

/** Thrown when a stored histogram blob cannot be read; the message says what is wrong with it. */
export class HistogramDecodeError extends Error {
  constructor(message: string) {
    super(`cannot decode latency histogram: ${message}`);
    this.name = "HistogramDecodeError";
  }
}

export class LatencyHistogram {
  /**
   * Dense counts per bucket, index = bucket. Read freely; change only through add and merge,
   * which keep `total` in step. Float64 holds exact integers up to 2^53, far beyond any count.
   */
  readonly counts = new Float64Array(HISTOGRAM_BUCKET_COUNT);
  /** Number of latencies recorded. */
  total = 0;

  /** Records n latencies of `us` microseconds. */
  add(us: number, n = 1): this {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`count must be a non-negative integer, got ${n}`);
    this.counts[bucketIndex(us)] += n;
    this.total += n;
    return this;
  }

  /** Adds every count of `other` into this histogram. */
  merge(other: LatencyHistogram): this {
    const mine = this.counts;
    const theirs = other.counts;
    for (let i = 0; i < HISTOGRAM_BUCKET_COUNT; i++) mine[i] += theirs[i];
    this.total += other.total;
    return this;
  }

  /**
   * Nearest-rank percentile, p from 0 to 100: the representative value of the bucket that holds
   * the ⌈p/100 · total⌉-th smallest latency (p = 0 gives the smallest). That bucket is always
   * the one holding the exact nearest-rank value, so the answer is off by at most the bucket's
   * width (~9 %), or is the 120 s floor for the overflow bucket. Undefined without data.
   */
  percentile(p: number): number | undefined {
    if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, got ${p}`);
    if (this.total === 0) return undefined;
    const rank = nearestRank(p, this.total);
    let seen = 0;
    for (let i = 0; i < HISTOGRAM_BUCKET_COUNT; i++) {
      seen += this.counts[i];
      if (seen >= rank) return representativeUs(i);
    }
    return representativeUs(OVERFLOW_INDEX); // unreachable while total equals the sum of counts
  }

  /**
   * Compact sparse form for a BLOB column: the version byte, then for each non-empty bucket in
   * order a pair of unsigned LEB128 varints (buckets skipped since the previous one, count).
   * An empty histogram is the single version byte; a typical hour is a few dozen bytes.
   */
  encode(): Buffer {
    const counts = this.counts;
    let size = 1;
    let previous = -1;
    for (let i = 0; i < HISTOGRAM_BUCKET_COUNT; i++) {
      if (counts[i] === 0) continue;
      size += varintSize(i - previous - 1) + varintSize(counts[i]);
      previous = i;
    }
    const out = Buffer.allocUnsafe(size);
    out[0] = HISTOGRAM_ENCODING_VERSION;
    let pos = 1;
    previous = -1;
    for (let i = 0; i < HISTOGRAM_BUCKET_COUNT; i++) {
      if (counts[i] === 0) continue;
      pos = writeVarint(out, pos, i - previous - 1);
      pos = writeVarint(out, pos, counts[i]);
      previous = i;
    }
    return out;
  }

  /** Adds the counts of an encoded histogram (what encode wrote; null adds nothing) without decoding it apart. */
  addEncoded(blob: Buffer | Uint8Array | ArrayBuffer | null): this {
    if (blob !== null) decodeInto(this, blob);
    return this;
  }

  /** Reads what encode wrote. null (a missing row's blob) is an empty histogram. */
  static decode(blob: Buffer | Uint8Array | ArrayBuffer | null): LatencyHistogram {
    const histogram = new LatencyHistogram();
    if (blob !== null) decodeInto(histogram, blob);
    return histogram;
  }
}

/** Merges encoded rows, as SQL returns them, into one histogram without decoding each apart. */
export function mergeEncoded(blobs: Iterable<Buffer | Uint8Array | ArrayBuffer | null>): LatencyHistogram {
  const histogram = new LatencyHistogram();
  let row = 0;
  for (const blob of blobs) {
    if (blob !== null) {
      try {
        decodeInto(histogram, blob);
      } catch (error) {
        if (error instanceof HistogramDecodeError) {
          throw new HistogramDecodeError(`row ${row}: ${error.message.replace(/^cannot decode latency histogram: /, "")}`);
        }
        throw error;
      }
    }
    row++;
  }
  return histogram;
}

/** ⌈p/100 · total⌉, at least 1, without 95/100·100 = 95.00000000000001 turning into rank 96. */
function nearestRank(p: number, total: number): number {
  const exact = (p * total) / 100;
  const nearest = Math.round(exact);
  const rank = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact);
  return Math.max(1, rank);
}

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

// Arithmetic rather than bit shifts: counts may exceed 32 bits.
function writeVarint(out: Uint8Array, pos: number, n: number): number {
  while (n >= 0x80) {
    out[pos++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  out[pos++] = n;
  return pos;
}

/** 8 varint bytes carry 56 bits, enough for any safe integer. */
const MAX_VARINT_BYTES = 8;

function decodeInto(histogram: LatencyHistogram, blob: Buffer | Uint8Array | ArrayBuffer): void {
  let bytes: Uint8Array;
  if (blob instanceof Uint8Array) bytes = blob;
  else if (blob instanceof ArrayBuffer) bytes = new Uint8Array(blob);
  else {
    const got = blob === undefined ? "undefined" : typeof blob === "object" ? (blob as object).constructor?.name : typeof blob;
    throw new HistogramDecodeError(`expected a Buffer, Uint8Array or ArrayBuffer, got ${got}`);
  }
  if (bytes.length === 0) throw new HistogramDecodeError("the blob is empty; even an empty histogram has a version byte");
  if (bytes[0] !== HISTOGRAM_ENCODING_VERSION) {
    throw new HistogramDecodeError(
      `unknown encoding version ${bytes[0]} (this code reads version ${HISTOGRAM_ENCODING_VERSION}); ` +
        "the blob is corrupt or was written by newer code",
    );
  }
  const counts = histogram.counts;
  const end = bytes.length;
  let pos = 1;
  let index = -1;
  let added = 0;
  while (pos < end) {
    // Two varints: buckets skipped, then the count.
    for (let field = 0; field < 2; field++) {
      let value = 0;
      let scale = 1;
      let length = 0;
      for (;;) {
        if (pos >= end) {
          throw new HistogramDecodeError(
            field === 0 ? `truncated varint at byte ${pos}` : `bucket ${index} has no count (truncated at byte ${pos})`,
          );
        }
        const byte = bytes[pos++];
        value += (byte & 0x7f) * scale;
        if (byte < 0x80) break;
        scale *= 0x80;
        if (++length >= MAX_VARINT_BYTES) throw new HistogramDecodeError(`varint longer than ${MAX_VARINT_BYTES} bytes at byte ${pos}`);
      }
      if (field === 0) {
        index += value + 1;
        if (index >= HISTOGRAM_BUCKET_COUNT) {
          throw new HistogramDecodeError(`bucket index ${index} is out of range (the layout has ${HISTOGRAM_BUCKET_COUNT} buckets)`);
        }
      } else {
        if (value === 0 || value > Number.MAX_SAFE_INTEGER) {
          throw new HistogramDecodeError(`bucket ${index} has an invalid count ${value}`);
        }
        counts[index] += value;
        added += value;
      }
    }
  }
  histogram.total += added;
}
