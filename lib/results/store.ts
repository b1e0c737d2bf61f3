import { and, desc, eq, gte, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { bulkInsert } from "../db/bulk";
import { checkResults } from "../db/schema";
import { packedResultsById } from "./blocks";
import { capUtf8, RESPONSE_BODY_MAX_BYTES, RESPONSE_HEADERS_MAX_BYTES, RESULT_STATUS_CODES, type CheckResult } from "../checks/types";

/**
 * How far ahead of the reader's clock a result's startedAt may be. Probe machines' clocks drift
 * a little (NTP keeps them within milliseconds; a minute is generous). Further ahead, the
 * timestamp is a broken clock or a forged push: the ingest refuses it, and the coordinator
 * ignores it for state and rollups, so no timestamp can bound a loop or keep a monitor "up".
 */
export const MAX_CLOCK_SKEW_MS = 60_000;

/** True when a result claims to start later than `now` plus the allowed clock skew. */
export function isFromTheFuture(startedAt: number, now: number): boolean {
  return startedAt > now + MAX_CLOCK_SKEW_MS;
}

export type CheckResultRow = typeof checkResults.$inferSelect;
export type NewCheckResultRow = typeof checkResults.$inferInsert;

const RESULT_COLUMNS = [
  "monitor_id", "region_id", "started_at", "status", "status_code", "error_class", "message", "total_us",
  "dns_us", "connect_us", "tls_us", "first_byte_us", "transfer_us", "tls_expires_at", "assertions", "response_headers", "response_body",
] as const;

/** A check result as a compact row: NULLs where absent, failed assertions only, the response only when not up (bounded again here). */
export function toResultRow(monitorId: number, regionId: number, r: CheckResult): NewCheckResultRow {
  const failed = r.assertions.some((a) => !a.ok);
  const response = r.status !== "up" ? r.response : undefined;
  return {
    monitorId,
    regionId,
    startedAt: r.startedAt,
    status: RESULT_STATUS_CODES[r.status],
    statusCode: r.statusCode ?? null,
    errorClass: r.errorClass ?? null,
    message: r.status === "up" ? null : (r.message ?? null),
    totalUs: r.totalUs,
    dnsUs: r.phases.dnsUs ?? null,
    connectUs: r.phases.connectUs ?? null,
    tlsUs: r.phases.tlsUs ?? null,
    firstByteUs: r.phases.firstByteUs ?? null,
    transferUs: r.phases.transferUs ?? null,
    tlsExpiresAt: r.tlsExpiresAt ?? null,
    assertions: failed ? JSON.stringify(r.assertions) : null,
    responseHeaders: response ? capUtf8(response.headers, RESPONSE_HEADERS_MAX_BYTES) : null,
    responseBody: response ? capUtf8(response.body, RESPONSE_BODY_MAX_BYTES) : null,
  };
}

/** Appends results in one statement (one write transaction): the probe's hot path. */
export async function insertResults(db: Db, rows: NewCheckResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => [
    r.monitorId, r.regionId, r.startedAt, r.status, r.statusCode ?? null, r.errorClass ?? null, r.message ?? null, r.totalUs,
    r.dnsUs ?? null, r.connectUs ?? null, r.tlsUs ?? null, r.firstByteUs ?? null, r.transferUs ?? null, r.tlsExpiresAt ?? null, r.assertions ?? null,
    r.responseHeaders ?? null, r.responseBody ?? null,
  ]);
  await db.$client.execute(bulkInsert("check_results", [...RESULT_COLUMNS], values));
}

/** What the coordinator's fold reads of a result: state, message and the rollup sums, not the response. */
export type FoldedResultRow = Pick<
  CheckResultRow,
  "id" | "monitorId" | "regionId" | "startedAt" | "status" | "message" | "totalUs" | "dnsUs" | "connectUs" | "tlsUs" | "firstByteUs" | "transferUs"
>;

