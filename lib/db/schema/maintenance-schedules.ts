import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { INCIDENT_IMPACTS } from "./incidents";

/** Where a schedule was made: only the dashboard and the API for now (the config file may follow). */
export const MAINTENANCE_SCHEDULE_ORIGINS = ["ui"] as const;

/**
 * Recurring maintenance: a cron pattern read in an IANA time zone (so 02:30 stays 02:30 local
 * across DST), each occurrence lasting `durationMin`. The coordinator turns occurrences into
 * ordinary maintenance incidents a fixed horizon ahead (lib/maintenance/materialize.ts).
 */
export const maintenanceSchedules = sqliteTable(
  "maintenance_schedules",
  {
    id: integer("id").primaryKey(),
    title: text("title").notNull(),
    /** Markdown: the first timeline entry of every occurrence. */
    body: text("body").notNull(),
    /** JSON array of component ids under maintenance. */
    componentIds: text("component_ids").notNull().default("[]"),
    /** The incident impact each occurrence carries. */
    impact: text("impact", { enum: INCIDENT_IMPACTS }).notNull().default("none"),
    /** Five-field cron pattern ("30 2 * * 0"), built from the presets in lib/maintenance/recurrence.ts. */
    cron: text("cron").notNull(),
    /** IANA time zone the pattern and the dates are read in. */
    timeZone: text("time_zone").notNull(),
    durationMin: integer("duration_min").notNull(),
    /** First and (optional) last moment an occurrence may start: midnight of the chosen dates in timeZone. */
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at"),
    /** Occurrences are published on the status page when they are created. */
    published: integer("published", { mode: "boolean" }).notNull().default(true),
    origin: text("origin", { enum: MAINTENANCE_SCHEDULE_ORIGINS }).notNull().default("ui"),
    /** Occurrences starting before this exist already; 0 asks the next pass to look again. */
    materializedUntil: integer("materialized_until").notNull().default(0),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    archivedAt: integer("archived_at"),
  },
  (t) => [
    // Serves the coordinator's pass: live schedules whose horizon needs extending.
    index("maintenance_schedules_due_idx").on(t.materializedUntil).where(sql`${t.archivedAt} IS NULL`),
  ],
);
