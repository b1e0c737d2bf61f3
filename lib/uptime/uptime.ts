/**
 * The one place where uptime is computed and written as a percentage. Counts come from the
 * rollups (lib/db/schema/rollups.ts): they add, so the uptime of any window is the ratio of sums.
 */
import type { MonitorStatus } from "../db/schema/monitor-states";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Start of the UTC hour holding `ms`, epoch milliseconds. */
export function hourStartUtc(ms: number): number {
  return ms - mod(ms, HOUR_MS);
}

/** UTC midnight of the day holding `ms`, epoch milliseconds. UTC days are always 24 h long. */
export function dayStartUtc(ms: number): number {
  return ms - mod(ms, DAY_MS);
}

/** Result counts of a window. degraded results are up (slow or a soft assertion failed). */
export interface UptimeCounts {
  total: number;
  down: number;
  degraded?: number;
}

/**
 * How to weigh results. Empty today: every down result counts fully and nothing is excluded.
 * Statuspage-style weighting of partial outages and excluding maintenance windows will be
 * added here, so callers already pass an options object and need no new signature.
 */
export interface UptimeOptions {}

/**
 * Share of results that were not down: (total − down) / total. null when there are no results:
 * a window without data has no uptime, and it is never shown as 100 %.
 */
export function uptimeRatio(counts: UptimeCounts, _options: UptimeOptions = {}): number | null {
  const { total, down } = counts;
  if (!Number.isInteger(total) || total < 0) throw new RangeError(`total must be a non-negative integer, got ${total}`);
  if (!Number.isInteger(down) || down < 0 || down > total) {
    throw new RangeError(`down must be an integer from 0 to total (${total}), got ${down}`);
  }
  if (total === 0) return null;
  return (total - down) / total;
}

/**
 * "99.95%", or "no data" for null. Rounds down, so that any downtime stays visible:
 * 0.999996 is "99.99%", never "100%"; only a ratio of exactly 1 is "100%".
 */
export function formatUptimePercent(ratio: number | null, decimals = 2): string {
  if (ratio === null) return "no data";
  if (!(ratio >= 0 && ratio <= 1)) throw new RangeError(`uptime ratio must be between 0 and 1, got ${ratio}`);
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 6) {
    throw new RangeError(`decimals must be an integer from 0 to 6, got ${decimals}`);
  }
  if (ratio === 1) return "100%";
  const scale = 10 ** (decimals + 2);
  const scaled = ratio * scale;
  // Floor, except where floating point put a whole step just below itself (0.9995 · 10⁴ is
  // 9994.999999999998). The tolerance moves a real ratio by under 10⁻¹⁰, and never to 100%.
  const nearest = Math.round(scaled);
  let steps = Math.abs(scaled - nearest) < 1e-6 ? nearest : Math.floor(scaled);
  if (steps >= scale) steps = scale - 1;
  return `${(steps / 10 ** decimals).toFixed(decimals)}%`;
}

/** Sums the counts of rollup rows (any number of regions, hours or days). */
export function sumCounts(rows: Iterable<UptimeCounts>): { total: number; down: number; degraded: number } {
  let total = 0;
  let down = 0;
  let degraded = 0;
  for (const row of rows) {
    total += row.total;
    down += row.down;
    degraded += row.degraded ?? 0;
  }
  return { total, down, degraded };
}

export interface DayBar {
  /** UTC midnight, epoch milliseconds. */
  dayStart: number;
  total: number;
  down: number;
  degraded: number;
  /** uptimeRatio of the day; null when the day has no results. */
  ratio: number | null;
  /** Colour of the bar: the worst result of the day, no_data for a day without results. */
  worst: MonitorStatus;
}

/**
 * One bar per UTC day for the status page's 90-day history, oldest first, ending with the day
 * that starts at endDayStart. Rows are summed per day (so one row per region, or hourly rows,
 * are fine); rows outside the range are ignored; days without rows are no_data.
 */
export function daySeries(
  rows: Iterable<{ bucketStart: number; total: number; down: number; degraded: number }>,
  opts: { endDayStart: number; days: number },
): DayBar[] {
  const { endDayStart, days } = opts;
  if (dayStartUtc(endDayStart) !== endDayStart) {
    throw new RangeError(`endDayStart must be a UTC midnight (use dayStartUtc), got ${new Date(endDayStart).toISOString()}`);
  }
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const firstDayStart = endDayStart - (days - 1) * DAY_MS;
  const total = new Array<number>(days).fill(0);
  const down = new Array<number>(days).fill(0);
  const degraded = new Array<number>(days).fill(0);
  for (const row of rows) {
    const day = (dayStartUtc(row.bucketStart) - firstDayStart) / DAY_MS;
    if (day < 0 || day >= days) continue;
    total[day] += row.total;
    down[day] += row.down;
    degraded[day] += row.degraded;
  }
  return total.map((dayTotal, day) => ({
    dayStart: firstDayStart + day * DAY_MS,
    total: dayTotal,
    down: down[day],
    degraded: degraded[day],
    ratio: uptimeRatio({ total: dayTotal, down: down[day] }),
    worst: dayTotal === 0 ? "no_data" : down[day] > 0 ? "down" : degraded[day] > 0 ? "degraded" : "operational",
  }));
}

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
