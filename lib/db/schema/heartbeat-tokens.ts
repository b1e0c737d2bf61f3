import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { monitors } from "./monitors";

/** The secret in a heartbeat monitor's push URL (/api/push/<token>): random, one per monitor. */
export const heartbeatTokens = sqliteTable("heartbeat_tokens", {
  monitorId: integer("monitor_id")
    .primaryKey()
    .references(() => monitors.id),
  /** 32 random bytes, base64url. Shown to admins on the dashboard, never on public pages. */
  token: text("token").notNull().unique(),
  createdAt: integer("created_at").notNull(),
});
