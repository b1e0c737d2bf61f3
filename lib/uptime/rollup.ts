import type { InStatement } from "@libsql/client";
import { bulkInsert, upsertTail } from "../db/bulk";
import type { Db } from "../db/client";
import { rollupsDaily, rollupsHourly } from "../db/schema";
import { RESULT_STATUS_CODES } from "../checks/types";
import { isFromTheFuture } from "../results/store";
import { LatencyHistogram } from "./histogram";
import { dayStartUtc, hourStartUtc } from "./uptime";

/** What a rollup row needs from a result. */
export interface RollupInput {
  monitorId: number;
  regionId: number;
  startedAt: number;
  status: number;
  totalUs: number;
  dnsUs?: number | null;
  connectUs?: number | null;
  tlsUs?: number | null;
  firstByteUs?: number | null;
  transferUs?: number | null;
}

/** The per-phase sum columns, in one order used everywhere below. */
const PHASES = ["dnsUs", "connectUs", "tlsUs", "firstByteUs", "transferUs"] as const;
const PHASE_COLUMNS = ["dns_sum_us", "connect_sum_us", "tls_sum_us", "first_byte_sum_us", "transfer_sum_us"];

interface RollupAcc {
  monitorId: number;
  regionId: number;
  bucketStart: number;
  total: number;
  down: number;
  degraded: number;
  latencySumUs: number;
  /** Sums of dns, connect, tls, first byte and transfer, in PHASES order. */
  phaseSumsUs: number[];
  histogram: LatencyHistogram;
}

/**
 * Sums results into hourly or daily buckets. Latency (sum and histogram) counts only results
 * that got an answer: a timeout's duration says nothing about how fast the service is.
 */
export function accumulate(results: RollupInput[], bucketOf: (ms: number) => number): Map<string, RollupAcc> {
  const acc = new Map<string, RollupAcc>();
  for (const r of results) {
    const bucketStart = bucketOf(r.startedAt);
    const key = `${r.monitorId}:${bucketStart}:${r.regionId}`;
    let a = acc.get(key);
    if (!a) {
      a = { monitorId: r.monitorId, regionId: r.regionId, bucketStart, total: 0, down: 0, degraded: 0, latencySumUs: 0, phaseSumsUs: [0, 0, 0, 0, 0], histogram: new LatencyHistogram() };
      acc.set(key, a);
    }
    a.total++;
    if (r.status === RESULT_STATUS_CODES.down) a.down++;
    else {
      if (r.status === RESULT_STATUS_CODES.degraded) a.degraded++;
      a.latencySumUs += r.totalUs;
      for (let i = 0; i < PHASES.length; i++) a.phaseSumsUs[i] += r[PHASES[i]] ?? 0;
      a.histogram.add(r.totalUs);
    }
  }
  return acc;
}

type RollupTable = typeof rollupsHourly | typeof rollupsDaily;
const tableName = (table: RollupTable) => (table === rollupsHourly ? "rollups_hourly" : "rollups_daily");

/**
 * Reads the stored rows for the accumulated keys and folds them into the accumulators: one
 * statement per table whatever the batch size (the keys travel as one JSON argument, the rows
 * come back as one JSON array, each with its key's index), histograms decoded straight into the
 * accumulator's.
 */
async function mergeStored(db: Db, table: RollupTable, acc: Map<string, RollupAcc>): Promise<void> {
  if (acc.size === 0) return;
  const all = [...acc.values()];
  const { rows } = await db.$client.execute({
    sql: `SELECT json_group_array(json_array(k.key, r.total, r.down, r.degraded, r.latency_sum_us, ${PHASE_COLUMNS.map((c) => `r.${c}`).join(", ")}, hex(r.histogram)))
          FROM json_each(?) k CROSS JOIN ${tableName(table)} r
          ON r.monitor_id = k.value->>0 AND r.bucket_start = k.value->>1 AND r.region_id = k.value->>2`,
    args: [JSON.stringify(all.map((a) => [a.monitorId, a.bucketStart, a.regionId]))],
  });
  for (const row of JSON.parse(String(rows[0][0])) as (number | string)[][]) {
    const a = all[row[0] as number];
    a.total += row[1] as number;
    a.down += row[2] as number;
    a.degraded += row[3] as number;
    a.latencySumUs += row[4] as number;
    for (let p = 0; p < PHASES.length; p++) a.phaseSumsUs[p] += row[5 + p] as number;
    // A thinned row (lib/results/retention.ts) has no histogram: hex(NULL) is "".
    const histogram = row[5 + PHASES.length] as string;
    if (histogram !== "") a.histogram.addEncoded(Buffer.from(histogram, "hex"));
  }
}

const ROLLUP_COLUMNS = ["monitor_id", "region_id", "bucket_start", "total", "down", "degraded", "latency_sum_us", ...PHASE_COLUMNS, "histogram"];

/** One upsert statement for all accumulated rows of a table (they already include stored counts). */
function upsert(table: RollupTable, acc: Map<string, RollupAcc>): InStatement[] {
  if (acc.size === 0) return [];
  const rows = [...acc.values()].map((a) => [
    a.monitorId, a.regionId, a.bucketStart, a.total, a.down, a.degraded, a.latencySumUs, ...a.phaseSumsUs, a.histogram.encode().toString("hex"),
  ]);
  const exprs = ROLLUP_COLUMNS.map((c, i) => (c === "histogram" ? `unhex(value->>${i})` : `value->>${i}`));
  return [
    bulkInsert(
      tableName(table),
      ROLLUP_COLUMNS,
      rows,
      upsertTail(["monitor_id", "bucket_start", "region_id"], ROLLUP_COLUMNS.slice(3)),
      exprs,
    ),
  ];
}

/**
 * The write statements that fold `results` into the hourly and daily rollups. The caller
 * runs them in the same batch as the cursor move, so a crash never counts a result twice.
 * Results dated further ahead of `now` than the clock skew allows are left out (a broken
 * clock or a forged timestamp), as the state fold leaves them out: no rollup row in the future.
 */
export async function rollupStatements(db: Db, results: RollupInput[], now: number): Promise<InStatement[]> {
  const present = results.filter((r) => !isFromTheFuture(r.startedAt, now));
  const hourly = accumulate(present, hourStartUtc);
  const daily = accumulate(present, dayStartUtc);
  await mergeStored(db, rollupsHourly, hourly);
  await mergeStored(db, rollupsDaily, daily);
  return [...upsert(rollupsHourly, hourly), ...upsert(rollupsDaily, daily)];
}
