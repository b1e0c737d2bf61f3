import { integer, primaryKey, sqliteTable, uniqueIndex } from "drizzle-orm/sqlite-core";
import { incidents } from "./incidents";
import { maintenanceSchedules } from "./maintenance-schedules";

/**
 * Which maintenance incident stands for which occurrence of a schedule. The primary key makes
 * materializing idempotent: a restart or a second coordinator cannot create an occurrence twice.
 */
export const maintenanceOccurrences = sqliteTable(
  "maintenance_occurrences",
  {
    scheduleId: integer("schedule_id")
      .notNull()
      .references(() => maintenanceSchedules.id),
    /** The occurrence's start as the schedule computed it (epoch ms). */
    startsAt: integer("starts_at").notNull(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
  },
  (t) => [
    primaryKey({ columns: [t.scheduleId, t.startsAt] }),
    // Serves "which schedule made this window" on the maintenance lists.
    uniqueIndex("maintenance_occurrences_incident_idx").on(t.incidentId),
  ],
);
