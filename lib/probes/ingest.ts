import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { UserError } from "../errors";
import { ingestedBatches, monitors } from "../db/schema";
import { isProbedType } from "../db/schema/monitors";
import { listActiveMonitors, type MonitorRow } from "../monitors/store";
import { MAX_CLOCK_SKEW_MS } from "../results/store";
import { ensureRegion } from "../regions/store";
import { pulse } from "../workers/pulse";
import { pushedBatchSchema, wireProblem, type Assignments, type IngestOutcome, type PushedResult, type RejectedResult } from "./wire";

/**
 * Stored batch ids are forgotten after this long. It also bounds how old a pushed result may
 * be (see ingestBatch): a batch reaches the hub after its results started, so a result younger
 * than this belongs to a batch whose id, if it was stored before, is still remembered, and a
 * resend is recognised. An older result could be a resend the hub can no longer tell apart.
 */
export const INGESTED_BATCH_RETENTION_MS = 7 * 86_400_000;

/** How recent another region's failure must be to ask for a second opinion. */
export const SECOND_OPINION_WINDOW_MS = 60_000;

/** This region's monitors that another region saw fail recently (served by the failures index). */
async function secondOpinionsFor(db: Db, region: string, regionId: number, now: number): Promise<string[]> {
  const rows = await db.all<{ key: string; type: MonitorRow["type"]; regions: string | null }>(sql`
    SELECT DISTINCT m.key, m.type, m.regions FROM monitors m
    JOIN check_results r INDEXED BY check_results_failures_idx ON r.monitor_id = m.id AND r.started_at > ${now - SECOND_OPINION_WINDOW_MS} AND r.status > 0
    WHERE m.archived_at IS NULL AND r.status = 2 AND r.region_id <> ${regionId}`);
  return rows.filter((m) => isAssignedTo({ type: m.type, regions: m.regions === null ? null : (JSON.parse(m.regions) as string[]) }, region)).map((m) => m.key);
}

/**
 * Whether a region's probe checks this monitor: probed types only (a heartbeat's results are its
 * own pushes), in every region or in the listed ones. `monitor` is active (not archived).
 */
export function isAssignedTo(monitor: Pick<MonitorRow, "type" | "regions">, region: string): boolean {
  return isProbedType(monitor.type) && (!monitor.regions || monitor.regions.includes(region));
}

/** What a region's remote probe checks (not the paused monitors), and every probed monitor for slot spacing. */
export async function assignmentsFor(db: Db, region: string): Promise<Assignments> {
  const probed = (await listActiveMonitors(db)).filter((m) => isProbedType(m.type));
  return {
    region,
    monitors: probed
      .filter((m) => m.pausedAt === null && isAssignedTo(m, region))
      .map((m) => ({ key: m.key, type: m.type, checkConfig: m.checkConfig, intervalS: m.intervalS, timeoutMs: m.timeoutMs })),
    spacing: probed.map((m) => ({ key: m.key, intervalS: m.intervalS })),
  };
}

const STATUS_CODE_SQL = "CASE value->>'status' WHEN 'up' THEN 0 WHEN 'degraded' THEN 1 ELSE 2 END";

