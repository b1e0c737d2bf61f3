import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES, users } from "./users";

/**
 * Invitations by emailed link (lib/auth/invites.ts). The link's token is stored only as its
 * SHA-256; an invite works once (`used_at`) and until `expires_at`.
 */
export const userInvites = sqliteTable(
  "user_invites",
  {
    id: integer("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** Null once the admin who invited is removed; the invite still works. */
    invitedBy: integer("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  // Serves the users page's list of open invites and replacing an address's open invite.
  (t) => [index("user_invites_email_idx").on(t.email)],
);
