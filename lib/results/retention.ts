import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { readCursor, RESULTS_CURSOR } from "../db/cursors";
import { INGESTED_BATCH_RETENTION_MS } from "../probes/ingest";
import { pruneAuthRows } from "../auth/users";
import { AUDIT_LOG_RETENTION_MS } from "../audit/log";

/** Raw results are kept this long; older history lives on in the rollups. */
export const RAW_RESULT_RETENTION_MS = 14 * 86_400_000;
/** Hourly rollups serve windows up to 30 days; daily rollups are kept for good. */
export const HOURLY_ROLLUP_RETENTION_MS = 35 * 86_400_000;
/** Rows deleted per statement, so a cleanup never holds the write lock for long. */
const DELETE_CHUNK = 5_000;

/**
 * Deletes expired raw results (only ones the coordinator has already folded into rollups)
 * and expired hourly rollups, a chunk at a time, then stale sign-in throttles and expired
 * sessions, and audit entries past AUDIT_LOG_RETENTION_MS. Returns the rows deleted.
 */
export async function applyRetention(
  db: Db,
  now = Date.now(),
  rawRetentionMs = RAW_RESULT_RETENTION_MS,
  hourlyRetentionMs = HOURLY_ROLLUP_RETENTION_MS,
  maxChunks = 20,
): Promise<number> {
  const cursor = await readCursor(db, RESULTS_CURSOR);
  let deleted = 0;
  for (let i = 0; i < maxChunks; i++) {
    const res = await db.run(sql`DELETE FROM check_results WHERE id IN (
      SELECT id FROM check_results WHERE id <= ${cursor} AND started_at < ${now - rawRetentionMs} ORDER BY id LIMIT ${DELETE_CHUNK})`);
    deleted += res.rowsAffected;
    if (res.rowsAffected < DELETE_CHUNK) break;
  }
  const res = await db.run(sql`DELETE FROM rollups_hourly WHERE bucket_start < ${now - hourlyRetentionMs}`);
  const batches = await db.run(sql`DELETE FROM ingested_batches WHERE received_at < ${now - INGESTED_BATCH_RETENTION_MS}`);
  const auth = await pruneAuthRows(db, now);
  const audit = await db.run(sql`DELETE FROM audit_log WHERE at < ${now - AUDIT_LOG_RETENTION_MS}`);
  return deleted + res.rowsAffected + batches.rowsAffected + auth + audit.rowsAffected;
}
