import { integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";
import { stateMachineColumns } from "./monitor-states";
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
    ...stateMachineColumns(),
  },
  (t) => [primaryKey({ columns: [t.monitorId, t.regionId] })],
);
