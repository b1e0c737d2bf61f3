/**
 * How long each kind of data is kept (status.config.yaml `retention:`, stored in the settings
 * table by config sync), and the pruning the coordinator runs every few minutes: small chunks,
 * a yield between them so probes' writes interleave, a time budget per pass, then a WAL
 * checkpoint and freeing pages in steps (lib/db/maintenance.ts).
 */
import type { InStatement } from "@libsql/client";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { settings } from "../db/schema";
import { cursorStatement, foldedThrough, readCursor } from "../db/cursors";
import { checkpointWal, releaseFreePages, type CheckpointResult } from "../db/maintenance";
import { INGESTED_BATCH_RETENTION_MS } from "../probes/ingest";
import { pruneAuthRows } from "../auth/users";
import { DEFAULT_RETENTION, THIN_HOURLY_AFTER_MS, type RetentionPolicy } from "./retention-policy";
import { PACK_AFTER_MS, PACKABLE_WHERE, PACKED_COLUMNS, packRows, type PackRow } from "./blocks";
import { HOUR_MS, hourStartUtc } from "../uptime/uptime";

const SETTINGS_KEY = "retention";

export async function readRetention(db: Db): Promise<RetentionPolicy> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTINGS_KEY));
  return { ...DEFAULT_RETENTION, ...(row?.value as Partial<RetentionPolicy> | undefined) };
}

/** The statement that stores the policy (run in the config sync's batch). */
export function writeRetention(db: Db, policy: RetentionPolicy) {
  return db.insert(settings).values({ key: SETTINGS_KEY, value: policy }).onConflictDoUpdate({ target: settings.key, set: { value: policy } });
}

/** Rows deleted per statement, so a statement never holds the write lock for long. */
export const PRUNE_CHUNK_ROWS = 2_000;
/** Monitors whose expired rollups are deleted per statement (by primary key, monitor first). */
const MONITORS_PER_STATEMENT = 50;
/** Hourly rollups are thinned this many hours of buckets per statement (a day: 50 monitors × 24 × regions rows). */
const THIN_STEP_MS = 86_400_000;
/** Hourly buckets before this position are thinned (see THIN_HOURLY_AFTER_MS). */
export const THINNED_HOURLY_CURSOR = "retention.hourly_thinned";
/** The region_id of a thinned hourly row: the monitor's regions together. */
export const ALL_REGIONS = 0;
/** Hours before this position have been packed (lib/results/blocks.ts). */
export const PACKED_HOUR_CURSOR = "retention.packed_hour";
/** Results up to this id were looked at for packing: a later (late) one for a packed hour is merged into its block. */
export const PACKED_ID_CURSOR = "retention.packed_id";
/** Monitors whose hour of results is packed per statement (10 × 3 regions × 60 results: about PRUNE_CHUNK_ROWS). */
const MONITORS_PER_PACK = 10;
/** Ids scanned per statement for late results to merge into packed hours. */
const LATE_SCAN_IDS = 20_000;
/** A pass stops after this much work; the next one picks up where it left off. */
export const PRUNE_BUDGET_MS = 2_000;

export interface PruneOptions {
  policy?: RetentionPolicy;
  /** Results are packed once this old (PACK_AFTER_MS); null packs none. */
  packAfterMs?: number | null;
  budgetMs?: number;
  chunkRows?: number;
}

export interface RetentionReport {
  /** Rows deleted, by table. */
  deleted: Record<string, number>;
  /** Hourly rollup rows thinned to their counts and latency sum. */
  thinned: number;
  /** Results packed into blocks (check_result_blocks). */
  packed: number;
  /** Whether the pass stopped at its budget with work left (the coordinator comes back soon). */
  more: boolean;
  /** The longest single statement, in ms: how long a probe's write could have waited. */
  longestStatementMs: number;
  /** What that statement was: a table's delete, "checkpoint" or "sign_in". */
  longestStatement?: string;
  checkpoint: CheckpointResult | null;
  pagesFreed: number;
}

