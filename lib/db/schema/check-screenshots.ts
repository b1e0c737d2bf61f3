import { blob, index, integer, sqliteTable } from "drizzle-orm/sqlite-core";
import { monitors } from "./monitors";

/** The screenshot a failed browser check took (PNG, at most 200 KB); the latest few per monitor are kept. */
export const checkScreenshots = sqliteTable(
  "check_screenshots",
  {
    id: integer("id").primaryKey(),
    monitorId: integer("monitor_id")
      .notNull()
      .references(() => monitors.id),
    regionId: integer("region_id").notNull(),
    /** The check's start, epoch ms: matches check_results.started_at of the failed result. */
    startedAt: integer("started_at").notNull(),
    png: blob("png", { mode: "buffer" }).notNull(),
  },
  // Serves "latest screenshot of a monitor" and the keep-the-latest-few cleanup.
  (t) => [index("check_screenshots_monitor_idx").on(t.monitorId, t.startedAt)],
);
