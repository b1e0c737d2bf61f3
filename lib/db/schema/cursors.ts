import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Where a consumer got to in an append-only table (the coordinator in check_results). */
export const cursors = sqliteTable("cursors", {
  name: text("name").primaryKey(),
  position: integer("position").notNull(),
});
