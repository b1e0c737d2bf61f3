import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** What a key may do, least first: `write` includes `read` (lib/auth/api-keys.ts). */
export const API_KEY_SCOPES = ["read", "write"] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * A user's keys for the REST API (/api/v1). The secret (`sm_<id>_<random>`) is shown once, when
 * created; only its SHA-256 is stored. A key acts as its user, never above the user's role.
 */
export const apiKeys = sqliteTable(
  "api_keys",
  {
    /** Random and public (shown in lists, named in the secret), so a request finds its row without the secret. */
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    scope: text("scope", { enum: API_KEY_SCOPES }).notNull(),
    /** SHA-256 of the whole secret, hex. */
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    /** Null: never expires. */
    expiresAt: integer("expires_at"),
    /** Written at most once a minute per key (not on every request). */
    lastUsedAt: integer("last_used_at"),
    revokedAt: integer("revoked_at"),
  },
  // Serves a user's own key list (dashboard, /api/v1/api-keys), newest first.
  (t) => [index("api_keys_user_idx").on(t.userId, t.createdAt)],
);
