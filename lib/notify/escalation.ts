/**
 * The cascade: each open, unacknowledged alert walks its policy's steps in order ("email and
 * Slack now; SMS to on-call after 5 minutes; SMS to the CTO after 15"), then repeats the last step
 * as a reminder until someone acknowledges. A resolved alert tells the channels that were told.
 * Every message is queued in the outbox in the same write as the alert's progress, under a
 * unique key, so a crash or a second coordinator never queues one twice. Time is a parameter:
 * tests walk the cascade with a fake clock.
 */
import type { InStatement } from "@libsql/client";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { EscalationStep } from "../db/schema/notifications";
import { alertMessage, flappingMessage, maintenanceMessage, recoveryMessage, type AlertFacts } from "./messages";
import type { NotificationMessage } from "./types";
import { FLAP_WINDOW_MS } from "../status/flapping";
import { regionsOfRow } from "../alerts/store";

export const DEFAULT_POLICY_KEY = "default";
/** Maintenance started/completed notices are queued while this recent. */
const MAINTENANCE_NOTICE_WINDOW_MS = 6 * 3_600_000;

interface AlertRow {
  id: number;
  kind: AlertFacts["kind"];
  title: string;
  reason: string;
  down_regions: string;
  live_regions: string;
  opened_at: number;
  resolved_at: number | null;
  resolve_reason: string | null;
  next_step: number;
  reminders: number;
  steps: string;
  repeat_every_ms: number | null;
  monitor_key: string | null;
  monitor_name: string | null;
  incident_id: number | null;
}

const ALERT_COLUMNS = sql`a.id, a.kind, a.title, a.reason, a.down_regions, a.live_regions, a.opened_at, a.resolved_at, a.resolve_reason, a.next_step, a.reminders,
  p.steps, p.repeat_every_ms, m.key AS monitor_key, m.name AS monitor_name,
  (SELECT coalesce(i.merged_into, i.id) FROM incidents i WHERE i.monitor_id = a.monitor_id AND i.source = 'auto' AND i.published = 1
    ORDER BY i.id DESC LIMIT 1) AS incident_id`;

function factsOf(r: AlertRow): AlertFacts {
  return {
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    reason: r.reason,
    ...regionsOfRow(r),
    openedAt: Number(r.opened_at),
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    resolveReason: r.resolve_reason,
    monitorKey: r.monitor_key,
    monitorName: r.monitor_name,
    publicIncidentId: r.incident_id === null ? null : Number(r.incident_id),
  };
}

