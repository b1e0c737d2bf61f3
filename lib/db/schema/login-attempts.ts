import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Failed sign-ins per key (email and client address), to slow down guessing. */
export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    /** "email:<address>" or "client:<address>", both bounded in length before they get here. */
    key: text("key").primaryKey(),
    failures: integer("failures").notNull(),
    lastFailureAt: integer("last_failure_at").notNull(),
  },
  // Serves pruning: rows whose failure window has passed.
  (t) => [index("login_attempts_last_failure_idx").on(t.lastFailureAt)],
);