/**
 * Results appended after `afterId`, oldest first: how the coordinator consumes the log. Raw SQL,
 * only the columns the fold uses, and the rows as one JSON array (one value to hand over instead
 * of thousands of row objects): this read runs for every batch of the ingest. The rollup pass
 * leaves the messages out (`withMessage: false`, message null): it reads ten times more rows at once.
 */
export async function readResultsAfter(db: Db, afterId: number, limit: number, { withMessage = true } = {}): Promise<FoldedResultRow[]> {
  const { rows } = await db.$client.execute({
    sql: `SELECT json_group_array(json_array(id, monitor_id, region_id, started_at, status, ${withMessage ? "message" : "NULL"}, total_us, dns_us, connect_us, tls_us, first_byte_us, transfer_us))
          FROM (SELECT * FROM check_results WHERE id > ? ORDER BY id LIMIT ?)`,
    args: [afterId, limit],
  });
  const list = JSON.parse(String(rows[0][0])) as [number, number, number, number, number, string | null, number, ...(number | null)[]][];
  return list
    .map((r) => ({
      id: r[0],
      monitorId: r[1],
      regionId: r[2],
      startedAt: r[3],
      status: r[4],
      message: r[5],
      totalUs: r[6],
      dnsUs: r[7],
      connectUs: r[8],
      tlsUs: r[9],
      firstByteUs: r[10],
      transferUs: r[11],
    }))
    .sort((x, y) => x.id - y.id);
}

/** Most rows of the log one page of a monitor's results reads (the log has no per-monitor index but for failures). */
export const RESULT_SCAN_ROWS = 20_000;
/**
 * How late a result may be appended after it started: pushed batches up to 7 days
 * (lib/probes/ingest.ts), so below a result older than this the log holds only older ones.
 */
const MAX_APPEND_DELAY_MS = 7 * 86_400_000 + MAX_CLOCK_SKEW_MS;

/**
 * One monitor's results started within [from, to], newest first by id, `limit` at a time below
 * `beforeId`, packed ones too (lib/results/blocks.ts). The log is read by id in bounded slices
 * (RESULT_SCAN_ROWS), so a page may hold fewer rows than asked and still have a next one; `next`
 * is null once no older row can be in range.
 */
export async function readMonitorResults(
  db: Db,
  monitorId: number,
  opts: { beforeId?: number; from: number; to: number; limit: number },
): Promise<{ rows: CheckResultRow[]; next: number | null }> {
  const below = opts.beforeId ?? Number.MAX_SAFE_INTEGER;
  const slice = db.$with("slice").as(
    db.select({ id: checkResults.id, startedAt: checkResults.startedAt }).from(checkResults).where(lt(checkResults.id, below)).orderBy(desc(checkResults.id)).limit(RESULT_SCAN_ROWS),
  );
  const [bounds] = await db
    .with(slice)
    .select({ low: sql<number | null>`min(${slice.id})`, n: sql<number>`count(*)`, oldest: sql<number | null>`min(${slice.startedAt})` })
    .from(slice);
  // The last slice of rows reaches down to id 0: packed results may be older than any row left.
  const last = !bounds || bounds.low === null || Number(bounds.n) < RESULT_SCAN_ROWS;
  const low = last ? 0 : Number(bounds.low);
  const [full, packed] = await Promise.all([
    db
      .select()
      .from(checkResults)
      .where(
        and(
          lt(checkResults.id, below),
          gte(checkResults.id, low),
          eq(checkResults.monitorId, monitorId),
          gte(checkResults.startedAt, opts.from),
          lte(checkResults.startedAt, opts.to),
        ),
      )
      .orderBy(desc(checkResults.id))
      .limit(opts.limit),
    packedResultsById(db, monitorId, opts.from, opts.to + 1, low, below),
  ]);
  const rows = [...full, ...packed].sort((a, b) => b.id - a.id).slice(0, opts.limit);
  if (rows.length === opts.limit) return { rows, next: rows[rows.length - 1].id };
  const exhausted = last || Number(bounds.oldest) < opts.from - MAX_APPEND_DELAY_MS;
  return { rows, next: exhausted ? null : low };
}
