/**
 * Packed results: a monitor's successful and degraded checks from one region in one hour as one
 * blob (check_result_blocks), once they are older than PACK_AFTER_MS. Failed checks, and any
 * check that carries words or evidence (message, error class, assertions, response), stay rows
 * of check_results. Every value is kept exactly (ids too, so (startedAt, id) cursors and the
 * ids shown stay the same); readers get rows and blocks as one list from the readers below.
 *
 * Layout: a version byte (1 plain, 2 deflated), then the result count and one record per result
 * in id order: id and start time as deltas of deltas (a steady interval costs a byte), a flags
 * byte (status; whether the status code, certificate expiry or the set of NULL fields changed),
 * the values that changed, then total and each present phase duration. Signed values are
 * zigzag varints, exact up to 2^53.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import type { InStatement } from "@libsql/client";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { HOUR_MS, hourStartUtc } from "../uptime/uptime";
import type { CheckResultRow } from "./store";

/**
 * Results are packed once they started this long ago. A day: the readers of the newest results
 * (certificate expiry over the last 24 h, the default 24 h chart, the status page's newest rows,
 * the fold, the probes' second opinion on failures) then read full rows only (README "Retention").
 */
export const PACK_AFTER_MS = 24 * HOUR_MS;

/** What a block keeps of a result; the rest of a packed row is NULL. */
export type PackedResult = Pick<
  CheckResultRow,
  "id" | "startedAt" | "status" | "statusCode" | "totalUs" | "dnsUs" | "connectUs" | "tlsUs" | "firstByteUs" | "transferUs" | "tlsExpiresAt"
>;

const PLAIN = 1;
const DEFLATED = 2;
const PHASES = ["dnsUs", "connectUs", "tlsUs", "firstByteUs", "transferUs"] as const;
/** Bits of the NULL mask: the five phases, then status code and certificate expiry. */
const CODE_NULL = 1 << 5;
const TLS_NULL = 1 << 6;
const CODE_CHANGED = 1 << 2;
const TLS_CHANGED = 1 << 3;
const MASK_CHANGED = 1 << 4;

/** Results a block can hold exactly: status up or degraded, integer values (SQLite could hold a REAL). */
export function isPackable(r: PackedResult): boolean {
  const ints = [r.id, r.startedAt, r.totalUs, r.statusCode, r.tlsExpiresAt, ...PHASES.map((p) => r[p])];
  return (r.status === 0 || r.status === 1) && ints.every((v) => v === null || Number.isSafeInteger(v));
}

class Writer {
  bytes: number[] = [];
  uint(v: number) {
    while (v >= 128) {
      this.bytes.push((v % 128) + 128);
      v = Math.floor(v / 128);
    }
    this.bytes.push(v);
  }
  int(v: number) {
    this.uint(v >= 0 ? v * 2 : -v * 2 - 1);
  }
}

class Reader {
  at = 0;
  constructor(private readonly buf: Uint8Array) {}
  uint() {
    let v = 0;
    for (let scale = 1; ; scale *= 128) {
      if (this.at >= this.buf.length) throw new Error("check result block ends early");
      const b = this.buf[this.at++];
      v += (b % 128) * scale;
      if (b < 128) return v;
    }
  }
  int() {
    const z = this.uint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }
}

