import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A place probes run from. Results refer to it by a small integer to keep rows short. */
export const regions = sqliteTable("regions", {
  id: integer("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: integer("created_at").notNull(),
});
