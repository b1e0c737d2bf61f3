/**
 * Uptime and latency of monitors over a named range (24h, 7d, 30d, 90d) or any span of at most
 * 400 days, summed from the rollups (lib/dashboard/ranges.ts rangeStats): a few indexed rows per
 * monitor and bucket, whatever the span. A component's figures are its monitors' together.
 */
import { and, gte, inArray, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { rollupsDaily, rollupsHourly, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { fieldError } from "../errors";
import { MIN_HOURLY_RETENTION_MS } from "../results/retention-policy";
import { readPageSettings, uptimeFormulaOf } from "../settings/page";
import { DAY_MS, dayStartUtc, HOUR_MS, hourStartUtc } from "../uptime/uptime";
import { rangeStart, rangeStats, type RangeName, type RangeStats } from "./ranges";

/** The longest span asked for: the audit log's and daily rollups' useful reach. */
export const MAX_STATS_SPAN_MS = 400 * DAY_MS;
/** Spans up to this long (and within the hourly rollups' retention) are summed hourly. */
const HOURLY_SPAN_MS = 7 * DAY_MS;

export type StatsSpan = { range: RangeName } | { from: number; to: number };

export interface SpanBounds {
  /** Rollup buckets starting in [from, to) are summed: `from` is rounded down to a bucket. */
  from: number;
  to: number;
  bucket: "hourly" | "daily";
}

/** The buckets a span covers; invalid_input on `from`/`to` when it is not a span we can answer. */
export function spanBounds(span: StatsSpan, now: number): SpanBounds {
  if ("range" in span) {
    const { table, from } = rangeStart(span.range, now);
    return { from, to: now, bucket: table };
  }
  const { from, to } = span;
  if (!(to > from)) throw fieldError("to", "End the span after it starts: `to` must be later than `from`.");
  if (to - from > MAX_STATS_SPAN_MS) throw fieldError("from", `Ask for at most ${MAX_STATS_SPAN_MS / DAY_MS} days at once.`);
  const hourly = to - from <= HOURLY_SPAN_MS && from >= now - MIN_HOURLY_RETENTION_MS + HOUR_MS;
  return hourly ? { from: hourStartUtc(from), to, bucket: "hourly" } : { from: dayStartUtc(from), to, bucket: "daily" };
}

/** The rollup and state-time rows of `monitorIds` in a span's buckets, with the page's uptime formula. */
export async function spanRows(db: Db, monitorIds: number[], bounds: SpanBounds) {
  const r = bounds.bucket === "hourly" ? rollupsHourly : rollupsDaily;
  const t = bounds.bucket === "hourly" ? stateTimeHourly : stateTimeDaily;
  const [rollups, time, page] = await Promise.all([
    monitorIds.length === 0
      ? []
      : db
          .select({ monitorId: r.monitorId, bucketStart: r.bucketStart, total: r.total, down: r.down, histogram: r.histogram })
          .from(r)
          .where(and(inArray(r.monitorId, monitorIds), gte(r.bucketStart, bounds.from), lt(r.bucketStart, bounds.to))),
    monitorIds.length === 0
      ? []
      : db
          .select({ monitorId: t.monitorId, bucketStart: t.bucketStart, upMs: t.upMs, degradedMs: t.degradedMs, partialMs: t.partialMs, majorMs: t.majorMs, maintenanceMs: t.maintenanceMs, noDataMs: t.noDataMs })
          .from(t)
          .where(and(inArray(t.monitorId, monitorIds), gte(t.bucketStart, bounds.from), lt(t.bucketStart, bounds.to))),
    readPageSettings(db),
  ]);
  return { rollups, time, formula: uptimeFormulaOf(page) };
}

/** Uptime (the page's formula), checks passed and p50/p95/p99 of `monitorIds` together over a span. */
export async function spanStats(db: Db, monitorIds: number[], span: StatsSpan, now = Date.now()): Promise<RangeStats & SpanBounds> {
  const bounds = spanBounds(span, now);
  if (monitorIds.length === 0) return { ...rangeStats([], []), ...bounds };
  const { rollups, time, formula } = await spanRows(db, monitorIds, bounds);
  return { ...rangeStats(rollups, time, formula), ...bounds };
}
