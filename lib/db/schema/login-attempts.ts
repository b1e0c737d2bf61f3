import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Failed sign-ins per key (email and client address), to slow down guessing. */
export const loginAttempts = sqliteTable("login_attempts", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailureAt: integer("last_failure_at").notNull(),
});
