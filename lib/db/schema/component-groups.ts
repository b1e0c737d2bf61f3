import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Where a group, component or monitor is declared: in status.config.yaml (config sync owns it,
 * the dashboard and API only read it) or in the dashboard or API (it lives in the database).
 */
export const ORIGINS = ["config", "ui"] as const;
export type Origin = (typeof ORIGINS)[number];

/** A heading on the status page that gathers components ("API", "Websites"). */
export const componentGroups = sqliteTable("component_groups", {
  id: integer("id").primaryKey(),
  /** Stable key from status.config.yaml; config sync matches on it. */
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  displayOrder: integer("display_order").notNull().default(0),
  origin: text("origin", { enum: ORIGINS }).notNull().default("config"),
  /** Archived groups keep their rows (history) but are not shown. */
  archivedAt: integer("archived_at"),
});