/** The blob for one hour's results (ids unique); deflated when that is smaller. */
export function encodeBlock(hourStart: number, results: PackedResult[]): Buffer {
  const w = new Writer();
  const sorted = [...results].sort((a, b) => a.id - b.id);
  w.uint(sorted.length);
  let prev = { id: 0, idDelta: 0, startedAt: hourStart, startDelta: 0, code: null as number | null, tls: null as number | null, mask: -1 };
  for (const r of sorted) {
    const idDelta = r.id - prev.id;
    const startDelta = r.startedAt - prev.startedAt;
    let mask = (r.statusCode === null ? CODE_NULL : 0) | (r.tlsExpiresAt === null ? TLS_NULL : 0);
    PHASES.forEach((p, i) => (mask |= r[p] === null ? 1 << i : 0));
    const flags = r.status | (r.statusCode !== prev.code ? CODE_CHANGED : 0) | (r.tlsExpiresAt !== prev.tls ? TLS_CHANGED : 0) | (mask !== prev.mask ? MASK_CHANGED : 0);
    w.int(idDelta - prev.idDelta);
    w.int(startDelta - prev.startDelta);
    w.uint(flags);
    if (flags & MASK_CHANGED) w.uint(mask);
    if (flags & CODE_CHANGED && r.statusCode !== null) w.int(r.statusCode);
    if (flags & TLS_CHANGED && r.tlsExpiresAt !== null) w.int(r.tlsExpiresAt);
    w.int(r.totalUs);
    for (const p of PHASES) if (r[p] !== null) w.int(r[p]);
    prev = { id: r.id, idDelta, startedAt: r.startedAt, startDelta, code: r.statusCode, tls: r.tlsExpiresAt, mask };
  }
  const plain = Buffer.from(w.bytes);
  const deflated = deflateRawSync(plain);
  return deflated.length < plain.length ? Buffer.concat([Buffer.of(DEFLATED), deflated]) : Buffer.concat([Buffer.of(PLAIN), plain]);
}

/** The results of a blob, in id order. */
export function decodeBlock(hourStart: number, blob: Uint8Array): PackedResult[] {
  const body = blob[0] === DEFLATED ? inflateRawSync(blob.subarray(1)) : blob[0] === PLAIN ? blob.subarray(1) : null;
  if (!body) throw new Error(`check result block of an unknown version ${blob[0]}`);
  const r = new Reader(body);
  const out: PackedResult[] = [];
  let prev = { id: 0, idDelta: 0, startedAt: hourStart, startDelta: 0, code: null as number | null, tls: null as number | null, mask: 0 };
  for (let n = r.uint(); n > 0; n--) {
    const idDelta = prev.idDelta + r.int();
    const startDelta = prev.startDelta + r.int();
    const flags = r.uint();
    const mask = flags & MASK_CHANGED ? r.uint() : prev.mask;
    const code = flags & CODE_CHANGED ? (mask & CODE_NULL ? null : r.int()) : prev.code;
    const tls = flags & TLS_CHANGED ? (mask & TLS_NULL ? null : r.int()) : prev.tls;
    const result: PackedResult = { id: prev.id + idDelta, startedAt: prev.startedAt + startDelta, status: flags & 3, statusCode: code, totalUs: r.int(), dnsUs: null, connectUs: null, tlsUs: null, firstByteUs: null, transferUs: null, tlsExpiresAt: tls };
    PHASES.forEach((p, i) => (result[p] = mask & (1 << i) ? null : r.int()));
    out.push(result);
    prev = { id: result.id, idDelta, startedAt: result.startedAt, startDelta, code, tls, mask };
  }
  return out;
}

/** The columns of check_results a block keeps, for a SELECT of rows to pack. */
export const PACKED_COLUMNS = "id, monitor_id, region_id, started_at, status, status_code, total_us, dns_us, connect_us, tls_us, first_byte_us, transfer_us, tls_expires_at";
/** Rows a block may take: up or degraded, with no words or evidence to keep. */
export const PACKABLE_WHERE = "status < 2 AND error_class IS NULL AND message IS NULL AND assertions IS NULL AND response_headers IS NULL AND response_body IS NULL";

/** A row selected with PACKED_COLUMNS, as the JSON array `json_array(...)` gives it. */
export type PackRow = [number, number, number, number, number, number | null, number, number | null, number | null, number | null, number | null, number | null, number | null];

/**
 * Packs rows (selected with PACKED_COLUMNS) into their blocks, merging with what a block already
 * holds (a late result for a packed hour), and deletes the rows, with `extra` statements (a
 * cursor): one write transaction (run by `write`), so a reader sees each result once. Rows a
 * block cannot hold exactly stay rows. Returns the rows packed.
 */
