import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { componentGroups, ORIGINS } from "./component-groups";

/** What customers see on the status page: a service, made healthy or not by its monitors. */
export const components = sqliteTable(
  "components",
  {
    id: integer("id").primaryKey(),
    key: text("key").notNull().unique(),
    name: text("name").notNull(),
    description: text("description"),
    groupId: integer("group_id").references(() => componentGroups.id),
    displayOrder: integer("display_order").notNull().default(0),
    isPublic: integer("is_public", { mode: "boolean" }).notNull().default(true),
    /** Show a response-time sparkline on the public page. */
    showLatency: integer("show_latency", { mode: "boolean" }).notNull().default(true),
    /** Incidents opened automatically for this component are published at once (else drafts). */
    publishIncidents: integer("publish_incidents", { mode: "boolean" }).notNull().default(false),
    /** Declared in the config file or created in the dashboard/API (see ORIGINS). */
    origin: text("origin", { enum: ORIGINS }).notNull().default("config"),
    archivedAt: integer("archived_at"),
  },
  (t) => [index("components_group_idx").on(t.groupId, t.displayOrder)],
);