const yieldToWriters = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Deletes what the policy no longer keeps: raw results (only ones the coordinator has folded
 * into rollups, oldest id first, while the oldest is expired), hourly and daily rollups and state
 * time (and thins hourly rollups past THIN_HOURLY_AFTER_MS to their counts), finished
 * deliveries of resolved alerts, audit entries, sign-in rows, and remembered probe batch ids.
 */
export async function applyRetention(db: Db, now = Date.now(), opts: PruneOptions = {}): Promise<RetentionReport> {
  const policy = opts.policy ?? (await readRetention(db));
  const chunk = opts.chunkRows ?? PRUNE_CHUNK_ROWS;
  const deadline = performance.now() + (opts.budgetMs ?? PRUNE_BUDGET_MS);
  const report: RetentionReport = { deleted: {}, thinned: 0, packed: 0, more: false, longestStatementMs: 0, checkpoint: null, pagesFreed: 0 };
  const timed = async <T>(work: () => Promise<T>, what: string): Promise<T> => {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      const ms = performance.now() - t0;
      if (ms > report.longestStatementMs) Object.assign(report, { longestStatementMs: ms, longestStatement: what });
    }
  };
  const more = async () => {
    await yieldToWriters();
    if (performance.now() < deadline) return true;
    report.more = true;
    return false;
  };
  /** Runs `step` (returning the rows it deleted) until `done` says so or time is up. */
  const drain = async (table: string, step: () => Promise<number>, done = (n: number) => n < chunk) => {
    report.deleted[table] = 0;
    while (!report.more) {
      const n = await timed(step, table);
      report.deleted[table] += n;
      if (done(n) || !(await more())) return;
    }
  };

  // Both folds (states, rollups) must be past a row before it goes.
  const cursor = await foldedThrough(db);
  // The oldest rows by id: a bounded scan, where a "WHERE started_at < x" would read the whole
  // table once nothing is left to delete; by rows, not an id range, as packing leaves the old ids
  // sparse. A late result older than a younger one waits until that one expires. The newest row
  // stays (see packResults: its id would be handed out again).
  const rawCutoff = now - policy.rawMs;
  await drain(
    "check_results",
    async () =>
      (await db.$client.execute({
        sql: `DELETE FROM check_results WHERE id IN (SELECT id FROM check_results ORDER BY id LIMIT ?) AND id <= ? AND started_at < ?
          AND id < (SELECT max(id) FROM check_results)`,
        args: [chunk, cursor, rawCutoff],
      })).rowsAffected,
    (n) => n === 0,
  );
  const monitorIds = (await db.all<{ id: number }>(sql`SELECT id FROM monitors ORDER BY id`)).map((m) => m.id);
  // State time (lib/uptime/state-time.ts) serves the same windows as the rollups of its size.
  // A block of packed results goes once its whole hour is past the raw window.
  const byBucket = [
    ["check_result_blocks", "hour_start", policy.rawMs + HOUR_MS],
    ["rollups_hourly", "bucket_start", policy.hourlyMs],
    ["state_time_hourly", "bucket_start", policy.hourlyMs],
    ["rollups_daily", "bucket_start", policy.dailyMs],
    ["state_time_daily", "bucket_start", policy.dailyMs],
  ] as const;
  for (const [table, column, keepMs] of byBucket) {
    if (keepMs === null) continue;
    report.deleted[table] = 0;
    // By primary key (monitor, bucket): the tables have no index on time alone.
    for (let i = 0; i < monitorIds.length && !report.more; i += MONITORS_PER_STATEMENT) {
      const ids = JSON.stringify(monitorIds.slice(i, i + MONITORS_PER_STATEMENT));
      const res = await timed(() => db.run(sql`DELETE FROM ${sql.raw(table)} WHERE monitor_id IN (SELECT value FROM json_each(${ids})) AND ${sql.raw(column)} < ${now - keepMs}`), table);
      report.deleted[table] += res.rowsAffected;
      if (i + MONITORS_PER_STATEMENT < monitorIds.length) await more();
    }
  }
  // Thinning: a day of hourly buckets at a time, from where the last pass got to (the oldest
  // hourly row the first time), monitor by monitor; the cursor moves once a day's step is whole.
  const thinTo = now - THIN_HOURLY_AFTER_MS;
  let thinFrom = (await readCursor(db, THINNED_HOURLY_CURSOR)) || Number((await db.all<{ at: number | null }>(sql`SELECT min((SELECT min(bucket_start) FROM rollups_hourly r WHERE r.monitor_id = m.id)) AS at FROM monitors m`))[0]?.at ?? thinTo);
  while (thinFrom < thinTo && !report.more) {
    const to = Math.min(thinFrom + THIN_STEP_MS, thinTo);
    for (let i = 0; i < monitorIds.length && !report.more; i += MONITORS_PER_STATEMENT) {
      const ids = JSON.stringify(monitorIds.slice(i, i + MONITORS_PER_STATEMENT));
      // One row per monitor and hour (region 0: all regions) replaces the regions' rows; a late
      // result folded in afterwards adds a region's row again, and the sums stay exact.
      const thinned = sql`monitor_id IN (SELECT value FROM json_each(${ids})) AND bucket_start >= ${thinFrom} AND bucket_start < ${to} AND histogram IS NOT NULL`;
      const [, res] = await timed(() => db.batch([
        db.run(sql`INSERT INTO rollups_hourly (monitor_id, region_id, bucket_start, total, down, degraded, latency_sum_us, dns_sum_us, connect_sum_us, tls_sum_us, first_byte_sum_us, transfer_sum_us, histogram)
          SELECT monitor_id, ${ALL_REGIONS}, bucket_start, sum(total), sum(down), sum(degraded), sum(latency_sum_us), NULL, NULL, NULL, NULL, NULL, NULL FROM rollups_hourly WHERE ${thinned} GROUP BY monitor_id, bucket_start
          ON CONFLICT (monitor_id, bucket_start, region_id) DO UPDATE SET total = total + excluded.total, down = down + excluded.down, degraded = degraded + excluded.degraded, latency_sum_us = latency_sum_us + excluded.latency_sum_us`),
        db.run(sql`DELETE FROM rollups_hourly WHERE ${thinned}`),
      ]), "rollups_hourly thinning");
      report.thinned += res.rowsAffected;
      if (i + MONITORS_PER_STATEMENT < monitorIds.length) await more();
    }
    if (report.more) break;
    await db.$client.execute(cursorStatement(THINNED_HOURLY_CURSOR, to));
    thinFrom = to;
    if (!(await more())) break;
  }
  // Deliveries of an alert still open stay: the escalation reads their keys to know a step went out.
  await drain("notification_outbox", async () => {
    const expired = `SELECT o.id FROM notification_outbox o WHERE o.created_at < ? AND o.status <> 'pending'
      AND (o.alert_id IS NULL OR EXISTS (SELECT 1 FROM alerts a WHERE a.id = o.alert_id AND a.resolved_at IS NOT NULL)) ORDER BY o.created_at LIMIT ?`;
    const args = [now - policy.deliveriesMs, chunk];
    const [, outbox] = await db.$client.batch(
      [
        { sql: `DELETE FROM notification_attempts WHERE outbox_id IN (${expired})`, args },
        { sql: `DELETE FROM notification_outbox WHERE id IN (${expired})`, args },
      ],
      "write",
    );
    return outbox.rowsAffected;
  });
  await drain("audit_log", async () => (await db.run(sql`DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE at < ${now - policy.auditMs} ORDER BY at LIMIT ${chunk})`)).rowsAffected);
  report.deleted.ingested_batches = (await timed(() => db.run(sql`DELETE FROM ingested_batches WHERE received_at < ${now - INGESTED_BATCH_RETENTION_MS}`), "ingested_batches")).rowsAffected;
  report.deleted.sign_in = await timed(() => pruneAuthRows(db, now, policy.loginsMs), "sign_in");

  const packAfterMs = opts.packAfterMs === undefined ? PACK_AFTER_MS : opts.packAfterMs;
  if (packAfterMs !== null && !report.more) await packResults(db, cursor, hourStartUtc(now - packAfterMs), monitorIds, { timed, more, report });

  report.checkpoint = await timed(() => checkpointWal(db), "checkpoint");
  report.pagesFreed = await releaseFreePages(db, async () => {
    report.checkpoint = await checkpointWal(db);
    return more();
  });
  return report;
}

