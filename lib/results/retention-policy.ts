/** How long each kind of data is kept: the policy's shape, defaults and floors (pure; lib/results/retention.ts applies it). */

const DAY_MS = 86_400_000;

/** Durations in milliseconds; null keeps the rows for good. */
export interface RetentionPolicy {
  /** Raw check results (older history lives on in the rollups). */
  rawMs: number;
  hourlyMs: number | null;
  dailyMs: number | null;
  /** Finished notification deliveries and their attempts (the delivery log). */
  deliveriesMs: number;
  auditMs: number;
  /** Sign-in throttle rows after their last failure, and expired sessions, sign-in challenges and reset links after expiry. */
  loginsMs: number;
}

/**
 * Raw results: 7 days, the floor. At 1,000 monitors × 3 regions each minute (4.3 M results a day)
 * a full row costs about 79 bytes with its indexes and a packed one about 14 (results older than
 * PACK_AFTER_MS, lib/results/blocks.ts; bench/storage.ts measures both), so a week is about
 * 0.7 GB, and a year's file about 1.6 GB (README "Retention").
 */
export const DEFAULT_RETENTION: RetentionPolicy = {
  rawMs: 7 * DAY_MS,
  hourlyMs: 400 * DAY_MS,
  dailyMs: null,
  deliveriesMs: 90 * DAY_MS,
  auditMs: 400 * DAY_MS,
  loginsMs: DAY_MS,
};

/**
 * The least the config may ask for: readers plan on these (lib/dashboard/chart-range.ts reads raw
 * results for a day within the last week, hourly rollups for up to 8 days within the last 35;
 * the login throttle needs its 15-minute window).
 */
export const MIN_RETENTION: RetentionPolicy = {
  rawMs: 7 * DAY_MS,
  hourlyMs: 35 * DAY_MS,
  dailyMs: 90 * DAY_MS,
  deliveriesMs: DAY_MS,
  auditMs: 30 * DAY_MS,
  loginsMs: 15 * 60_000,
};
/** Raw results are read for charts within this window; the config never keeps them shorter. */
export const MIN_RAW_RETENTION_MS = MIN_RETENTION.rawMs;
/** Hourly rollups are read for charts within this window; the config never keeps them shorter. */
export const MIN_HOURLY_RETENTION_MS = MIN_RETENTION.hourlyMs as number;
/**
 * Hourly rollups older than this keep their counts and latency sum only, one row per monitor
 * and hour for all its regions (phase sums, histograms and the split by region go): every reader of hourly rows stays within MIN_HOURLY_RETENTION_MS
 * (lib/dashboard/chart-range.ts, lib/dashboard/stats.ts; the others read the last 7 days at
 * most) and reads daily rows beyond it; a day more covers a chart that starts its first hour
 * before the window's edge. bench/storage.ts measures what it saves.
 */
export const THIN_HOURLY_AFTER_MS = MIN_HOURLY_RETENTION_MS + DAY_MS;
