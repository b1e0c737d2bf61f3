import { LatencyHistogram } from "../uptime/histogram";
import { checkPassRatio } from "../uptime/uptime";
import { rangeStart, RANGES, type RangeName } from "../uptime/ranges";
import { DEFAULT_UPTIME_FORMULA, downtimeMs, sumStateTime, uptimeFromStateTime, type StateTime, type UptimeFormula } from "../uptime/state-time";

export { rangeStart, RANGES, type RangeName };

export interface RangeStats {
  /** Uptime by the page's formula (time per condition, maintenance left out). */
  ratio: number | null;
  /** Downtime by the formula, ms. */
  downtimeMs: number;
  /** Share of individual checks (all regions) that passed: blips included, quorum not applied. */
  checkRatio: number | null;
  total: number;
  p50Ms: number | undefined;
  p95Ms: number | undefined;
  p99Ms: number | undefined;
}

export interface RollupRow {
  monitorId: number;
  bucketStart: number;
  total: number;
  down: number;
  histogram: Uint8Array | ArrayBuffer | null;
}

export type StateTimeRow = { monitorId: number; bucketStart: number } & StateTime;

/** Uptime and exact-to-a-bucket percentiles of one range: sums and merges of its rows. */
export function rangeStats(rows: RollupRow[], timeRows: StateTimeRow[] = [], formula: UptimeFormula = DEFAULT_UPTIME_FORMULA): RangeStats {
  let total = 0;
  let down = 0;
  const h = new LatencyHistogram();
  for (const r of rows) {
    total += Number(r.total);
    down += Number(r.down);
    h.merge(LatencyHistogram.decode(r.histogram));
  }
  const ms = (us: number | undefined) => (us === undefined ? undefined : us / 1000);
  const time = sumStateTime(timeRows);
  return {
    ratio: uptimeFromStateTime(time, formula),
    downtimeMs: downtimeMs(time, formula),
    checkRatio: checkPassRatio({ total, down }),
    total,
    p50Ms: ms(h.percentile(50)), p95Ms: ms(h.percentile(95)), p99Ms: ms(h.percentile(99)) };
}

/** Stats for every range of every monitor from one set of hourly and one set of daily rows. */
export function allRanges(
  rollups: { hourly: RollupRow[]; daily: RollupRow[]; hourlyTime: StateTimeRow[]; dailyTime: StateTimeRow[] },
  now: number,
  formula: UptimeFormula = DEFAULT_UPTIME_FORMULA,
): Map<number, Record<RangeName, RangeStats>> {
  const { hourly, daily, hourlyTime, dailyTime } = rollups;
  const ids = new Set([...hourly, ...daily, ...hourlyTime, ...dailyTime].map((r) => r.monitorId));
  const out = new Map<number, Record<RangeName, RangeStats>>();
  for (const id of ids) {
    const entry = {} as Record<RangeName, RangeStats>;
    for (const w of RANGES) {
      const { table, from } = rangeStart(w, now);
      const pick = <R extends { monitorId: number; bucketStart: number }>(list: R[]) => list.filter((r) => r.monitorId === id && r.bucketStart >= from);
      entry[w] = rangeStats(pick(table === "hourly" ? hourly : daily), pick(table === "hourly" ? hourlyTime : dailyTime), formula);
    }
    out.set(id, entry);
  }
  return out;
}
