import { LatencyHistogram } from "../uptime/histogram";
import { dayStartUtc, hourStartUtc, uptimeRatio } from "../uptime/uptime";

export const WINDOWS = ["24h", "7d", "30d", "90d"] as const;
export type WindowName = (typeof WINDOWS)[number];

export interface WindowStats {
  ratio: number | null;
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
export function windowStats(rows: RollupRow[]): WindowStats {
  let total = 0;
  let down = 0;
  const h = new LatencyHistogram();
  for (const r of rows) {
    total += Number(r.total);
    down += Number(r.down);
    h.merge(LatencyHistogram.decode(r.histogram));
  }
  const ms = (us: number | undefined) => (us === undefined ? undefined : us / 1000);
  return { ratio: uptimeRatio({ total, down }), total, p50Ms: ms(h.percentile(50)), p95Ms: ms(h.percentile(95)), p99Ms: ms(h.percentile(99)) };
}

/** Stats for every window of every monitor from one set of hourly and one set of daily rows. */
export function allWindows(hourly: RollupRow[], daily: RollupRow[], now: number): Map<number, Record<WindowName, WindowStats>> {
  const ids = new Set([...hourly, ...daily].map((r) => r.monitorId));
  const out = new Map<number, Record<WindowName, WindowStats>>();
  for (const id of ids) {
    const entry = {} as Record<WindowName, WindowStats>;
    for (const w of WINDOWS) {
      const { table, from } = windowStart(w, now);
      const rows = (table === "hourly" ? hourly : daily).filter((r) => r.monitorId === id && r.bucketStart >= from);
      entry[w] = windowStats(rows);
    }
    out.set(id, entry);
  }
  return out;
}
