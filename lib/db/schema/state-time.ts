import { index, integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * What a monitor's time counts as for uptime (Statuspage's component statuses): up, degraded
 * performance, partial outage (down in some of its live regions), major outage (down in all),
 * under maintenance, paused by the team, or no data.
 */
export const CONDITIONS = ["up", "degraded", "partial", "major", "maintenance", "paused", "no_data"] as const;
export type Condition = (typeof CONDITIONS)[number];

/** Milliseconds spent in each condition; uptime over any window is a ratio of these sums. */
function stateTimeColumns() {
  return {
    monitorId: integer("monitor_id").notNull(),
    /** Start of the hour or day, epoch milliseconds (UTC). */
    bucketStart: integer("bucket_start").notNull(),
    upMs: integer("up_ms").notNull().default(0),
    degradedMs: integer("degraded_ms").notNull().default(0),
    partialMs: integer("partial_ms").notNull().default(0),
    majorMs: integer("major_ms").notNull().default(0),
    maintenanceMs: integer("maintenance_ms").notNull().default(0),
    noDataMs: integer("no_data_ms").notNull().default(0),
    /** Paused by the team: neither up nor down, left out of uptime like maintenance. */
    pausedMs: integer("paused_ms").notNull().default(0),
  };
}

// WITHOUT ROWID, clustered on the primary key, like the rollups (drizzle/0015_cluster_rollups_by_key.sql).
export const stateTimeHourly = sqliteTable("state_time_hourly", stateTimeColumns(), (t) => [primaryKey({ columns: [t.monitorId, t.bucketStart] })]);

export const stateTimeDaily = sqliteTable("state_time_daily", stateTimeColumns(), (t) => [
  primaryKey({ columns: [t.monitorId, t.bucketStart] }),
  // Serves the status page's 90-day bars, which read every monitor for a range of days.
  index("state_time_daily_bucket_idx").on(t.bucketStart),
]);
