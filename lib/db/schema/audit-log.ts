import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users";

/** Where a change came from. */
export const AUDIT_SOURCES = ["ui", "api", "config", "system", "cli"] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

/**
 * One row per mutation of the team's data, whoever made it (lib/audit/log.ts). Rows are only
 * appended; retention prunes the oldest. `before`/`after` are JSON with secrets redacted and a
 * size cap, so the log can be shown to every signed-in user.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey(),
    at: integer("at").notNull(),
    /** Null for the config file and the product itself; kept when the user is deleted. */
    actorUserId: integer("actor_user_id").references(() => users.id, { onDelete: "set null" }),
    /** Who, in words, as it was when the change was made ("ana@example.com", "API key ci-deploy", "status.config.yaml"). */
    actor: text("actor").notNull(),
    source: text("source", { enum: AUDIT_SOURCES }).notNull(),
    /** `<entity>.<verb>`, e.g. "monitor.create", "user.invite". */
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    /** The entity's key or id as text; null for actions on no single entity. */
    entityId: text("entity_id"),
    before: text("before"),
    after: text("after"),
  },
  (t) => [
    // Serves the dashboard's audit page (newest first) and retention (oldest first).
    index("audit_log_at_idx").on(t.at),
    // Serves one entity's history ("who changed this monitor").
    index("audit_log_entity_idx").on(t.entity, t.entityId, t.at),
  ],
);