/**
 * Packs folded results (ids up to the coordinator's `cursor`) of whole hours before `packTo` into blocks: first
 * late results appended since the last pass for hours already packed (merged into their
 * blocks), then hour by hour from where the last pass got to, MONITORS_PER_PACK monitors a
 * statement. The newest row is never packed: check_results has no AUTOINCREMENT, so deleting it
 * would hand its id to the next result while a block still holds it.
 */
async function packResults(
  db: Db,
  cursor: number,
  packTo: number,
  monitorIds: number[],
  pass: { timed: <T>(work: () => Promise<T>, what: string) => Promise<T>; more: () => Promise<boolean>; report: RetentionReport },
) {
  const { timed, more, report } = pass;
  // Timed: the write transaction only (reading and encoding the blocks holds no lock).
  const packWrite = (statements: InStatement[]) => timed(() => db.$client.batch(statements, "write"), "check_results packing");
  // Never past the newest row (a cursor set beyond it scans nothing more).
  const [{ top }] = await db.all<{ top: number | null }>(sql`SELECT max(id) AS top FROM check_results`);
  const folded = Math.min(cursor, Number(top ?? 0));
  const select = (where: string) => `SELECT json_group_array(json_array(${PACKED_COLUMNS})) FROM check_results WHERE ${where} AND ${PACKABLE_WHERE}
    AND id <= ? AND id < (SELECT max(id) FROM check_results)`;
  const rowsOf = async (where: string, args: (number | string)[]) => JSON.parse(String((await db.$client.execute({ sql: select(where), args: [...args, folded] })).rows[0][0])) as PackRow[];
  let packedHour = await readCursor(db, PACKED_HOUR_CURSOR);
  let packedId = await readCursor(db, PACKED_ID_CURSOR);
  if (packedHour === 0) {
    // The first pass: the hour sweep below reads every id, so no late scan is needed up to here.
    const [row] = await db.all<{ at: number | null }>(sql`SELECT min((SELECT min(started_at) FROM check_results r WHERE r.monitor_id = m.id)) AS at FROM monitors m`);
    packedHour = Math.min(packTo, hourStartUtc(Number(row?.at ?? packTo)));
    packedId = folded;
    await db.$client.batch([cursorStatement(PACKED_HOUR_CURSOR, packedHour), cursorStatement(PACKED_ID_CURSOR, packedId)], "write");
  }
  // Late results: appended after the last pass, for an hour that pass had packed already.
  while (packedId < folded && !report.more) {
    const to = Math.min(folded, packedId + LATE_SCAN_IDS);
    const rows = await rowsOf("id > ? AND id <= ? AND started_at < ?", [packedId, to, packedHour]);
    report.packed += await packRows(db, rows, [cursorStatement(PACKED_ID_CURSOR, to)], packWrite);
    packedId = to;
    if (!(await more())) return;
  }
  while (packedHour < packTo && !report.more) {
    for (let i = 0; i < monitorIds.length && !report.more; i += MONITORS_PER_PACK) {
      const ids = JSON.stringify(monitorIds.slice(i, i + MONITORS_PER_PACK));
      const rows = await rowsOf("monitor_id IN (SELECT value FROM json_each(?)) AND started_at >= ? AND started_at < ?", [ids, packedHour, packedHour + HOUR_MS]);
      report.packed += await packRows(db, rows, [], packWrite);
      if (i + MONITORS_PER_PACK < monitorIds.length) await more();
    }
    if (report.more) return;
    packedHour += HOUR_MS;
    await db.$client.execute(cursorStatement(PACKED_HOUR_CURSOR, packedHour));
    if (!(await more())) return;
  }
}

/** All rows a report deleted. */
export const deletedRows = (report: RetentionReport): number => Object.values(report.deleted).reduce((a, b) => a + b, 0);
