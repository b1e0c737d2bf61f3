/**
 * One-off maintenance windows from the dashboard and the API, with times in the sender's zone,
 * and the list of windows ahead and in progress (one-off or from a schedule). A window is an
 * incident of kind "maintenance": this module validates the times and audits, and
 * lib/incidents/manage.ts does the writing, so every window behaves the same.
 */
import { z } from "zod";
import { recordAudit, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import type { IncidentStatus } from "../db/schema/incidents";
import { fieldError, invalidInput, UserError } from "../errors";
import { getIncident, maintenancePhase, MAX_BODY_LENGTH, postUpdate, scheduleMaintenance, scheduleMaintenanceInput, type MaintenancePhase } from "../incidents/manage";
import { assertBounded, instantOf, MAX_WINDOW_MS, timeField, timeZoneField } from "./times";

export const windowInput = scheduleMaintenanceInput.extend({
  scheduledFor: timeField.meta({ description: "Start: ISO 8601 with an offset (2026-11-26T14:00:00+01:00), epoch ms, or a local 2026-11-26T14:00 read in timeZone (UTC when none is sent)." }),
  scheduledUntil: timeField.meta({ description: "End, in the same forms as the start." }),
  timeZone: timeZoneField.optional().meta({ description: "IANA time zone of local times without an offset, like Europe/Berlin." }),
});
export type WindowInput = z.input<typeof windowInput>;

/** Schedules a one-off window; returns its incident id. */
export async function scheduleWindow(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<number> {
  const r = windowInput.safeParse(input);
  if (!r.success) throw invalidInput(r.error);
  const v = r.data;
  // Without a zone, local times are UTC, as this API always read them.
  const from = instantOf(v.scheduledFor, v.timeZone ?? "UTC", "scheduledFor", "start");
  const until = instantOf(v.scheduledUntil, v.timeZone ?? "UTC", "scheduledUntil", "end");
  assertBounded(from, now, "scheduledFor", "start");
  assertBounded(until, now, "scheduledUntil", "end");
  if (until <= now) throw fieldError("scheduledUntil", `That window has already ended: set an end time in the future (times are read in ${v.timeZone ?? "UTC"}).`);
  if (until > from && until - from > MAX_WINDOW_MS) throw fieldError("scheduledUntil", "A window lasts at most 7 days: set an earlier end, or schedule several windows.");
  // scheduleMaintenance writes the "maintenance.schedule" audit entry in the same batch.
  return scheduleMaintenance(db, actor, { title: v.title, body: v.body, componentIds: v.componentIds, scheduledFor: from, scheduledUntil: until, published: v.published }, now);
}

const MAX_NOTE_LENGTH = MAX_BODY_LENGTH;
export const endWindowInput = z.object({
  body: z.string().trim().max(MAX_NOTE_LENGTH, { error: `Shorten the message to at most ${MAX_NOTE_LENGTH} characters.` }).optional().meta({ description: "Markdown note for the timeline; a default is written when empty." }),
});

/**
 * Ends a window now: one that has not started is cancelled, one in progress completes early.
 * Either way it is completed at this time with a note (subscribers of a published one hear it),
 * and alert suppression ends with it (lib/incidents/windows.ts reads the completion time).
 */
export async function endWindow(db: Db, actor: Actor, id: number, input: unknown = {}, now = Date.now()): Promise<"cancelled" | "completed"> {
  const r = endWindowInput.safeParse(input ?? {});
  if (!r.success) throw invalidInput(r.error);
  const d = await getIncident(db, id);
  if (!d || d.incident.kind !== "maintenance") throw new UserError("not_found", `There is no maintenance window #${id}: it may have been deleted.`);
  const phase = maintenancePhase(d.incident, now);
  if (phase === "completed") throw new UserError("conflict", `Maintenance #${id} is completed already.`);
  const outcome = phase === "upcoming" ? "cancelled" : "completed";
  const body = r.data.body || (outcome === "cancelled" ? "This maintenance is cancelled." : "This maintenance is completed.");
  await postUpdate(db, actor, id, { status: "completed", body }, now);
  await recordAudit(db, actor, { action: outcome === "cancelled" ? "maintenance.cancel" : "maintenance.complete", entity: "incident", entityId: id, before: { status: d.incident.status } }, now);
  return outcome;
}

export interface WindowSummary {
  id: number;
  title: string;
  status: IncidentStatus;
  phase: MaintenancePhase;
  published: boolean;
  scheduledFor: number;
  scheduledUntil: number;
  components: string[];
  /** The schedule it is an occurrence of; null for a one-off window. */
  scheduleId: number | null;
}

/** Most windows one list shows: two weeks of a few daily schedules. */
export const MAX_LISTED_WINDOWS = 200;

/** Windows in progress and ahead, soonest first (open maintenance, on the open-incident index). */
export async function listOpenWindows(db: Db, now = Date.now()): Promise<WindowSummary[]> {
  const rows = await db.$client.execute({
    sql: `SELECT i.id, i.title, i.status, i.published, i.resolved_at, i.scheduled_for, i.scheduled_until, o.schedule_id,
            (SELECT json_group_array(name) FROM (SELECT c.name FROM incident_components ic JOIN components c ON c.id = ic.component_id
              WHERE ic.incident_id = i.id ORDER BY c.display_order, c.name)) AS components
          FROM incidents i LEFT JOIN maintenance_occurrences o ON o.incident_id = i.id
          WHERE i.kind = 'maintenance' AND i.resolved_at IS NULL AND i.merged_into IS NULL AND i.scheduled_for IS NOT NULL
          ORDER BY i.scheduled_for, i.id LIMIT ?`,
    args: [MAX_LISTED_WINDOWS],
  });
  return rows.rows.map((r) => {
    const status = String(r.status) as IncidentStatus;
    const scheduledFor = Number(r.scheduled_for);
    return {
      id: Number(r.id),
      title: String(r.title),
      status,
      phase: maintenancePhase({ status, resolvedAt: null, scheduledFor }, now),
      published: Number(r.published) === 1,
      scheduledFor,
      scheduledUntil: Number(r.scheduled_until),
      components: JSON.parse(String(r.components ?? "[]")) as string[],
      scheduleId: r.schedule_id === null ? null : Number(r.schedule_id),
    };
  });
}
