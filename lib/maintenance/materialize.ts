/**
 * Turns maintenance schedules into ordinary maintenance incidents, MATERIALIZE_HORIZON_MS ahead
 * (and at least each schedule's next occurrence), so the public page's "maintenance ahead",
 * subscriber notices and alert suppression need to know nothing about schedules. The coordinator
 * calls `materializeSchedules` every pass; it reads one index when nothing is due.
 *
 * Idempotent: each occurrence is (schedule id, start) in maintenance_occurrences, whose primary
 * key every insert checks inside its write transaction, so a restart or a second coordinator
 * never creates one twice; and each insert also checks that the schedule has not changed since
 * it was read, so a pass racing an edit cannot bring back the occurrences the edit replaced.
 */
import type { InStatement } from "@libsql/client";
import type { Db } from "../db/client";
import { MAINTENANCE_COMPONENT_IMPACT } from "../incidents/manage";
import { occurrencesBetween } from "./recurrence";

/** Occurrences starting within this much of now exist as incidents. */
export const MATERIALIZE_HORIZON_MS = 14 * 86_400_000;
/** A schedule is looked at again when its materialized horizon is this close to running out. */
export const MATERIALIZE_REFRESH_MS = 3_600_000;
/** How far ahead the next occurrence is looked for when none falls within the horizon (a monthly schedule). */
const NEXT_OCCURRENCE_SEARCH_MS = 400 * 86_400_000;

interface DueSchedule {
  id: number;
  title: string;
  body: string;
  component_ids: string;
  impact: string;
  cron: string;
  time_zone: string;
  duration_min: number;
  starts_at: number;
  ends_at: number | null;
  published: number;
  updated_at: number;
}

/**
 * Creates the missing occurrences of live schedules whose horizon runs out within
 * MATERIALIZE_REFRESH_MS (or only of `scheduleId`, at once, after a change). Returns how many
 * incidents it created.
 */
export async function materializeSchedules(db: Db, now = Date.now(), scheduleId?: number): Promise<{ created: number }> {
  const due = await db.$client.execute({
    sql: `SELECT id, title, body, component_ids, impact, cron, time_zone, duration_min, starts_at, ends_at, published, updated_at
          FROM maintenance_schedules INDEXED BY maintenance_schedules_due_idx
          WHERE archived_at IS NULL AND materialized_until < ? ${scheduleId === undefined ? "" : "AND id = ?"}`,
    args: scheduleId === undefined ? [now + MATERIALIZE_HORIZON_MS - MATERIALIZE_REFRESH_MS] : [now + MATERIALIZE_HORIZON_MS, scheduleId],
  });
  let created = 0;
  for (const raw of due.rows) {
    const s = raw as unknown as DueSchedule;
    created += await materializeOne(db, s, now);
  }
  return { created };
}

/** The starts to create: every one within the horizon, or else the next one. */
function startsOf(s: DueSchedule, now: number): number[] {
  const from = Math.max(now, Number(s.starts_at));
  const end = s.ends_at === null ? Infinity : Number(s.ends_at);
  const within = occurrencesBetween(s.cron, s.time_zone, from, Math.min(end, now + MATERIALIZE_HORIZON_MS));
  if (within.length) return within;
  return occurrencesBetween(s.cron, s.time_zone, from, Math.min(end, from + NEXT_OCCURRENCE_SEARCH_MS)).slice(0, 1);
}

async function materializeOne(db: Db, s: DueSchedule, now: number): Promise<number> {
  const durationMs = Number(s.duration_min) * 60_000;
  const unchanged = `EXISTS (SELECT 1 FROM maintenance_schedules WHERE id = ? AND updated_at = ? AND archived_at IS NULL)`;
  const statements: InStatement[] = [];
  const newId = "(SELECT max(id) FROM incidents)";
  for (const start of startsOf(s, now)) {
    // True until this occurrence's row is written (the last statement), so each statement of the
    // group runs exactly when the first did; a new incident's id is max(id) inside the transaction.
    const guard = `NOT EXISTS (SELECT 1 FROM maintenance_occurrences WHERE schedule_id = ? AND starts_at = ?) AND ${unchanged}`;
    const g = [s.id, start, s.id, s.updated_at];
    statements.push(
      {
        // started_at is the window's start, as lib/incidents/manage.ts scheduleMaintenance sets it.
        sql: `INSERT INTO incidents (title, kind, status, impact, source, published, started_at, scheduled_for, scheduled_until, created_at, updated_at)
              SELECT ?, 'maintenance', 'scheduled', ?, 'manual', ?, ?, ?, ?, ?, ? WHERE ${guard}`,
        args: [s.title, s.impact, s.published, start, start, start + durationMs, now, now, ...g],
      },
      { sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT ${newId}, 'scheduled', ?, ? WHERE ${guard}`, args: [s.body, now, ...g] },
      {
        // Components archived since the schedule was written are left out.
        sql: `INSERT INTO incident_components (incident_id, component_id, impact)
              SELECT ${newId}, c.id, ? FROM json_each(?) j JOIN components c ON c.id = j.value AND c.archived_at IS NULL WHERE ${guard}`,
        args: [MAINTENANCE_COMPONENT_IMPACT, s.component_ids, ...g],
      },
      { sql: `INSERT INTO maintenance_occurrences (schedule_id, starts_at, incident_id) SELECT ?, ?, ${newId} WHERE ${guard}`, args: [s.id, start, ...g] },
    );
  }
  statements.push({
    sql: `UPDATE maintenance_schedules SET materialized_until = ? WHERE id = ? AND updated_at = ? AND archived_at IS NULL`,
    args: [now + MATERIALIZE_HORIZON_MS, s.id, s.updated_at],
  });
  const results = await db.$client.batch(statements, "write");
  let created = 0;
  for (let i = 0; i + 1 < results.length; i += 4) created += results[i].rowsAffected;
  return created;
}

/**
 * Statements that remove a schedule's occurrences that have not started (status scheduled, start
 * after `now`), with their timeline and components; for the same batch as the edit or archive.
 * Past, running, completed and cancelled occurrences stay, and so does their (schedule, start)
 * row, so a cancelled occurrence is not created again.
 */
export function removeFutureOccurrences(scheduleId: number, now: number): InStatement[] {
  const future = `SELECT o.incident_id FROM maintenance_occurrences o JOIN incidents i ON i.id = o.incident_id
    WHERE o.schedule_id = ? AND i.status = 'scheduled' AND i.resolved_at IS NULL AND i.scheduled_for > ?`;
  const a = [scheduleId, now];
  return [
    { sql: `DELETE FROM incident_updates WHERE incident_id IN (${future})`, args: a },
    { sql: `DELETE FROM incident_components WHERE incident_id IN (${future})`, args: a },
    // A draft's memory in the subscriber fan-out (lib/subscriptions/fan-out.ts).
    { sql: `DELETE FROM cursors WHERE name IN (SELECT 'subscriptions:draft:' || incident_id FROM (${future}))`, args: a },
    // The incidents before the rows that find them: foreign keys are checked at commit instead.
    { sql: "PRAGMA defer_foreign_keys = ON" },
    { sql: `DELETE FROM incidents WHERE id IN (${future})`, args: a },
    { sql: "DELETE FROM maintenance_occurrences WHERE schedule_id = ? AND NOT EXISTS (SELECT 1 FROM incidents WHERE id = incident_id)", args: [scheduleId] },
  ];
}
