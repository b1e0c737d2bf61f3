import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** A named lease: exactly one holder acts (the coordinator) until it expires. */
export const leases = sqliteTable("leases", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  expiresAt: integer("expires_at").notNull(),
});
