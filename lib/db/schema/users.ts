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
});
