import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Roles, least first; each includes the ones before it (lib/auth/roles.ts says what each may do). */
export const ROLES = ["viewer", "editor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  email: text("email").notNull().unique(),
  /** scrypt$N$r$p$salt$hash (lib/auth/password.ts). */
  passwordHash: text("password_hash").notNull(),
  /** A forgotten role reads the least; accounts from before roles became admins (0007). */
  role: text("role", { enum: ROLES }).notNull().default("viewer"),
  createdAt: integer("created_at").notNull(),
  /** TOTP secret (base32), encrypted with lib/secrets/crypto.ts; set while enrolling, kept while enabled. */
  totpSecret: text("totp_secret"),
  /** When two-factor sign-in was turned on; null while off (or while enrolling). */
  totpEnabledAt: integer("totp_enabled_at"),
  /** The last TOTP time step accepted, so one code cannot sign in twice. */
  totpLastStep: integer("totp_last_step"),
});
