import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: integer("id").primaryKey(),
  email: text("email").notNull().unique(),
  /** scrypt$N$r$p$salt$hash (lib/auth/password.ts). */
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
});
