/**
 * Time buckets and how uptime is written as a percentage. Uptime itself is computed from time
 * per condition in ./state-time.ts; check counts come from the rollups (lib/db/schema/rollups.ts).
 */

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
 * Share of individual checks that were not down: (total − down) / total, all regions, blips
 * included. This is not uptime (that is time per condition, ./state-time.ts); the dashboard shows
 * it beside uptime as "checks passed". null when there are no results.
 */
export function checkPassRatio(counts: UptimeCounts): number | null {
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

function mod(a: number, b: number): number {
  return ((a % b) + b) % b;
}
