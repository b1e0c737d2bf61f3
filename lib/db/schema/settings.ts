import { sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Page-wide settings (name, description, branding) from status.config.yaml, and the config file's last error, as JSON values. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull().$type<unknown>(),
});
