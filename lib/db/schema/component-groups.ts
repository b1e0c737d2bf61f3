import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A heading on the status page that gathers components ("API", "Websites"). */
export const componentGroups = sqliteTable("component_groups", {
  id: integer("id").primaryKey(),
  /** Stable key from status.config.yaml; config sync matches on it. */
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  displayOrder: integer("display_order").notNull().default(0),
  /** Archived groups keep their rows (history) but are not shown. */
  archivedAt: integer("archived_at"),
});
