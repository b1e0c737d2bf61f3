import { blob, integer, sqliteTable, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * A monitor's results from one region in one hour, packed once they are older than
 * PACK_AFTER_MS (lib/results/blocks.ts): the successful and degraded checks that carry no text,
 * as one blob (ids, start times, status, status code, total and phase durations, certificate
 * expiry, exact). Failed checks and checks with a message or evidence stay rows of check_results.
 * Retention packs and prunes them (lib/results/retention.ts); readers see rows and blocks as one
 * list through lib/results/blocks.ts (`readResultsNewestFirst`, `packedResultsById`).
 *
 * A rowid table with a unique index, not WITHOUT ROWID like the rollups: a block (about 800 B)
 * is far larger than its key, so the key kept twice costs little, while blocks appended in rowid
 * order fill their pages (a table clustered on the monitor-first key splits pages as each hour's
 * blocks land among the older ones: bench/storage measured 67 % fill, 1,208 B a block).
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
  (t) => [
    // Serves a monitor's results over a time range (all regions, newest hour first) and the pack pass's upsert.
    uniqueIndex("check_result_blocks_key_idx").on(t.monitorId, t.hourStart, t.regionId),
  ],
);
