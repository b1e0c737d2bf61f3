import type { InStatement, ResultSet } from "@libsql/client";
import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { auditStatement, type Actor } from "../audit/log";
import { fieldError, invalidInput, UserError } from "../errors";
import { components } from "../db/schema/components";
import {
  COMPONENT_IMPACTS,
  incidentComponents,
  incidents,
  incidentUpdates,
  INCIDENT_IMPACTS,
  INCIDENT_STATUSES,
  MAINTENANCE_STATUSES,
  type ComponentImpact,
  type IncidentImpact,
  type IncidentKind,
  type IncidentStatus,
} from "../db/schema/incidents";
import { componentImpactRankSql, incidentImpactRankSql } from "./impact";
import { monitorIsPublicSql, teamTimelineSources } from "./timeline";

/**
 * The one place where incidents and maintenance change by hand (the coordinator's automatic
 * incidents are in ./auto.ts). Every function validates its input and throws a UserError
 * whose message says what to change; every write is one batch (one transaction) with its audit
 * entry, in the name of the `actor` (a dashboard user, or an API key's user).
 */

/** The status that closes each kind. */
const FINAL_STATUS: Record<IncidentKind, IncidentStatus> = { incident: "resolved", maintenance: "completed" };
const STATUSES_OF: Record<IncidentKind, readonly IncidentStatus[]> = { incident: INCIDENT_STATUSES, maintenance: MAINTENANCE_STATUSES };

/**
 * Maintenance affects components without an outage; the column needs a value, so its rows carry
 * the mildest impact and readers show them as "under maintenance" by the incident's kind.
 */
export const MAINTENANCE_COMPONENT_IMPACT: ComponentImpact = "degraded_performance";
/** The public page lists maintenance this far ahead. */
export const MAINTENANCE_LOOKAHEAD_MS = 14 * 86_400_000;
export const MAX_TITLE_LENGTH = 200;
export const MAX_BODY_LENGTH = 20_000;

const words = (s: string) => s.replace(/_/g, " ");
const list = (xs: readonly string[]) => xs.map(words).join(", ");

// ---------------------------------------------------------------------------------------------
// Input schemas: what a form or API may send. Messages are shown to the user as they are.

const title = z
  .string({ error: "Give it a title." })
  .trim()
  .min(1, { error: "Give it a title." })
  .max(MAX_TITLE_LENGTH, { error: `Shorten the title to at most ${MAX_TITLE_LENGTH} characters.` });
const body = z
  .string({ error: "Write a message." })
  .trim()
  .min(1, { error: "Write a message: it is what customers read." })
  .max(MAX_BODY_LENGTH, { error: `Shorten the message to at most ${MAX_BODY_LENGTH} characters.` });
const impact = z.enum(INCIDENT_IMPACTS, { error: `Choose an impact: ${list(INCIDENT_IMPACTS)}.` });
const componentId = z.number({ error: "Choose components from the list." }).int().positive();
const componentImpacts = z
  .array(z.object({ componentId, impact: z.enum(COMPONENT_IMPACTS, { error: `Choose a component impact: ${list(COMPONENT_IMPACTS)}.` }) }))
  .max(200)
  .refine((xs) => new Set(xs.map((x) => x.componentId)).size === xs.length, { error: "Each component can be listed once." });
const status = z.enum([...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES], {
  error: `Choose a status: ${list(INCIDENT_STATUSES)} (incidents) or ${list(MAINTENANCE_STATUSES)} (maintenance).`,
});

const DATETIME_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
/**
 * A time as epoch ms, or as a form's `datetime-local` value ("2026-11-26T14:00"), which is read as
 * UTC: the product shows every time in UTC, so the form does too.
 */
const utcTime = (what: string) =>
  z.union([
    z.number().int().nonnegative(),
    z.string().transform((value, ctx) => {
      const m = DATETIME_LOCAL.exec(value.trim());
      const ms = m ? Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +(m[6] ?? 0)) : NaN;
      // Date.UTC rolls 2026-02-31 over into March: a round trip catches it.
      if (!m || Number.isNaN(ms) || new Date(ms).getUTCDate() !== +m[3]) {
        ctx.addIssue({ code: "custom", message: `Enter the ${what} as a date and time in UTC, like 2026-11-26T14:00.` });
        return z.NEVER;
      }
      return ms;
    }),
  ], { error: `Enter the ${what} as a date and time in UTC, like 2026-11-26T14:00.` });

