/**
 * Recurring maintenance: create, update, archive and read schedules. Occurrences become ordinary
 * maintenance incidents through ./materialize.ts, so the page, notices and alert suppression
 * treat them like any other window. Every change is audited in the same batch.
 */
import type { InStatement, InValue } from "@libsql/client";
import { and, asc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { auditStatement, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { INCIDENT_IMPACTS } from "../db/schema/incidents";
import { maintenanceSchedules } from "../db/schema/maintenance-schedules";
import { fieldError, invalidInput, UserError } from "../errors";
import { assertComponents, scheduleMaintenanceInput } from "../incidents/manage";
import { materializeSchedules, removeFutureOccurrences } from "./materialize";
import { cronOf, describeRecurrence, occurrencesBetween, recurrenceInput, recurrenceOf, type Recurrence } from "./recurrence";
import { assertBounded, MAX_AHEAD_MS, MAX_WINDOW_MS, timeZoneField } from "./times";
import { utcToZonedInput, zonedToUtc } from "./zoned-time";

export const MAX_DURATION_MIN = MAX_WINDOW_MS / 60_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateField = (what: string) => z.string({ error: `Enter the ${what} as a date, like 2026-11-26.` }).trim().regex(DATE, { error: `Enter the ${what} as a date, like 2026-11-26.` });

/** A schedule's fields as sent, without defaults (an update sends only what changes). */
const scheduleFields = {
  // The same words and limits as a one-off window's.
  title: scheduleMaintenanceInput.shape.title,
  body: scheduleMaintenanceInput.shape.body,
  componentIds: scheduleMaintenanceInput.shape.componentIds.unwrap(),
  impact: z.enum(INCIDENT_IMPACTS, { error: "Choose an impact: none, minor, major or critical." }),
  recurrence: recurrenceInput,
  timeZone: timeZoneField,
  durationMinutes: z
    .number({ error: `Enter the duration in minutes, from 1 to ${MAX_DURATION_MIN}.` })
    .int({ error: `Enter the duration in whole minutes, from 1 to ${MAX_DURATION_MIN}.` })
    .min(1, { error: `Enter the duration in minutes, from 1 to ${MAX_DURATION_MIN}.` })
    .max(MAX_DURATION_MIN, { error: `A window lasts at most 7 days (${MAX_DURATION_MIN} minutes): shorten it.` }),
  /** The first day occurrences may start, in timeZone. */
  startDate: dateField("start date"),
  /** The last day occurrences may start, in timeZone; none: for good. */
  endDate: dateField("end date").nullable(),
  published: z.boolean({ error: "Send published as true or false." }),
};

export const scheduleInput = z.object({
  ...scheduleFields,
  componentIds: scheduleFields.componentIds.default([]),
  impact: scheduleFields.impact.default("none"),
  endDate: scheduleFields.endDate.default(null),
  published: scheduleFields.published.default(false),
});
/** An update: any of the fields; the rest keep their values. */
export const schedulePatch = z.object(scheduleFields).partial();

export type ScheduleInput = z.input<typeof scheduleInput>;
type ScheduleValues = z.output<typeof scheduleInput>;

export type ScheduleRow = typeof maintenanceSchedules.$inferSelect;

/** A schedule for people and the API: what it is, in words, and when it next runs. */
export interface ScheduleView {
  id: number;
  title: string;
  body: string;
  componentIds: number[];
  impact: ScheduleValues["impact"];
  recurrence: Recurrence;
  cron: string;
  timeZone: string;
  description: string;
  durationMinutes: number;
  startDate: string;
  endDate: string | null;
  published: boolean;
  origin: ScheduleRow["origin"];
  nextOccurrence: number | null;
  createdAt: number;
  updatedAt: number;
  archivedAt: number | null;
}

const dayAfter = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The stored bounds of the chosen dates: midnight of the start date, midnight after the end date. */
function boundsOf(v: ScheduleValues): { startsAt: number; endsAt: number | null } {
  const startsAt = zonedToUtc(v.startDate, v.timeZone);
  if (startsAt === null) throw fieldError("startDate", "That start date does not exist: choose another day.");
  if (v.endDate === null) return { startsAt, endsAt: null };
  const endsAt = zonedToUtc(dayAfter(v.endDate), v.timeZone);
  if (endsAt === null || zonedToUtc(v.endDate, v.timeZone) === null) throw fieldError("endDate", "That end date does not exist: choose another day.");
  if (endsAt <= startsAt) throw fieldError("endDate", "The end date is before the start date: choose a later end date, or none.");
  return { startsAt, endsAt };
}

/** The next start at or after `from`, within two years and before the schedule ends; null when there is none. */
function nextStart(cron: string, timeZone: string, from: number, endsAt: number | null, now: number): number | null {
  const to = Math.min(endsAt ?? Infinity, now + MAX_AHEAD_MS);
  if (from >= to) return null;
  const [first] = occurrencesBetween(cron, timeZone, from, Math.min(to, from + 400 * 86_400_000));
  return first ?? null;
}

function parse(input: unknown): ScheduleValues {
  const r = scheduleInput.safeParse(input);
  if (!r.success) throw invalidInput(r.error);
  return r.data;
}

/** Validates everything a stored schedule must satisfy; `previous` lets an edit keep a start date that has passed. */
async function validated(db: Db, input: unknown, now: number, previous?: ScheduleRow) {
  const v = parse(input);
  const cron = cronOf(v.recurrence);
  const { startsAt, endsAt } = boundsOf(v);
  if (startsAt !== previous?.startsAt) assertBounded(startsAt, now, "startDate", "start date");
  if (endsAt !== null && endsAt !== previous?.endsAt) assertBounded(endsAt, now, "endDate", "end date");
  await assertComponents(db, v.componentIds);
  if (nextStart(cron, v.timeZone, Math.max(now, startsAt), endsAt, now) === null) {
    throw fieldError("recurrence", "This schedule never occurs between its start and end dates: change the recurrence or the dates.");
  }
  return { v, cron, startsAt, endsAt };
}

/** What an audit entry keeps of a schedule. */
const auditView = (r: Pick<ScheduleRow, "title" | "cron" | "timeZone" | "durationMin" | "startsAt" | "endsAt" | "componentIds" | "impact" | "published">) => ({
  title: r.title,
  recurrence: describeRecurrence(r.cron, r.timeZone),
  cron: r.cron,
  timeZone: r.timeZone,
  durationMin: r.durationMin,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  componentIds: JSON.parse(r.componentIds),
  impact: r.impact,
  published: r.published,
});

async function load(db: Db, id: number): Promise<ScheduleRow> {
  const [row] = Number.isSafeInteger(id) ? await db.select().from(maintenanceSchedules).where(eq(maintenanceSchedules.id, id)) : [];
  if (!row) throw new UserError("not_found", `There is no maintenance schedule #${id}: it may have been deleted.`);
  return row;
}

async function loadLive(db: Db, id: number): Promise<ScheduleRow> {
  const row = await load(db, id);
  if (row.archivedAt !== null) throw new UserError("conflict", `Maintenance schedule #${id} is archived: create a new one instead.`);
  return row;
}

/** Creates a schedule and its occurrences up to the horizon; returns its id. */
export async function createSchedule(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<number> {
  const { v, cron, startsAt, endsAt } = await validated(db, input, now);
  const row = { title: v.title, cron, timeZone: v.timeZone, durationMin: v.durationMinutes, startsAt, endsAt, componentIds: JSON.stringify(v.componentIds), impact: v.impact, published: v.published };
  const results = await db.$client.batch(
    [
      {
        sql: `INSERT INTO maintenance_schedules (title, body, component_ids, impact, cron, time_zone, duration_min, starts_at, ends_at, published, origin, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'ui', ?, ?)`,
        args: [v.title, v.body, row.componentIds, v.impact, cron, v.timeZone, v.durationMinutes, startsAt, endsAt, v.published ? 1 : 0, now, now],
      },
      withNewScheduleId(auditStatement(actor, { action: "maintenance_schedule.create", entity: "maintenance_schedule", after: auditView(row) }, now)),
    ],
    "write",
  );
  const id = Number(results[0].lastInsertRowid);
  await materializeSchedules(db, now, id);
  return id;
}

/**
 * The audit insert with its entity id taken from the schedule inserted just before it: a new
 * row's id is max(id) inside the write transaction (as lib/incidents/manage.ts does).
 */
function withNewScheduleId(audit: InStatement): InStatement {
  const args = [...(audit as { args: InValue[] }).args];
  args.splice(6, 1);
  return {
    sql: `INSERT INTO audit_log (at, actor_user_id, actor, source, action, entity, entity_id, before, after)
          VALUES (?, ?, ?, ?, ?, ?, (SELECT CAST(max(id) AS TEXT) FROM maintenance_schedules), ?, ?)`,
    args,
  };
}

/**
 * Changes a schedule (fields left out keep their values). Its future occurrences that have not
 * started are replaced by the new shape at once; past and running ones stay as they were.
 */
export async function updateSchedule(db: Db, actor: Actor, id: number, input: unknown, now = Date.now()): Promise<void> {
  const row = await loadLive(db, id);
  const patch = typeof input === "object" && input !== null ? input : {};
  const { v, cron, startsAt, endsAt } = await validated(db, { ...inputOf(row), ...patch }, now, row);
  const next = { title: v.title, cron, timeZone: v.timeZone, durationMin: v.durationMinutes, startsAt, endsAt, componentIds: JSON.stringify(v.componentIds), impact: v.impact, published: v.published };
  const results = await db.$client.batch(
    [
      {
        sql: `UPDATE maintenance_schedules SET title = ?, body = ?, component_ids = ?, impact = ?, cron = ?, time_zone = ?, duration_min = ?, starts_at = ?, ends_at = ?,
                published = ?, materialized_until = 0, updated_at = ? WHERE id = ? AND archived_at IS NULL AND updated_at = ?`,
        args: [v.title, v.body, next.componentIds, v.impact, cron, v.timeZone, v.durationMinutes, startsAt, endsAt, v.published ? 1 : 0, now, row.id, row.updatedAt],
      },
      ...removeFutureOccurrences(row.id, now),
      auditStatement(actor, { action: "maintenance_schedule.update", entity: "maintenance_schedule", entityId: row.id, before: auditView(row), after: auditView(next) }, now),
    ],
    "write",
  );
  if (results[0].rowsAffected === 0) throw new UserError("conflict", `Maintenance schedule #${row.id} changed meanwhile: reload the page and try again.`);
  await materializeSchedules(db, now, row.id);
}

/** Archives a schedule: its future occurrences that have not started go; past and running ones stay. */
export async function archiveSchedule(db: Db, actor: Actor, id: number, now = Date.now()): Promise<void> {
  const row = await loadLive(db, id);
  const results = await db.$client.batch(
    [
      { sql: "UPDATE maintenance_schedules SET archived_at = ?, updated_at = ? WHERE id = ? AND archived_at IS NULL", args: [now, now, row.id] },
      ...removeFutureOccurrences(row.id, now),
      auditStatement(actor, { action: "maintenance_schedule.archive", entity: "maintenance_schedule", entityId: row.id, before: auditView(row) }, now),
    ] satisfies InStatement[],
    "write",
  );
  if (results[0].rowsAffected === 0) throw new UserError("conflict", `Maintenance schedule #${row.id} is archived already.`);
}

/** A stored schedule as the input that would make it (to fill the edit form, or to patch). */
export function inputOf(row: ScheduleRow): z.output<typeof scheduleInput> {
  return {
    title: row.title,
    body: row.body,
    componentIds: JSON.parse(row.componentIds) as number[],
    impact: row.impact,
    recurrence: recurrenceOf(row.cron),
    timeZone: row.timeZone,
    durationMinutes: row.durationMin,
    startDate: utcToZonedInput(row.startsAt, row.timeZone).slice(0, 10),
    endDate: row.endsAt === null ? null : utcToZonedInput(row.endsAt - 86_400_000 / 2, row.timeZone).slice(0, 10),
    published: row.published,
  };
}

function view(row: ScheduleRow, now: number): ScheduleView {
  const input = inputOf(row);
  return {
    id: row.id,
    title: row.title,
    body: row.body,
    componentIds: input.componentIds,
    impact: row.impact,
    recurrence: input.recurrence,
    cron: row.cron,
    timeZone: row.timeZone,
    description: describeRecurrence(row.cron, row.timeZone),
    durationMinutes: row.durationMin,
    startDate: input.startDate,
    endDate: input.endDate,
    published: row.published,
    origin: row.origin,
    nextOccurrence: row.archivedAt === null ? nextStart(row.cron, row.timeZone, Math.max(now, row.startsAt), row.endsAt, now) : null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    archivedAt: row.archivedAt,
  };
}

/** Live schedules, oldest first (archived ones too when asked). */
export async function listSchedules(db: Db, opts: { archived?: boolean } = {}, now = Date.now()): Promise<ScheduleView[]> {
  const rows = await db
    .select()
    .from(maintenanceSchedules)
    .where(opts.archived ? undefined : isNull(maintenanceSchedules.archivedAt))
    .orderBy(asc(maintenanceSchedules.id))
    .limit(500);
  return rows.map((r) => view(r, now));
}

/** One schedule; not_found when there is none. */
export async function getSchedule(db: Db, id: number, now = Date.now()): Promise<ScheduleView> {
  return view(await load(db, id), now);
}

/** Live schedules with this id (for pages that must not show an archived one's form). */
export async function getLiveSchedule(db: Db, id: number, now = Date.now()): Promise<ScheduleView | null> {
  const [row] = Number.isSafeInteger(id) ? await db.select().from(maintenanceSchedules).where(and(eq(maintenanceSchedules.id, id), isNull(maintenanceSchedules.archivedAt))) : [];
  return row ? view(row, now) : null;
}
