import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** Two-factor recovery codes, each usable once in place of a TOTP code; only their SHA-256 is kept. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: integer("used_at"),
  },
  // Serves checking a code at sign-in and counting the ones left.
  (t) => [index("recovery_codes_user_idx").on(t.userId, t.codeHash)],
);