export const createIncidentInput = z.object({
  title,
  status: z.enum(INCIDENT_STATUSES, { error: `Choose a status: ${list(INCIDENT_STATUSES)}.` }),
  impact,
  componentImpacts: componentImpacts.default([]),
  body,
  published: z.boolean().default(false),
});
export type CreateIncidentInput = z.input<typeof createIncidentInput>;

export const postUpdateInput = z.object({ status, body });
export type PostUpdateInput = z.input<typeof postUpdateInput>;

export const editIncidentInput = z.object({
  title: title.optional(),
  impact: impact.optional(),
  componentImpacts: componentImpacts.optional(),
  /** Maintenance only: a new window. */
  scheduledFor: utcTime("start").optional(),
  scheduledUntil: utcTime("end").optional(),
});
export type EditIncidentInput = z.input<typeof editIncidentInput>;

export const scheduleMaintenanceInput = z.object({
  title,
  body,
  componentIds: z
    .array(componentId)
    .max(200)
    .refine((xs) => new Set(xs).size === xs.length, { error: "Each component can be listed once." })
    .default([]),
  scheduledFor: utcTime("start"),
  scheduledUntil: utcTime("end"),
  published: z.boolean().default(false),
});
export type ScheduleMaintenanceInput = z.input<typeof scheduleMaintenanceInput>;

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalidInput(r.error);
}

// ---------------------------------------------------------------------------------------------
// Writes

export type IncidentRow = typeof incidents.$inferSelect;

export async function load(db: Db, id: number): Promise<IncidentRow> {
  const [row] = Number.isSafeInteger(id) ? await db.select().from(incidents).where(eq(incidents.id, id)) : [];
  if (!row) throw new UserError("not_found", `There is no incident #${id}: it may have been deleted.`);
  return row;
}

export function label(row: IncidentRow) {
  return row.kind === "maintenance" ? `Maintenance #${row.id}` : `Incident #${row.id}`;
}

export function notMerged(row: IncidentRow) {
  if (row.mergedInto !== null) throw new UserError("conflict", `${label(row)} was merged into incident #${row.mergedInto}: change that one instead.`);
}

