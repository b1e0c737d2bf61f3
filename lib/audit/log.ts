/**
 * The audit log: who changed what, when, from where, with the entity before and after.
 * Every mutation of the team's data (dashboard, API, config file) writes one entry, in the same
 * batch as the change where the caller batches (`auditStatement`), so a change is never
 * recorded without its entry or the other way round.
 */
import type { InStatement } from "@libsql/client";
import { and, desc, eq, lt } from "drizzle-orm";
import type { Db } from "../db/client";
import { auditLog, type AuditSource } from "../db/schema/audit-log";

/** Who acts: a signed-in user, a user's API key, the config file, or the product itself. */
export interface Actor {
  userId: number | null;
  /** In words, as it is now; stored, so the entry still reads right after a rename or removal. */
  label: string;
  source: AuditSource;
}

/** A signed-in user acting through the dashboard (or the API, with `source: "api"`). */
export function userActor(user: { id: number; email: string }, source: AuditSource = "ui"): Actor {
  return { userId: user.id, label: user.email, source };
}

export const CONFIG_ACTOR: Actor = { userId: null, label: "status.config.yaml", source: "config" };
export const SYSTEM_ACTOR: Actor = { userId: null, label: "the product", source: "system" };
/** Someone at the hub's shell running one of the npm scripts (the command names itself). */
export const cliActor = (command: string): Actor => ({ userId: null, label: command, source: "cli" });

/** A signed-in user acting in the dashboard. */
export function dashboardActor(user: { id: number; email: string }): Actor {
  return { userId: user.id, label: user.email, source: "ui" };
}

export interface AuditChange {
  /** `<entity>.<verb>`: "monitor.create", "monitor.pause", "user.invite". */
  action: `${string}.${string}`;
  entity: string;
  /** `{ sql }`: an expression read inside the batch (the id of a row inserted just before). */
  entityId?: string | number | null | { sql: string };
  before?: unknown;
  after?: unknown;
}

/** Entries older than this are pruned with the other retention (lib/results/retention.ts). */
export const AUDIT_LOG_RETENTION_MS = 400 * 86_400_000;

/** A snapshot stored in `before`/`after` is cut past this many characters (the entry says so). */
export const AUDIT_SNAPSHOT_MAX_CHARS = 16_384;

/** Field names whose values never enter the log (they are shown as "[redacted]"). */
const SECRET_FIELD = /pass(word)?|secret|token|api_?key|auth|hash|totp|recovery|cookie|private/i;

/** A JSON snapshot with secret fields redacted, cut to AUDIT_SNAPSHOT_MAX_CHARS. */
export function snapshot(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const json = JSON.stringify(value, (key, v) => (key && SECRET_FIELD.test(key) && v !== null && v !== undefined && v !== "" ? "[redacted]" : v));
  if (json === undefined) return null;
  if (json.length <= AUDIT_SNAPSHOT_MAX_CHARS) return json;
  return JSON.stringify({ truncated: true, chars: json.length, start: json.slice(0, AUDIT_SNAPSHOT_MAX_CHARS - 100) });
}

/**
 * The entry as a raw statement, to commit in the same batch as the change it records. `onlyIf`
 * is an SQL condition read in the batch: `changes() > 0` after a guarded UPDATE writes the entry
 * only when the change happened.
 */
export function auditStatement(actor: Actor, change: AuditChange, now = Date.now(), opts: { onlyIf?: string } = {}): InStatement {
  const idSql = typeof change.entityId === "object" && change.entityId !== null ? change.entityId.sql : null;
  return {
    sql: `INSERT INTO audit_log (at, actor_user_id, actor, source, action, entity, entity_id, before, after)
          SELECT ?, ?, ?, ?, ?, ?, ${idSql === null ? "?" : `CAST((${idSql}) AS TEXT)`}, ?, ?${opts.onlyIf ? ` WHERE ${opts.onlyIf}` : ""}`,
    args: [
      now,
      actor.userId,
      actor.label.slice(0, 320),
      actor.source,
      change.action,
      change.entity,
      ...(idSql !== null ? [] : [change.entityId === undefined || change.entityId === null ? null : String(change.entityId as string | number | null)]),
      snapshot(change.before),
      snapshot(change.after),
    ],
  };
}

/** Writes one entry on its own (for changes that are a single statement already committed). */
export async function recordAudit(db: Db, actor: Actor, change: AuditChange, now = Date.now()): Promise<void> {
  await db.$client.execute(auditStatement(actor, change, now));
}

export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  source: AuditSource;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * Newest first, `limit` at a time; `before` is the id cursor of the previous page's last entry.
 * Optionally one entity's history.
 */
export async function listAudit(
  db: Db,
  opts: { limit?: number; before?: number; entity?: string; entityId?: string } = {},
): Promise<{ entries: AuditEntry[]; next: number | null }> {
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const where = and(
    opts.before ? lt(auditLog.id, opts.before) : undefined,
    opts.entity ? eq(auditLog.entity, opts.entity) : undefined,
    opts.entityId !== undefined ? eq(auditLog.entityId, opts.entityId) : undefined,
  );
  const rows = await db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(limit + 1);
  const page = rows.slice(0, limit);
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      source: r.source,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      before: parse(r.before),
      after: parse(r.after),
    })),
    next: rows.length > limit ? page[page.length - 1].id : null,
  };
}