export function enqueueStatement(dedupeKey: string, channelId: number, message: NotificationMessage | Record<string, unknown>, alertId: number | null, now: number): InStatement {
  return {
    sql: `INSERT INTO notification_outbox (dedupe_key, channel_id, message, alert_id, status, attempts, next_attempt_at, created_at)
          VALUES (?, ?, ?, ?, 'pending', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    args: [dedupeKey, channelId, JSON.stringify(message), alertId, now, now],
  };
}

/**
 * Where a policy stands at `now`: how many steps have fired, how many reminders are due, and
 * when the next is due (null: nothing more). Pure.
 */
export function policyProgress(steps: EscalationStep[], repeatEveryMs: number | null, openedAt: number, now: number): { steps: number; reminders: number; nextAt: number | null } {
  let fired = 0;
  while (fired < steps.length && openedAt + steps[fired].afterMs <= now) fired++;
  if (fired < steps.length) return { steps: fired, reminders: 0, nextAt: openedAt + steps[fired].afterMs };
  if (!repeatEveryMs || steps.length === 0) return { steps: fired, reminders: 0, nextAt: null };
  const lastStepAt = openedAt + steps[steps.length - 1].afterMs;
  const reminders = Math.floor((now - lastStepAt) / repeatEveryMs);
  return { steps: fired, reminders, nextAt: lastStepAt + (reminders + 1) * repeatEveryMs };
}

export interface EscalationOutcome {
  /** Messages queued: alert steps, reminders, recoveries, maintenance notices. */
  queued: number;
}

export async function escalate(db: Db, now = Date.now(), env: NodeJS.ProcessEnv = process.env): Promise<EscalationOutcome> {
  const [due, recovered, channelRows, flapping] = await Promise.all([
    db.all<AlertRow>(sql`SELECT ${ALERT_COLUMNS} FROM alerts a INDEXED BY alerts_next_at_idx
      JOIN escalation_policies p ON p.id = a.policy_id LEFT JOIN monitors m ON m.id = a.monitor_id
      WHERE a.next_at IS NOT NULL AND a.next_at <= ${now} AND a.resolved_at IS NULL AND a.acknowledged_at IS NULL`),
    db.all<AlertRow>(sql`SELECT ${ALERT_COLUMNS} FROM alerts a INDEXED BY alerts_recovery_pending_idx
      JOIN escalation_policies p ON p.id = a.policy_id LEFT JOIN monitors m ON m.id = a.monitor_id
      WHERE a.resolved_at IS NOT NULL AND a.recovery_queued_at IS NULL AND a.policy_id IS NOT NULL`),
    db.all<{ id: number; key: string }>(sql`SELECT id, key FROM notification_channels WHERE archived_at IS NULL`),
    // Open alerts of flapping monitors: each gets one flapping notice (the outbox key dedupes).
    db.all<AlertRow & { flaps: number }>(sql`SELECT ${ALERT_COLUMNS}, s.flapping AS flaps FROM alerts a
      JOIN monitor_states s ON s.monitor_id = a.monitor_id AND s.flapping > 0
      JOIN escalation_policies p ON p.id = a.policy_id LEFT JOIN monitors m ON m.id = a.monitor_id
      WHERE a.kind = 'monitor_down' AND a.resolved_at IS NULL`),
  ]);
  const channelId = new Map(channelRows.map((c) => [c.key, Number(c.id)]));
  const statements: InStatement[] = [];
  let queued = 0;
  const queue = (key: string, channels: Iterable<string>, message: NotificationMessage, alertId: number | null) => {
    for (const ch of new Set(channels)) {
      const id = channelId.get(ch);
      if (id === undefined) continue; // a channel removed from the config since
      statements.push(enqueueStatement(`${key}:${ch}`, id, message, alertId, now));
      queued++;
    }
  };

  for (const r of due) {
    const a = factsOf(r);
    const steps = JSON.parse(r.steps) as EscalationStep[];
    const progress = policyProgress(steps, r.repeat_every_ms, a.openedAt, now);
    for (let s = Number(r.next_step); s < progress.steps; s++) queue(`alert:${a.id}:step:${s}`, steps[s].channels, alertMessage(a, now, { env }), a.id);
    // Reminders missed while the coordinator was down collapse into one: nobody needs five at once.
    if (progress.reminders > Number(r.reminders) && steps.length > 0) {
      queue(`alert:${a.id}:reminder:${progress.reminders}`, steps[steps.length - 1].channels, alertMessage(a, now, { reminder: progress.reminders, env }), a.id);
    }
    statements.push({
      sql: "UPDATE alerts SET next_step = ?, reminders = ?, next_at = ? WHERE id = ? AND resolved_at IS NULL AND acknowledged_at IS NULL",
      args: [progress.steps, progress.reminders, progress.nextAt, a.id],
    });
  }

  for (const r of recovered) {
    const a = factsOf(r);
    const steps = JSON.parse(r.steps) as EscalationStep[];
    const told = steps.slice(0, Number(r.next_step)).flatMap((s) => s.channels);
    queue(`alert:${a.id}:recovery`, told, recoveryMessage(a, now, env), a.id);
    statements.push({ sql: "UPDATE alerts SET recovery_queued_at = ? WHERE id = ?", args: [now, a.id] });
  }

  if (flapping.length) {
    // The flapping notice follows the policy like the alert: to the channels told so far (at least the first step).
    const wanted = flapping.map((r) => {
      const steps = JSON.parse(r.steps) as EscalationStep[];
      return { r, key: `alert:${Number(r.id)}:flapping`, channels: [...new Set(steps.slice(0, Math.max(1, Number(r.next_step))).flatMap((s) => s.channels))] };
    });
    const keys = wanted.flatMap((w) => w.channels.map((ch) => `${w.key}:${ch}`));
    // Keys already queued are skipped without a write (the notice goes once per alert, not once per tick).
    const have = new Set(
      (await db.all<{ dedupe_key: string }>(sql`SELECT dedupe_key FROM notification_outbox WHERE dedupe_key IN (SELECT value FROM json_each(${JSON.stringify(keys)}))`)).map((e) => e.dedupe_key),
    );
    for (const w of wanted) {
      const channels = w.channels.filter((ch) => !have.has(`${w.key}:${ch}`));
      if (channels.length) queue(w.key, channels, flappingMessage(factsOf(w.r), { changes: Number(w.r.flaps), windowMs: FLAP_WINDOW_MS }, now, env), Number(w.r.id));
    }
  }

  statements.push(...(await maintenanceNotices(db, now, channelId, env, () => queued++)));
  if (statements.length) await db.$client.batch(statements, "write");
  return { queued };
}

/**
 * Maintenance started and completed go to the first step of the default policy, once each (the
 * outbox key dedupes; keys already queued are skipped without a write).
 */
async function maintenanceNotices(db: Db, now: number, channelId: Map<string, number>, env: NodeJS.ProcessEnv, count: () => void): Promise<InStatement[]> {
  const rows = await db.all<{ id: number; title: string; status: string; scheduled_for: number; scheduled_until: number; resolved_at: number | null; components: string; steps: string | null }>(sql`
    SELECT i.id, i.title, i.status, i.scheduled_for, i.scheduled_until, i.resolved_at,
      (SELECT json_group_array(c.name) FROM incident_components ic JOIN components c ON c.id = ic.component_id WHERE ic.incident_id = i.id) AS components,
      (SELECT steps FROM escalation_policies WHERE key = ${DEFAULT_POLICY_KEY} AND archived_at IS NULL) AS steps
    FROM incidents i INDEXED BY incidents_maintenance_idx
    WHERE i.kind = 'maintenance' AND i.scheduled_for > ${now - 30 * 86_400_000} AND i.scheduled_for <= ${now}
      AND i.status IN ('in_progress', 'verifying', 'completed') AND coalesce(i.resolved_at, i.scheduled_for) > ${now - MAINTENANCE_NOTICE_WINDOW_MS}`);
  if (rows.length === 0 || rows[0].steps === null) return [];
  const first = (JSON.parse(rows[0].steps) as EscalationStep[])[0];
  if (!first) return [];
  const wanted: { key: string; ch: number; message: NotificationMessage }[] = [];
  for (const r of rows) {
    const facts = { id: Number(r.id), title: r.title, scheduledFor: Number(r.scheduled_for), scheduledUntil: Number(r.resolved_at ?? r.scheduled_until), components: JSON.parse(r.components) as string[] };
    const phases: ("started" | "completed")[] = r.status === "completed" ? ["started", "completed"] : ["started"];
    for (const phase of phases) {
      for (const ch of first.channels) {
        const id = channelId.get(ch);
        if (id !== undefined) wanted.push({ key: `maintenance:${r.id}:${phase}:${ch}`, ch: id, message: maintenanceMessage(facts, phase, env) });
      }
    }
  }
  if (wanted.length === 0) return [];
  const existing = await db.all<{ dedupe_key: string }>(
    sql`SELECT dedupe_key FROM notification_outbox WHERE dedupe_key IN (SELECT value FROM json_each(${JSON.stringify(wanted.map((w) => w.key))}))`,
  );
  const have = new Set(existing.map((e) => e.dedupe_key));
  return wanted
    .filter((w) => !have.has(w.key))
    .map((w) => {
      count();
      return enqueueStatement(w.key, w.ch, w.message, null, now);
    });
}