export async function assertComponents(db: Db, ids: number[]) {
  if (ids.length === 0) return;
  const found = await db
    .select({ id: components.id })
    .from(components)
    .where(and(inArray(components.id, ids), isNull(components.archivedAt)));
  const known = new Set(found.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw new UserError("invalid_input", `There is no component with id ${missing.join(", ")}: choose components from the list.`);
}

function insertComponents(incidentIdSql: string, incidentIdArgs: (number | string)[], rows: { componentId: number; impact: ComponentImpact }[]): InStatement {
  return {
    sql: `INSERT INTO incident_components (incident_id, component_id, impact)
          SELECT ${incidentIdSql}, value->>0, value->>1 FROM json_each(?)`,
    args: [...incidentIdArgs, JSON.stringify(rows.map((r) => [r.componentId, r.impact]))],
  };
}

/** An audit entry written only when the guarded statement just before it changed a row. */
const AFTER_CHANGE = { onlyIf: "changes() > 0" };

async function write(db: Db, statements: InStatement[]): Promise<ResultSet[]> {
  return db.$client.batch(statements, "write");
}


/**
 * Inserts a new incident row and the rows that point at it in one transaction. The new row's id
 * is `max(id)` inside that write transaction: SQLite gives a new rowid one past the largest, and
 * no other writer can run in between (last_insert_rowid() would move with every child insert).
 */
const NEW_ID = "(SELECT max(id) FROM incidents)";

/** Opens an incident by hand, with its first timeline entry and the components it affects. */
export async function createIncident(db: Db, actor: Actor, input: CreateIncidentInput, now = Date.now()): Promise<number> {
  const v = parse(createIncidentInput, input);
  await assertComponents(db, v.componentImpacts.map((c) => c.componentId));
  const resolvedAt = v.status === "resolved" ? now : null;
  const results = await write(db, [
    {
      sql: `INSERT INTO incidents (title, kind, status, impact, source, published, started_at, resolved_at, created_at, updated_at)
            VALUES (?, 'incident', ?, ?, 'manual', ?, ?, ?, ?, ?)`,
      args: [v.title, v.status, v.impact, v.published ? 1 : 0, now, resolvedAt, now, now],
    },
    { sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) VALUES (${NEW_ID}, ?, ?, ?)`, args: [v.status, v.body, now] },
    ...(v.componentImpacts.length ? [insertComponents(NEW_ID, [], v.componentImpacts)] : []),
    auditStatement(actor, { action: "incident.create", entity: "incident", entityId: { sql: NEW_ID }, after: v }, now),
  ]);
  return Number(results[0].lastInsertRowid);
}

/** Schedules maintenance: a "scheduled" entry now; the coordinator moves it along by time. */
export async function scheduleMaintenance(db: Db, actor: Actor, input: ScheduleMaintenanceInput, now = Date.now()): Promise<number> {
  const v = parse(scheduleMaintenanceInput, input);
  checkWindow(v.scheduledFor, v.scheduledUntil, now);
  await assertComponents(db, v.componentIds);
  const results = await write(db, [
    {
      // started_at is the window's start, so history lists sort maintenance by when it happens.
      sql: `INSERT INTO incidents (title, kind, status, impact, source, published, started_at, scheduled_for, scheduled_until, created_at, updated_at)
            VALUES (?, 'maintenance', 'scheduled', 'none', 'manual', ?, ?, ?, ?, ?, ?)`,
      args: [v.title, v.published ? 1 : 0, v.scheduledFor, v.scheduledFor, v.scheduledUntil, now, now],
    },
    { sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) VALUES (${NEW_ID}, 'scheduled', ?, ?)`, args: [v.body, now] },
    ...(v.componentIds.length
      ? [insertComponents(NEW_ID, [], v.componentIds.map((componentId) => ({ componentId, impact: MAINTENANCE_COMPONENT_IMPACT })))]
      : []),
    auditStatement(actor, { action: "maintenance.schedule", entity: "incident", entityId: { sql: NEW_ID }, after: v }, now),
  ]);
  return Number(results[0].lastInsertRowid);
}

function checkWindow(from: number, until: number, now: number) {
  if (until <= from) throw fieldError("scheduledUntil", "The maintenance must end after it starts: set the end later than the start.");
  if (until <= now) throw fieldError("scheduledUntil", "That window has already ended: set an end time in the future (times are UTC).");
}

/**
 * Adds a timeline entry and moves the incident to its status. Resolving (or completing) records
 * the time; a closed incident can take further notes in its final status but never reopens.
 * Starting maintenance early moves its window's start to now, so everything that reads windows by
 * time (alert suppression, uptime) agrees with what the team said.
 */