/** A timestamp in words for a reason: ISO when it is a date at all (9007199254740991 is not). */
function when(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/** Why the hub refuses this result from `region`'s probe, or null when it takes it. */
function refusal(r: PushedResult, monitor: Pick<MonitorRow, "type" | "regions"> | undefined, region: string, now: number): string | null {
  if (!monitor) return `no active monitor "${r.monitorKey}" (removed from the config?)`;
  if (!isProbedType(monitor.type)) return `monitor "${r.monitorKey}" is a ${monitor.type} monitor: its results come from its own pushes, not from probes`;
  if (!isAssignedTo(monitor, region)) return `monitor "${r.monitorKey}" is not assigned to region ${region} (it runs in ${monitor.regions!.join(", ") || "no region"})`;
  if (r.startedAt > now + MAX_CLOCK_SKEW_MS) {
    return `startedAt ${when(r.startedAt)} is more than ${MAX_CLOCK_SKEW_MS / 1000} s ahead of the hub's clock (${when(now)}): is the probe machine's clock right?`;
  }
  if (r.startedAt < now - INGESTED_BATCH_RETENTION_MS + MAX_CLOCK_SKEW_MS) {
    return `startedAt ${when(r.startedAt)} is older than the ${INGESTED_BATCH_RETENTION_MS / 86_400_000} days the hub remembers batch ids, so it could not tell a resend from a new result`;
  }
  return null;
}

/**
 * Stores a batch pushed by a remote probe, exactly once: the results and the batch id (scoped to
 * the region) are written in one transaction, and the results only if the batch id is new for
 * that region. A result is stored only for an active monitor assigned to the region, of a probed
 * type, started within [now - INGESTED_BATCH_RETENTION_MS, now + MAX_CLOCK_SKEW_MS]; the others
 * are answered in `rejected` with a reason, and the valid rest of the batch is stored. A
 * malformed batch is refused whole (UserError invalid_input, 422). Counts as the region's pulse.
 */
export async function ingestBatch(db: Db, region: string, body: unknown, now = Date.now()): Promise<IngestOutcome> {
  const parsed = pushedBatchSchema.safeParse(body);
  if (!parsed.success) throw new UserError("invalid_input", `invalid batch: ${wireProblem(parsed.error)}`);
  const { batchId, results } = parsed.data;
  const regionId = await ensureRegion(db, region, now);
  const [seen] = await db.select({ id: ingestedBatches.batchId }).from(ingestedBatches).where(and(eq(ingestedBatches.region, region), eq(ingestedBatches.batchId, batchId)));
  // A resend: its rejections were in the first answer.
  if (seen) {
    await pulse(db, "probe", region, now, { pushed: results.length }, now);
    return { accepted: 0, duplicate: true, rejected: [], recheck: await secondOpinionsFor(db, region, regionId, now) };
  }
  const keys = [...new Set(results.map((r) => r.monitorKey))];
  const known = keys.length
    ? await db
        .select({ id: monitors.id, key: monitors.key, type: monitors.type, regions: monitors.regions })
        .from(monitors)
        .where(and(inArray(monitors.key, keys), isNull(monitors.archivedAt)))
    : [];
  const byKey = new Map(known.map((m) => [m.key, m]));
  const rejected: RejectedResult[] = [];
  const rows: (PushedResult & { monitorId: number })[] = [];
  results.forEach((r, index) => {
    const monitor = byKey.get(r.monitorKey);
    const reason = refusal(r, monitor, region, now);
    if (reason) rejected.push({ index, monitorKey: r.monitorKey, reason });
    else rows.push({ ...r, monitorId: monitor!.id });
  });
  const [, stored] = await db.$client.batch(
    [
      {
        sql: `INSERT INTO check_results (monitor_id, region_id, started_at, status, status_code, error_class, message, total_us,
                dns_us, connect_us, tls_us, first_byte_us, transfer_us, tls_expires_at, assertions, response_headers, response_body)
              SELECT value->>'monitorId', ?, value->>'startedAt', ${STATUS_CODE_SQL}, value->>'statusCode', value->>'errorClass',
                value->>'message', value->>'totalUs', value->>'dnsUs', value->>'connectUs', value->>'tlsUs', value->>'firstByteUs',
                value->>'transferUs', value->>'tlsExpiresAt', value->>'assertions',
                CASE WHEN value->>'status' = 'up' THEN NULL ELSE value->>'responseHeaders' END,
                CASE WHEN value->>'status' = 'up' THEN NULL ELSE value->>'responseBody' END
              FROM json_each(?)
              WHERE NOT EXISTS (SELECT 1 FROM ingested_batches WHERE region = ? AND batch_id = ?)`,
        args: [regionId, JSON.stringify(rows), region, batchId],
      },
      {
        sql: "INSERT INTO ingested_batches (batch_id, region, received_at, results) VALUES (?, ?, ?, ?) ON CONFLICT (region, batch_id) DO NOTHING",
        args: [batchId, region, now, rows.length],
      },
    ],
    "write",
  );
  await pulse(db, "probe", region, now, { pushed: results.length }, now);
  // The same batch stored by a concurrent request in between: nothing was written here.
  const recheck = await secondOpinionsFor(db, region, regionId, now);
  if (stored.rowsAffected === 0) return { accepted: 0, duplicate: true, rejected: [], recheck };
  return { accepted: rows.length, duplicate: false, rejected, recheck };
}
