import { LatencyHistogram } from "../uptime/histogram";
import { dayStartUtc, hourStartUtc, checkPassRatio } from "../uptime/uptime";
import { DEFAULT_UPTIME_FORMULA, downtimeMs, sumStateTime, uptimeFromStateTime, type StateTime, type UptimeFormula } from "../uptime/state-time";

export const WINDOWS = ["24h", "7d", "30d", "90d"] as const;
export type WindowName = (typeof WINDOWS)[number];

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

/**
 * Which rollup rows make up each window: the last 24 and 168 hours come from hourly rows,
 * the last 30 and 90 days (today included) from daily rows.
 */
export function windowStart(name: WindowName, now: number): { table: "hourly" | "daily"; from: number } {
  switch (name) {
    case "24h":
      return { table: "hourly", from: hourStartUtc(now) - 23 * 3_600_000 };
    case "7d":
      return { table: "hourly", from: hourStartUtc(now) - 167 * 3_600_000 };
    case "30d":
      return { table: "daily", from: dayStartUtc(now) - 29 * 86_400_000 };
    case "90d":
      return { table: "daily", from: dayStartUtc(now) - 89 * 86_400_000 };
  }
}

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