export async function postUpdate(db: Db, actor: Actor, incidentId: number, input: PostUpdateInput, now = Date.now()): Promise<void> {
  const v = parse(postUpdateInput, input);
  const row = await load(db, incidentId);
  notMerged(row);
  const final = FINAL_STATUS[row.kind];
  if (!STATUSES_OF[row.kind].includes(v.status)) {
    throw new UserError("invalid_input", `“${words(v.status)}” is not a status for ${row.kind}: choose ${list(STATUSES_OF[row.kind])}.`);
  }
  if (row.resolvedAt !== null && v.status !== final) {
    throw new UserError(
      "conflict",
      `${label(row)} is ${words(final)} and cannot go back to “${words(v.status)}”: post a “${words(final)}” note, or open a new ${row.kind === "incident" ? "incident" : "maintenance"}.`,
    );
  }
  // The same guard on both statements: if the incident was closed or merged meanwhile, neither runs.
  const guard = `EXISTS (SELECT 1 FROM incidents WHERE id = ? AND merged_into IS NULL AND (resolved_at IS NULL OR ? = '${final}'))`;
  const startsEarly = row.kind === "maintenance" && v.status === "in_progress" && row.scheduledFor !== null && row.scheduledFor > now;
  const results = await write(db, [
    { sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT ?, ?, ?, ? WHERE ${guard}`, args: [row.id, v.status, v.body, now, row.id, v.status] },
    {
      sql: `UPDATE incidents SET status = ?, updated_at = ?,
              resolved_at = CASE WHEN ? = '${final}' THEN coalesce(resolved_at, ?) ELSE resolved_at END,
              scheduled_for = CASE WHEN ? THEN ? ELSE scheduled_for END,
              started_at = CASE WHEN ? THEN ? ELSE started_at END
            WHERE id = ? AND ${guard}`,
      args: [v.status, now, v.status, now, startsEarly ? 1 : 0, now, startsEarly ? 1 : 0, now, row.id, row.id, v.status],
    },
    auditStatement(actor, { action: "incident.update", entity: "incident", entityId: row.id, before: { status: row.status }, after: v }, now, AFTER_CHANGE),
  ]);
  if (results[1].rowsAffected === 0) throw new UserError("conflict", `${label(row)} changed meanwhile: reload the page and try again.`);
}

/** Changes title, impact, affected components (replacing the list) or, for maintenance, the window. */
export async function editIncident(db: Db, actor: Actor, incidentId: number, input: EditIncidentInput, now = Date.now()): Promise<void> {
  const v = parse(editIncidentInput, input);
  const row = await load(db, incidentId);
  notMerged(row);
  const statements: InStatement[] = [];
  const set: string[] = [];
  const args: (string | number)[] = [];
  if (v.title !== undefined) {
    set.push("title = ?");
    args.push(v.title);
  }
  if (v.impact !== undefined) {
    set.push("impact = ?");
    args.push(v.impact);
  }
  if (v.scheduledFor !== undefined || v.scheduledUntil !== undefined) {
    if (row.kind !== "maintenance") throw new UserError("invalid_input", "Only maintenance has a window: leave the start and end empty for an incident.");
    if (row.resolvedAt !== null) throw new UserError("conflict", `${label(row)} is completed: its window can no longer move.`);
    const from = v.scheduledFor ?? row.scheduledFor!;
    const until = v.scheduledUntil ?? row.scheduledUntil!;
    checkWindow(from, until, now);
    if (row.status !== "scheduled" && from !== row.scheduledFor) {
      throw new UserError("conflict", `${label(row)} has started: only its end can move.`);
    }
    set.push("scheduled_for = ?", "scheduled_until = ?", "started_at = ?");
    args.push(from, until, from);
  }
  if (v.componentImpacts !== undefined) {
    await assertComponents(db, v.componentImpacts.map((c) => c.componentId));
    const rows = row.kind === "maintenance" ? v.componentImpacts.map((c) => ({ ...c, impact: MAINTENANCE_COMPONENT_IMPACT })) : v.componentImpacts;
    statements.push({ sql: "DELETE FROM incident_components WHERE incident_id = ?", args: [row.id] });
    if (rows.length) statements.push(insertComponents("?", [row.id], rows));
  }
  statements.push(
    { sql: `UPDATE incidents SET ${[...set, "updated_at = ?"].join(", ")} WHERE id = ?`, args: [...args, now, row.id] },
    auditStatement(
      actor,
      { action: "incident.edit", entity: "incident", entityId: row.id, before: { title: row.title, impact: row.impact, scheduledFor: row.scheduledFor, scheduledUntil: row.scheduledUntil }, after: v },
      now,
    ),
  );
  await write(db, statements);
}

/** Shows or hides an incident on the public page. */
export async function publishIncident(db: Db, actor: Actor, incidentId: number, published: boolean, now = Date.now()): Promise<void> {
  const row = await load(db, incidentId);
  notMerged(row);
  if (published && row.dismissedAt !== null) {
    throw new UserError("conflict", `${label(row)} was dismissed as no incident: open a new incident to tell customers about it.`);
  }
  await write(db, [
    { sql: "UPDATE incidents SET published = ?, updated_at = ? WHERE id = ? AND (? = 0 OR dismissed_at IS NULL)", args: [published ? 1 : 0, now, row.id, published ? 1 : 0] },
    auditStatement(actor, { action: published ? "incident.publish" : "incident.unpublish", entity: "incident", entityId: row.id, before: { published: row.published }, after: { published } }, now, AFTER_CHANGE),
  ]);
}

/**
 * Merges an automatic incident into a manual one that the team writes for customers: its
 * components move to the target (each component keeps the worse impact; the target's impact too),
 * and the automatic one is marked merged but stays open, so the coordinator keeps writing to the
 * target's timeline instead of opening a duplicate while the monitor is still failing.
 * Timeline entries keep their privacy (./timeline.ts): a public monitor's entries and the note
 * saying what was merged move to the target's timeline; a private monitor's stay with the
 * automatic incident, which the dashboard shows inside the target's timeline and no public page
 * shows at all.
 */
export async function mergeIncident(db: Db, actor: Actor, autoId: number, intoId: number, now = Date.now()): Promise<void> {
  const [from, into] = [await load(db, autoId), await load(db, intoId)];
  if (from.id === into.id) throw new UserError("invalid_input", "An incident cannot be merged into itself: choose another one.");
  if (from.source !== "auto" || from.kind !== "incident") throw new UserError("invalid_input", `${label(from)} was opened by hand: only automatic incidents can be merged.`);
  notMerged(from);
  if (into.source !== "manual" || into.kind !== "incident") {
    throw new UserError("invalid_input", `${label(into)} is not a manual incident: merge into an incident the team opened.`);
  }
  if (into.mergedInto !== null) throw new UserError("invalid_input", `${label(into)} was itself merged: merge into incident #${into.mergedInto} instead.`);
  if (into.resolvedAt !== null) throw new UserError("conflict", `${label(into)} is resolved: merge into an open incident.`);

  // Checked again inside the transaction, on every statement, so a concurrent merge or resolution cannot half-apply.
  const guard = `EXISTS (SELECT 1 FROM incidents WHERE id = ? AND source = 'auto' AND merged_into IS NULL)
    AND EXISTS (SELECT 1 FROM incidents WHERE id = ? AND source = 'manual' AND kind = 'incident' AND merged_into IS NULL AND resolved_at IS NULL)`;
  const g = [from.id, into.id];
  const note = `Merged automatic incident #${from.id} “${from.title}” into this incident, with its ${from.resolvedAt === null ? "open" : "resolved"} timeline and affected components.`;
  const sourceIsPublic = monitorIsPublicSql("(SELECT monitor_id FROM incidents WHERE id = ?)");
  const results = await write(db, [
    // The note first: the entries it is written with are the automatic incident's own.
    {
      sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT ?, status, ?, ? FROM incidents WHERE id = ? AND ${guard}`,
      args: [from.id, note, now, into.id, ...g],
    },
    { sql: `UPDATE incident_updates SET incident_id = ? WHERE incident_id = ? AND ${sourceIsPublic} AND ${guard}`, args: [into.id, from.id, from.id, ...g] },
    {
      sql: `INSERT INTO incident_components (incident_id, component_id, impact)
            SELECT ?, component_id, impact FROM incident_components WHERE incident_id = ? AND ${guard}
            ON CONFLICT (incident_id, component_id) DO UPDATE SET impact =
              CASE WHEN ${componentImpactRankSql("excluded.impact")} > ${componentImpactRankSql("incident_components.impact")} THEN excluded.impact ELSE incident_components.impact END`,
      args: [into.id, from.id, ...g],
    },
    { sql: `DELETE FROM incident_components WHERE incident_id = ? AND ${guard}`, args: [from.id, ...g] },
    {
      sql: `UPDATE incidents SET updated_at = ?,
              impact = CASE WHEN ${incidentImpactRankSql("?")} > ${incidentImpactRankSql("impact")} THEN ? ELSE impact END
            WHERE id = ? AND ${guard}`,
      args: [now, from.impact, from.impact, into.id, ...g],
    },
    // Last: it changes what the guard reads.
    { sql: `UPDATE incidents SET merged_into = ?, updated_at = ? WHERE id = ? AND ${guard}`, args: [into.id, now, from.id, ...g] },
    auditStatement(actor, { action: "incident.merge", entity: "incident", entityId: from.id, after: { mergedInto: into.id } }, now, AFTER_CHANGE),
  ]);
  if (results[results.length - 1].rowsAffected === 0) throw new UserError("conflict", "One of the incidents changed meanwhile: reload the page and try again.");
}

// ---------------------------------------------------------------------------------------------
// Maintenance by time (called by the coordinator)

const DUE_MAINTENANCE = `kind = 'maintenance' AND scheduled_for <= ? AND resolved_at IS NULL`;

/**
 * Moves maintenance along by time: a window that has started goes to "in progress", one that has
 * ended to "completed" (resolved at its scheduled end), each with a timeline entry at the time it
 * happened. Idempotent, and when nothing is due it is one read on the maintenance index (its
 * `scheduled_for <= now` range holds only maintenance rows, a few per month).
 */
export async function advanceMaintenance(db: Db, now = Date.now()): Promise<{ started: number[]; completed: number[] }> {
  const due = await db.$client.execute({
    sql: `SELECT id FROM incidents INDEXED BY incidents_maintenance_idx
          WHERE ${DUE_MAINTENANCE} AND (status = 'scheduled' OR scheduled_until <= ?)`,
    args: [now, now],
  });
  if (due.rows.length === 0) return { started: [], completed: [] };
  const ids = JSON.stringify(due.rows.map((r) => Number(r.id)));
  const starting = `id IN (SELECT value FROM json_each(?)) AND ${DUE_MAINTENANCE} AND status = 'scheduled' AND scheduled_until > ?`;
  const ending = `id IN (SELECT value FROM json_each(?)) AND ${DUE_MAINTENANCE} AND scheduled_until <= ?`;
  const results = await write(db, [
    {
      sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT id, 'in_progress', 'Maintenance in progress', scheduled_for FROM incidents WHERE ${starting}`,
      args: [ids, now, now],
    },
    { sql: `UPDATE incidents SET status = 'in_progress', updated_at = ? WHERE ${starting} RETURNING id`, args: [now, ids, now, now] },
    {
      sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT id, 'completed', 'Maintenance completed', scheduled_until FROM incidents WHERE ${ending}`,
      args: [ids, now, now],
    },
    { sql: `UPDATE incidents SET status = 'completed', resolved_at = scheduled_until, updated_at = ? WHERE ${ending} RETURNING id`, args: [now, ids, now, now] },
  ]);
  const idsOf = (r: ResultSet) => r.rows.map((x) => Number(x.id)).sort((a, b) => a - b);
  return { started: idsOf(results[1]), completed: idsOf(results[3]) };
}

// ---------------------------------------------------------------------------------------------
// Reads for the dashboard

export type MaintenancePhase = "upcoming" | "active" | "completed";

/** Where a maintenance stands for people: by its status, and by its window while the coordinator catches up. */
export function maintenancePhase(m: { status: IncidentStatus; resolvedAt: number | null; scheduledFor: number | null }, now = Date.now()): MaintenancePhase {
  if (m.resolvedAt !== null || m.status === "completed") return "completed";
  if (m.status !== "scheduled" || (m.scheduledFor !== null && m.scheduledFor <= now)) return "active";
  return "upcoming";
}

export interface IncidentSummary {
  id: number;
  title: string;
  kind: IncidentKind;
  status: IncidentStatus;
  impact: IncidentImpact;
  source: "auto" | "manual";
  published: boolean;
  startedAt: number;
  resolvedAt: number | null;
  scheduledFor: number | null;
  scheduledUntil: number | null;
  updatedAt: number;
  /** Names of the affected components. */
  components: string[];
}

export const INCIDENT_PAGE_SIZE = 25;

/**
 * One kind's incidents for the dashboard, merged ones left out: open ones first (newest first;
 * maintenance soonest first), then closed ones newest first. `page` counts from 1.
 */
export async function listIncidents(
  db: Db,
  opts: { kind?: IncidentKind; page?: number; pageSize?: number } = {},
): Promise<{ items: IncidentSummary[]; page: number; hasMore: boolean }> {
  const kind = opts.kind ?? "incident";
  const pageSize = Math.min(Math.max(1, Math.floor(opts.pageSize ?? INCIDENT_PAGE_SIZE)), 200);
  const page = Math.max(1, Math.floor(Number.isFinite(opts.page) ? opts.page! : 1));
  const open = sql`(${incidents.resolvedAt} IS NULL) DESC`;
  const order =
    kind === "maintenance"
      ? [open, sql`CASE WHEN ${incidents.resolvedAt} IS NULL THEN ${incidents.scheduledFor} END ASC`, desc(incidents.scheduledFor), desc(incidents.id)]
      : [open, desc(incidents.startedAt), desc(incidents.id)];
  const rows = await db
    .select({
      id: incidents.id,
      title: incidents.title,
      kind: incidents.kind,
      status: incidents.status,
      impact: incidents.impact,
      source: incidents.source,
      published: incidents.published,
      startedAt: incidents.startedAt,
      resolvedAt: incidents.resolvedAt,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
      updatedAt: incidents.updatedAt,
    })
    .from(incidents)
    .where(and(eq(incidents.kind, kind), isNull(incidents.mergedInto)))
    .orderBy(...order)
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize);
  const items = rows.slice(0, pageSize);
  const names = await componentNames(db, items.map((r) => r.id));
  return { items: items.map((r) => ({ ...r, components: names.get(r.id) ?? [] })), page, hasMore: rows.length > pageSize };
}

async function componentNames(db: Db, incidentIds: number[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  if (incidentIds.length === 0) return out;
  const rows = await db
    .select({ incidentId: incidentComponents.incidentId, name: components.name })
    .from(incidentComponents)
    .innerJoin(components, eq(components.id, incidentComponents.componentId))
    .where(inArray(incidentComponents.incidentId, incidentIds))
    .orderBy(asc(components.displayOrder), asc(components.name));
  for (const r of rows) out.set(r.incidentId, [...(out.get(r.incidentId) ?? []), r.name]);
  return out;
}

export interface IncidentDetail {
  incident: IncidentRow;
  /** Newest first. */
  updates: { id: number; status: IncidentStatus; body: string; createdAt: number }[];
  components: { id: number; name: string; impact: ComponentImpact; isPublic: boolean }[];
  /** Automatic incidents merged into this one. */
  mergedFrom: { id: number; title: string }[];
}

/**
 * One incident with its timeline (merged incidents' entries included, public or not: this is the
 * team's view), components and what was merged into it; null when there is none.
 */
export async function getIncident(db: Db, incidentId: number): Promise<IncidentDetail | null> {
  if (!Number.isSafeInteger(incidentId)) return null;
  const [incident] = await db.select().from(incidents).where(eq(incidents.id, incidentId));
  if (!incident) return null;
  const [updates, affected, mergedFrom] = await Promise.all([
    db
      .select({ id: incidentUpdates.id, status: incidentUpdates.status, body: incidentUpdates.body, createdAt: incidentUpdates.createdAt })
      .from(incidentUpdates)
      .where(inArray(incidentUpdates.incidentId, teamTimelineSources(incidentId)))
      .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id)),
    db
      .select({ id: components.id, name: components.name, impact: incidentComponents.impact, isPublic: components.isPublic })
      .from(incidentComponents)
      .innerJoin(components, eq(components.id, incidentComponents.componentId))
      .where(eq(incidentComponents.incidentId, incidentId))
      .orderBy(asc(components.displayOrder), asc(components.name)),
    db.select({ id: incidents.id, title: incidents.title }).from(incidents).where(eq(incidents.mergedInto, incidentId)).orderBy(asc(incidents.id)),
  ]);
  return { incident, updates, components: affected, mergedFrom };
}

/** Where an automatic incident can be merged: open manual incidents, newest first. */
export async function listMergeTargets(db: Db): Promise<{ id: number; title: string }[]> {
  return db
    .select({ id: incidents.id, title: incidents.title })
    .from(incidents)
    .where(and(eq(incidents.kind, "incident"), eq(incidents.source, "manual"), isNull(incidents.resolvedAt), isNull(incidents.mergedInto)))
    .orderBy(desc(incidents.startedAt), desc(incidents.id));
}

/** Components an incident can name, in page order. */
export async function listComponentChoices(db: Db): Promise<{ id: number; name: string; isPublic: boolean }[]> {
  return db
    .select({ id: components.id, name: components.name, isPublic: components.isPublic })
    .from(components)
    .where(isNull(components.archivedAt))
    .orderBy(asc(components.displayOrder), asc(components.name));
}