export async function packRows(
  db: Db,
  rows: PackRow[],
  extra: InStatement[] = [],
  write: (statements: InStatement[]) => Promise<unknown> = (statements) => db.$client.batch(statements, "write"),
): Promise<number> {
  const groups = new Map<string, { monitorId: number; hourStart: number; regionId: number; results: PackedResult[] }>();
  const packed: number[] = [];
  for (const [id, monitorId, regionId, startedAt, status, statusCode, totalUs, dnsUs, connectUs, tlsUs, firstByteUs, transferUs, tlsExpiresAt] of rows) {
    const result = { id, startedAt, status, statusCode, totalUs, dnsUs, connectUs, tlsUs, firstByteUs, transferUs, tlsExpiresAt };
    if (!isPackable(result)) continue;
    const hourStart = hourStartUtc(startedAt);
    const key = `${monitorId}:${hourStart}:${regionId}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { monitorId, hourStart, regionId, results: [] }));
    g.results.push(result);
    packed.push(id);
  }
  const writes: InStatement[] = [];
  if (groups.size > 0) {
    const keys = JSON.stringify([...groups.values()].map((g) => [g.monitorId, g.hourStart, g.regionId]));
    const existing = await db.all<{ monitorId: number; hourStart: number; regionId: number; results: ArrayBuffer }>(sql`
      SELECT monitor_id AS monitorId, hour_start AS hourStart, region_id AS regionId, results FROM check_result_blocks
      WHERE (monitor_id, hour_start, region_id) IN (SELECT value->>0, value->>1, value->>2 FROM json_each(${keys}))`);
    for (const b of existing) groups.get(`${b.monitorId}:${b.hourStart}:${b.regionId}`)!.results.push(...decodeBlock(Number(b.hourStart), new Uint8Array(b.results)));
    for (const g of groups.values()) {
      if (new Set(g.results.map((r) => r.id)).size !== g.results.length) throw new Error(`a result packed twice into block ${g.monitorId}/${g.hourStart}/${g.regionId}`);
      writes.push({
        sql: `INSERT INTO check_result_blocks (monitor_id, hour_start, region_id, degraded, results) VALUES (?, ?, ?, ?, ?)
          ON CONFLICT (monitor_id, hour_start, region_id) DO UPDATE SET degraded = excluded.degraded, results = excluded.results`,
        args: [g.monitorId, g.hourStart, g.regionId, g.results.filter((r) => r.status === 1).length, encodeBlock(g.hourStart, g.results)],
      });
    }
    writes.push({ sql: "DELETE FROM check_results WHERE id IN (SELECT value FROM json_each(?))", args: [JSON.stringify(packed)] });
  }
  if (writes.length + extra.length > 0) await write([...writes, ...extra]);
  return packed.length;
}

/** A result as readers see it, packed or not (a packed one has no words or evidence). */
export type StoredResult = CheckResultRow;

const unpacked = (monitorId: number, regionId: number, r: PackedResult): StoredResult => ({
  ...r, monitorId, regionId, errorClass: null, message: null, assertions: null, responseHeaders: null, responseBody: null,
});

/** Newest first, as the monitor page lists and charts them. */
const newestFirst = (a: StoredResult, b: StoredResult) => b.startedAt - a.startedAt || b.id - a.id;

/** Blocks read per statement while looking for the newest results. */
const BLOCKS_PER_READ = 48;

/**
 * A monitor's packed results started in [from, to), block by block, newest hour first (within a
 * block in id order), below the block key `below` ([hour, region]) when given.
 */
async function* packedResults(db: Db, monitorId: number, from: number, to: number, opts: { failedOnly?: boolean; belowHour?: number } = {}): AsyncGenerator<{ hourStart: number; results: StoredResult[] }> {
  // Paged by key (hour, region), so a page that ends inside an hour goes on with its other regions.
  let below: [number, number] = [Math.min(to, opts.belowHour ?? to), -1];
  for (;;) {
    const blocks = await db.all<{ hourStart: number; regionId: number; results: ArrayBuffer }>(sql`
      SELECT hour_start AS hourStart, region_id AS regionId, results FROM check_result_blocks
      WHERE monitor_id = ${monitorId} AND (hour_start, region_id) < (${below[0]}, ${below[1]}) AND hour_start > ${from - HOUR_MS}
        ${opts.failedOnly ? sql`AND degraded > 0` : sql``}
      ORDER BY hour_start DESC, region_id DESC LIMIT ${BLOCKS_PER_READ}`);
    for (const b of blocks) {
      const hourStart = Number(b.hourStart);
      below = [hourStart, Number(b.regionId)];
      const list = decodeBlock(hourStart, new Uint8Array(b.results)).filter((r) => r.startedAt >= from && r.startedAt < to && !(opts.failedOnly && r.status === 0));
      yield { hourStart, results: list.map((r) => unpacked(monitorId, Number(b.regionId), r)) };
    }
    if (blocks.length < BLOCKS_PER_READ) return;
  }
}

/**
 * One monitor's results started in [from, to), newest first by (startedAt, id), `limit` of
 * them below `before` (a (startedAt, id) cursor), failures (status > 0) only when asked: rows
 * and packed blocks together, as if nothing had been packed.
 */
export async function readResultsNewestFirst(
  db: Db,
  monitorId: number,
  opts: { from?: number; to?: number; before?: [number, number] | null; failedOnly?: boolean; limit: number },
): Promise<StoredResult[]> {
  const from = opts.from ?? 0;
  const to = opts.to ?? Number.MAX_SAFE_INTEGER;
  const before = opts.before ?? null;
  const found = await db.all<StoredResult>(sql`
    SELECT ${sql.raw(STORED_COLUMNS)} FROM check_results WHERE monitor_id = ${monitorId} AND started_at >= ${from} AND started_at < ${to}
      ${opts.failedOnly ? sql`AND status > 0` : sql``} ${before ? sql`AND (started_at, id) < (${before[0]}, ${before[1]})` : sql``}
    ORDER BY started_at DESC, id DESC LIMIT ${opts.limit}`);
  for await (const block of packedResults(db, monitorId, from, to, { failedOnly: opts.failedOnly, belowHour: before ? before[0] + 1 : undefined })) {
    // Blocks come newest hour first: once one ends before the limit-th newest so far, no later one can displace it.
    if (found.length >= opts.limit) {
      found.sort(newestFirst);
      if (block.hourStart + HOUR_MS <= found[opts.limit - 1].startedAt) break;
    }
    for (const r of block.results) if (!before || r.startedAt < before[0] || (r.startedAt === before[0] && r.id < before[1])) found.push(r);
  }
  return found.sort(newestFirst).slice(0, opts.limit);
}

/** A monitor's packed results started in [from, to) with ids in [lowId, belowId), any order: for readers of the log by id. */
export async function packedResultsById(db: Db, monitorId: number, from: number, to: number, lowId: number, belowId: number): Promise<StoredResult[]> {
  const out: StoredResult[] = [];
  for await (const block of packedResults(db, monitorId, from, to)) for (const r of block.results) if (r.id >= lowId && r.id < belowId) out.push(r);
  return out;
}

/** check_results' columns under the names of CheckResultRow. */
const STORED_COLUMNS = `id, monitor_id AS monitorId, region_id AS regionId, started_at AS startedAt, status, status_code AS statusCode, error_class AS errorClass,
  message, total_us AS totalUs, dns_us AS dnsUs, connect_us AS connectUs, tls_us AS tlsUs, first_byte_us AS firstByteUs, transfer_us AS transferUs,
  tls_expires_at AS tlsExpiresAt, assertions, response_headers AS responseHeaders, response_body AS responseBody`;
