import { blob, integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";

/**
 * A monitor's results from one region in one hour, packed once they are older than
 * PACK_AFTER_MS (lib/results/blocks.ts): the successful and degraded checks that carry no text,
 * as one blob (ids, start times, status, status code, total and phase durations, certificate
 * expiry, exact). Failed checks and checks with a message or evidence stay rows of check_results.
 * Retention packs and prunes them (lib/results/retention.ts); readers see rows and blocks as one
 * list through lib/results/blocks.ts `readMonitorResultRange` / `readRecentResults`.
 *
 * WITHOUT ROWID, clustered on the primary key (drizzle/0016_add_check_result_blocks.sql;
 * drizzle-orm has no option for it, so a table rebuilt from this file must say it again there).
 * The key is (monitor, hour, region), not (monitor, region, hour): every reader asks for one
 * monitor's results over a time range, all regions together.
 */
export const checkResultBlocks = sqliteTable(
  "check_result_blocks",
  {
    monitorId: integer("monitor_id").notNull(),
    /** Start of the hour, epoch milliseconds (UTC). */
    hourStart: integer("hour_start").notNull(),
    regionId: integer("region_id").notNull(),
    /** Degraded results in the blob: the failures-only list decodes only blocks that hold one. */
    degraded: integer("degraded").notNull().default(0),
    /** The results, encoded by lib/results/blocks.ts. */
    results: blob("results", { mode: "buffer" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.hourStart, t.regionId] })],
);
