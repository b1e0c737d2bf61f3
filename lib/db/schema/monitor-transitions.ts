import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { MONITOR_STATUSES } from "./monitor-states";
import { monitors } from "./monitors";

/** Every change of a monitor's state, with the reason in words: the incident timeline. */
export const monitorTransitions = sqliteTable(
  "monitor_transitions",
  {
    id: integer("id").primaryKey(),
    monitorId: integer("monitor_id")
      .notNull()
      .references(() => monitors.id),
    at: integer("at").notNull(),
    fromStatus: text("from_status", { enum: MONITOR_STATUSES }).notNull(),
    toStatus: text("to_status", { enum: MONITOR_STATUSES }).notNull(),
    reason: text("reason").notNull(),
  },
  // Serves a monitor's history and the status page's "since" lookups.
  (t) => [index("monitor_transitions_monitor_at_idx").on(t.monitorId, t.at)],
);
