import { LatencyHistogram } from "../uptime/histogram";
import { checkPassRatio } from "../uptime/uptime";
import { windowStart, WINDOWS, type WindowName } from "../uptime/windows";
import { DEFAULT_UPTIME_FORMULA, downtimeMs, sumStateTime, uptimeFromStateTime, type StateTime, type UptimeFormula } from "../uptime/state-time";

export { windowStart, WINDOWS, type WindowName };

export interface WindowStats {
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

/** Uptime and exact-to-a-bucket percentiles of one window: sums and merges of its rows. */
export function windowStats(rows: RollupRow[], timeRows: StateTimeRow[] = [], formula: UptimeFormula = DEFAULT_UPTIME_FORMULA): WindowStats {
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

/** Stats for every window of every monitor from one set of hourly and one set of daily rows. */
export function allWindows(
  rollups: { hourly: RollupRow[]; daily: RollupRow[]; hourlyTime: StateTimeRow[]; dailyTime: StateTimeRow[] },
  now: number,
  formula: UptimeFormula = DEFAULT_UPTIME_FORMULA,
): Map<number, Record<WindowName, WindowStats>> {
  const { hourly, daily, hourlyTime, dailyTime } = rollups;
  const ids = new Set([...hourly, ...daily, ...hourlyTime, ...dailyTime].map((r) => r.monitorId));
  const out = new Map<number, Record<WindowName, WindowStats>>();
  for (const id of ids) {
    const entry = {} as Record<WindowName, WindowStats>;
    for (const w of WINDOWS) {
      const { table, from } = windowStart(w, now);
      const pick = <R extends { monitorId: number; bucketStart: number }>(list: R[]) => list.filter((r) => r.monitorId === id && r.bucketStart >= from);
      entry[w] = windowStats(pick(table === "hourly" ? hourly : daily), pick(table === "hourly" ? hourlyTime : dailyTime), formula);
    }
    out.set(id, entry);
  }
  return out;
}
