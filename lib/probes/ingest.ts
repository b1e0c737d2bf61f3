import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { ingestedBatches } from "../db/schema";
import { ERROR_CLASSES } from "../checks/types";
import { isProbedType } from "../db/schema/monitors";
import { listActiveMonitors } from "../monitors/store";
import { ensureRegion } from "../regions/store";
import { beat } from "../workers/heartbeat";

/** Most results in one pushed batch. */
export const MAX_RESULTS_PER_BATCH = 1_000;
/** Stored batch ids are forgotten after this long (a probe never resends that late). */
export const INGESTED_BATCH_RETENTION_MS = 7 * 86_400_000;

const us = z.number().int().min(0).max(3_600_000_000);
const pushedResult = z.strictObject({
  monitorKey: z.string().min(1).max(200),
  startedAt: z.number().int().min(0),
  status: z.enum(["up", "degraded", "down"]),
  statusCode: z.number().int().min(0).max(999).optional(),
  errorClass: z.enum(ERROR_CLASSES).optional(),
  message: z.string().max(2_000).optional(),
  totalUs: us,
  dnsUs: us.optional(),
  connectUs: us.optional(),
  tlsUs: us.optional(),
  firstByteUs: us.optional(),
  transferUs: us.optional(),
  tlsExpiresAt: z.number().int().optional(),
  assertions: z.string().max(20_000).optional(),
});

export const pushedBatchSchema = z.strictObject({
  batchId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "batchId must be 8 to 64 letters, digits, _ or -" }),
  results: z.array(pushedResult).max(MAX_RESULTS_PER_BATCH, { error: `at most ${MAX_RESULTS_PER_BATCH} results per batch` }),
});
export type PushedBatch = z.output<typeof pushedBatchSchema>;

export class IngestError extends Error {
  constructor(
    message: string,
    readonly status: 422,
  ) {
    super(message);
  }
}

/** What a region's remote probe checks, and every probed monitor for slot spacing. */
export async function assignmentsFor(db: Db, region: string) {
  const probed = (await listActiveMonitors(db)).filter((m) => isProbedType(m.type));
  return {
    region,
    monitors: probed
      .filter((m) => !m.regions || m.regions.includes(region))
      .map((m) => ({ key: m.key, type: m.type, checkConfig: m.checkConfig, intervalS: m.intervalS, timeoutMs: m.timeoutMs })),
    spacing: probed.map((m) => ({ key: m.key, intervalS: m.intervalS })),
  };
}

const STATUS_CODE_SQL = "CASE value->>'status' WHEN 'up' THEN 0 WHEN 'degraded' THEN 1 ELSE 2 END";
const MONITOR_ID_SQL = "(SELECT id FROM monitors WHERE key = value->>'monitorKey' AND archived_at IS NULL)";

/**
 * Stores a batch pushed by a remote probe, exactly once: the results and the batch id are
 * written in one transaction, and the results only if the batch id is new. Results for monitors
 * that are unknown or archived are dropped (config changed under the probe). Counts as the
 * region's heartbeat.
 */
export async function ingestBatch(db: Db, region: string, body: unknown, now = Date.now()): Promise<{ accepted: number; duplicate: boolean }> {
  const parsed = pushedBatchSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IngestError(`invalid batch: ${issue.path.join(".") || "body"}: ${issue.message}`, 422);
  }
  const { batchId, results } = parsed.data;
  const regionId = await ensureRegion(db, region, now);
  const [seen] = await db.select({ id: ingestedBatches.batchId }).from(ingestedBatches).where(and(eq(ingestedBatches.region, region), eq(ingestedBatches.batchId, batchId)));
  if (!seen) {
    await db.$client.batch(
      [
        {
          sql: `INSERT INTO check_results (monitor_id, region_id, started_at, status, status_code, error_class, message, total_us,
                  dns_us, connect_us, tls_us, first_byte_us, transfer_us, tls_expires_at, assertions)
                SELECT ${MONITOR_ID_SQL}, ?, value->>'startedAt', ${STATUS_CODE_SQL}, value->>'statusCode', value->>'errorClass',
                  value->>'message', value->>'totalUs', value->>'dnsUs', value->>'connectUs', value->>'tlsUs', value->>'firstByteUs',
                  value->>'transferUs', value->>'tlsExpiresAt', value->>'assertions'
                FROM json_each(?)
                WHERE ${MONITOR_ID_SQL} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ingested_batches WHERE region = ? AND batch_id = ?)`,
          args: [regionId, JSON.stringify(results), region, batchId],
        },
        {
          sql: "INSERT INTO ingested_batches (batch_id, region, received_at, results) VALUES (?, ?, ?, ?) ON CONFLICT (region, batch_id) DO NOTHING",
          args: [batchId, region, now, results.length],
        },
      ],
      "write",
    );
  }
  await beat(db, "probe", region, now, { pushed: results.length }, now);
  return { accepted: seen ? 0 : results.length, duplicate: !!seen };
}
