import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { MONITOR_STATUSES } from "./monitor-states";
import { monitors } from "./monitors";

/**
 * Each region's own view of a monitor (the state machine run on that region's results alone).
 * The monitor's state is the quorum over its live regions (lib/status/quorum.ts).
 */
export const monitorRegionStates = sqliteTable(
  "monitor_region_states",
  {
    monitorId: integer("monitor_id")
      .notNull()
      .references(() => monitors.id),
    regionId: integer("region_id").notNull(),
    status: text("status", { enum: MONITOR_STATUSES }).notNull(),
    since: integer("since").notNull(),
    downStreak: integer("down_streak").notNull().default(0),
    degradedStreak: integer("degraded_streak").notNull().default(0),
    upStreak: integer("up_streak").notNull().default(0),
    notDownStreak: integer("not_down_streak").notNull().default(0),
    lastResultAt: integer("last_result_at"),
    lastMessage: text("last_message"),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.regionId] })],
);
