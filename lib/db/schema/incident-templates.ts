import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { INCIDENT_IMPACTS, INCIDENT_STATUSES } from "./incidents";

/** A starting point for a new incident: the team's usual words for a usual kind of trouble. */
export const incidentTemplates = sqliteTable(
  "incident_templates",
  {
    id: integer("id").primaryKey(),
    /** How the team finds it in the list ("Database failover"). */
    name: text("name").notNull(),
    title: text("title").notNull(),
    /** The first update's text (Markdown). */
    body: text("body").notNull(),
    impact: text("impact", { enum: INCIDENT_IMPACTS }).notNull(),
    status: text("status", { enum: INCIDENT_STATUSES }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  // Serves the name-taken check and the list sorted by name.
  (t) => [uniqueIndex("incident_templates_name_idx").on(t.name)],
);
