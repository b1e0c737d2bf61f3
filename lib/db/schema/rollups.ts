import { blob, index, integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * Shared shape of the hourly and daily rollups. Uptime and percentiles over any window are
 * exact sums of these rows: counts add, histograms merge bucket by bucket (lib/uptime/histogram).
 */
function rollupColumns() {
  return {
    monitorId: integer("monitor_id").notNull(),
    regionId: integer("region_id").notNull(),
    /** Start of the hour or day, epoch milliseconds (UTC). */
    bucketStart: integer("bucket_start").notNull(),
    total: integer("total").notNull().default(0),
    /** Results that were down. */
    down: integer("down").notNull().default(0),
    /** Results that were degraded (up, but slow or a soft assertion failed). */
    degraded: integer("degraded").notNull().default(0),
    latencySumUs: integer("latency_sum_us").notNull().default(0),
    /** Per-phase sums over answered results (a phase that did not happen counts as 0). */
    dnsSumUs: integer("dns_sum_us").notNull().default(0),
    connectSumUs: integer("connect_sum_us").notNull().default(0),
    tlsSumUs: integer("tls_sum_us").notNull().default(0),
    firstByteSumUs: integer("first_byte_sum_us").notNull().default(0),
    transferSumUs: integer("transfer_sum_us").notNull().default(0),
    /** Fixed log-scale latency histogram, encoded by lib/uptime/histogram. */
    histogram: blob("histogram", { mode: "buffer" }).notNull(),
  };
}

// Both tables are WITHOUT ROWID, clustered on the primary key (drizzle/0015_cluster_rollups_by_key.sql;
// drizzle-orm has no option for it, so a table rebuilt from this file must say it again there):
// a rowid table would keep every key twice, in the table and in its automatic unique index.
/**
 * Hourly rows older than THIN_HOURLY_AFTER_MS (lib/results/retention-policy.ts), which no reader
 * reaches (they read daily rows beyond it), keep their counts and latency sum only: retention
 * merges a monitor's regions into one row (region_id 0) whose phase sums and histogram are NULL.
 */
function thinnedHourlyColumns() {
  return {
    ...rollupColumns(),
    dnsSumUs: integer("dns_sum_us").default(0),
    connectSumUs: integer("connect_sum_us").default(0),
    tlsSumUs: integer("tls_sum_us").default(0),
    firstByteSumUs: integer("first_byte_sum_us").default(0),
    transferSumUs: integer("transfer_sum_us").default(0),
    histogram: blob("histogram", { mode: "buffer" }),
  };
}

export const rollupsHourly = sqliteTable("rollups_hourly", thinnedHourlyColumns(), (t) => [
  primaryKey({ columns: [t.monitorId, t.bucketStart, t.regionId] }),
]);

export const rollupsDaily = sqliteTable("rollups_daily", rollupColumns(), (t) => [
  primaryKey({ columns: [t.monitorId, t.bucketStart, t.regionId] }),
  // Serves the status page's 90-day bars, which read every monitor for a range of days.
  index("rollups_daily_bucket_idx").on(t.bucketStart),
]);
