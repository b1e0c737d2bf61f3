import type { Db } from "../db/client";

/**
 * Fixed-window counters in `rate_limits`: one row per key, reset when a new window starts. One
 * write per hit (an upsert that returns the new count), so two app processes count together.
 */

export interface RateLimit {
  /** Most hits in one window. */
  limit: number;
  windowMs: number;
}

export type RateLimitCheck = { allowed: true } | { allowed: false; retryAfterMs: number };

/** Rows of windows that ended this long ago are deleted on the way. */
const KEEP_ENDED_WINDOWS_MS = 24 * 3_600_000;

/** Counts one hit for `key` and says whether it is within the limit. */
export async function hitRateLimit(db: Db, key: string, rule: RateLimit, now: number, prefix: string): Promise<RateLimitCheck> {
  const windowStart = Math.floor(now / rule.windowMs) * rule.windowMs;
  const [, counted] = await db.$client.batch(
    [
      { sql: "DELETE FROM rate_limits WHERE key >= ? AND key < ? AND window_start < ?", args: [prefix, prefix + "\uffff", now - KEEP_ENDED_WINDOWS_MS] },
      {
        sql: `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
              ON CONFLICT (key) DO UPDATE SET
                count = CASE WHEN rate_limits.window_start = excluded.window_start THEN rate_limits.count + 1 ELSE 1 END,
                window_start = excluded.window_start
              RETURNING count`,
        args: [key, windowStart],
      },
    ],
    "write",
  );
  const count = Number(counted.rows[0]?.count ?? 1);
  return count <= rule.limit ? { allowed: true } : { allowed: false, retryAfterMs: windowStart + rule.windowMs - now };
}
