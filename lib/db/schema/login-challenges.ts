import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/**
 * A sign-in between its two steps: the password was right, the second factor is still due. Not a
 * session: it only lets its holder enter a code, for a few minutes (lib/auth/two-factor.ts).
 */
export const loginChallenges = sqliteTable(
  "login_challenges",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: integer("expires_at").notNull(),
  },
  // Serves pruning expired challenges.
  (t) => [index("login_challenges_expires_idx").on(t.expiresAt)],
);
