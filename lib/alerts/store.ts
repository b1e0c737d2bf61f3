import type { InStatement } from "@libsql/client";
import { sql } from "drizzle-orm";
import type { ConfigEnv } from "../config/env";
import { parseDurationMs } from "../config/units";
import type { Db } from "../db/client";
import type { Transition } from "../status/state";

const OPEN_MONITOR = "kind = 'monitor_down' AND monitor_id = ? AND resolved_at IS NULL";

/** The live policy with this id, else the live policy keyed "default" (null: nobody to tell). */
const POLICY_FOR = (monitorPolicy: string) => `(SELECT id FROM escalation_policies WHERE archived_at IS NULL AND id = coalesce(${monitorPolicy},
  (SELECT id FROM escalation_policies WHERE key = 'default' AND archived_at IS NULL)))`;

/** The regions behind an alert, as data (see the alerts schema); none for a region's silence. */
export interface AlertRegions {
  downRegions: string[];
  liveRegions: string[];
}
const NO_REGIONS: AlertRegions = { downRegions: [], liveRegions: [] };

/** Opens an alert that starts its escalation at once (next_at = opened_at) when it has a policy. */
function openAlert(
  kind: "monitor_down" | "region_silent",
  subject: { monitorId?: number; regionId?: number },
  title: string,
  reason: string,
  at: number,
  regions: AlertRegions = NO_REGIONS,
): InStatement {
  const policy = POLICY_FOR(subject.monitorId !== undefined ? "(SELECT escalation_policy_id FROM monitors WHERE id = ?)" : "NULL");
  return {
    sql: `INSERT INTO alerts (kind, monitor_id, region_id, title, reason, opened_at, down_regions, live_regions, policy_id, next_at)
          SELECT ?, ?, ?, ?, ?, ?, ?, ?, p.id, CASE WHEN p.id IS NULL THEN NULL ELSE ? END FROM (SELECT ${policy} AS id) p
          WHERE true ON CONFLICT DO NOTHING`,
    args: [
      kind, subject.monitorId ?? null, subject.regionId ?? null, title, reason, at, JSON.stringify(regions.downRegions), JSON.stringify(regions.liveRegions), at,
      ...(subject.monitorId !== undefined ? [subject.monitorId] : []),
    ],
  };
}

/**
 * Statements that keep a monitor's alert in step with a transition: down opens one (the partial
 * unique index keeps it to one, so a replayed batch or a new coordinator never opens a second).
 * Only maintenance holds it back: flapping never swallows the first alert (flapping decides how
 * many messages follow, not whether someone is told). Recovery does not resolve it here: an
 * alert resolves once the recovery has held (see `resolveMonitorAlertStatement`).
 */
export function monitorAlertStatements(monitor: { id: number; name: string }, t: Transition, hold: "maintenance" | null): InStatement[] {
  if (t.to === "down" && !hold) {
    const regions = { downRegions: t.downRegions ?? [], liveRegions: t.liveRegions ?? [] };
    return [openAlert("monitor_down", { monitorId: monitor.id }, `${monitor.name} is down`, t.reason, t.at, regions)];
  }
  return [];
}

/**
 * A recovered monitor's alert keeps firing this long after the recovery before it resolves, so a
 * monitor that bounces straight back down stays one alert, not an alert and a recovery per bounce
 * (Prometheus calls this keep_firing_for). While the monitor is flagged flapping it keeps firing
 * until the flag clears.
 */
export function alertKeepFiringMs(intervalMs: number): number {
  return 2 * intervalMs;
}

/** Resolves a monitor's open alert as of `at` (when it recovered), with the reason in words. */
export function resolveMonitorAlertStatement(monitorId: number, at: number, reason: string): InStatement {
  return { sql: `UPDATE alerts SET resolved_at = ?, resolve_reason = ?, next_at = NULL WHERE ${OPEN_MONITOR}`, args: [at, reason, monitorId] };
}

/**
 * Pausing a monitor while its alert is open acknowledges the alert in the pauser's name: the
 * cascade stops (whoever paused it knows), but the alert stays open and listed, and resolves only
 * when the monitor is seen recovered after it is resumed. A pause never makes an outage vanish,
 * and never sends a recovery that did not happen.
 */
export function acknowledgeOnPauseStatement(monitorId: number, by: string, at: number): InStatement {
  return {
    sql: `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, next_at = NULL WHERE ${OPEN_MONITOR} AND acknowledged_at IS NULL`,
    args: [at, `${by} (paused the monitor)`, monitorId],
  };
}

/** A probe region that has not reported for this long raises its own alert. */
export const REGION_SILENT_ALERT_MS = 3 * 60_000;

/**
 * REGION_SILENT_AFTER (e.g. "3m"), else REGION_SILENT_ALERT_MS: how long a probe region may be
 * silent before it raises an alert. The coordinator acts on it; the dashboard says it.
 */
export function regionSilentAfterMs(env: ConfigEnv = process.env): number {
  const text = env.REGION_SILENT_AFTER;
  if (!text) return REGION_SILENT_ALERT_MS;
  const ms = parseDurationMs(text);
  if (ms === undefined || ms < 1_000) throw new Error(`REGION_SILENT_AFTER must be a duration of at least 1s such as "3m" or "90s", got "${text}"`);
  return ms;
}

const minutes = (ms: number) => `${Math.max(1, Math.round(ms / 60_000))} min`;

/**
 * Opens an alert for each probe region whose pulse is older than `silentAfterMs`
 * ("probe eu-west silent for 3 min") and resolves it when the region reports again. Regions
 * are those that have ever sent a probe pulse.
 */
export async function checkRegionSilence(db: Db, now = Date.now(), silentAfterMs = REGION_SILENT_ALERT_MS): Promise<{ opened: string[]; resolved: string[] }> {
  const rows = await db.all<{ region_id: number; name: string; last_beat_at: number; host: string; open_id: number | null; opened_at: number | null }>(sql`
    SELECT r.id AS region_id, r.name AS name, h.last_beat_at AS last_beat_at, h.host AS host, a.id AS open_id, a.opened_at AS opened_at
    FROM worker_heartbeats h JOIN regions r ON r.name = h.region
    LEFT JOIN alerts a ON a.kind = 'region_silent' AND a.region_id = r.id AND a.resolved_at IS NULL
    WHERE h.role = 'probe'`);
  const statements: InStatement[] = [];
  const opened: string[] = [];
  const resolved: string[] = [];
  for (const r of rows) {
    const silentMs = now - Number(r.last_beat_at);
    if (silentMs > silentAfterMs && r.open_id === null) {
      opened.push(r.name);
      statements.push(
        openAlert(
          "region_silent",
          { regionId: Number(r.region_id) },
          `probe ${r.name} silent for ${minutes(silentMs)}`,
          `no heartbeat from region ${r.name} since ${new Date(Number(r.last_beat_at)).toISOString()} (last seen on host ${r.host}); its monitors fall back to the remaining regions`,
          now,
        ),
      );
    } else if (silentMs <= silentAfterMs && r.open_id !== null) {
      resolved.push(r.name);
      statements.push({
        sql: `UPDATE alerts SET resolved_at = ?, resolve_reason = ?, next_at = NULL WHERE id = ? AND resolved_at IS NULL`,
        args: [now, `probe ${r.name} reporting again after ${minutes(now - Number(r.opened_at ?? now) + silentAfterMs)} of silence`, r.open_id],
      });
    }
  }
  if (statements.length) await db.$client.batch(statements, "write");
  return { opened, resolved };
}

export type AlertRow = AlertRegions & {
  id: number;
  kind: "monitor_down" | "region_silent";
  title: string;
  reason: string;
  openedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  resolvedAt: number | null;
  resolveReason: string | null;
  monitorKey: string | null;
};

/** Open alerts first, then the most recent resolved ones. */
export async function listAlerts(db: Db, limit = 50): Promise<AlertRow[]> {
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT a.id, a.kind, a.title, a.reason, a.down_regions, a.live_regions, a.opened_at, a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.resolve_reason,
      m.key AS monitor_key
    FROM alerts a LEFT JOIN monitors m ON m.id = a.monitor_id
    ORDER BY a.resolved_at IS NULL DESC, a.opened_at DESC LIMIT ${limit}`);
  return rows.map(toAlertRow);
}

/** Marks an open alert as taken by someone; false when it was already acknowledged or resolved. */
export async function acknowledgeAlert(db: Db, id: number, by: string, now = Date.now()): Promise<boolean> {
  const res = await db.$client.execute({
    // The cascade stops here: nothing more is due.
    sql: "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, next_at = NULL WHERE id = ? AND acknowledged_at IS NULL AND resolved_at IS NULL",
    args: [now, by, id],
  });
  return res.rowsAffected > 0;
}

/** One alert by id (for the acknowledge page). */
export async function getAlert(db: Db, id: number): Promise<AlertRow | null> {
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT a.id, a.kind, a.title, a.reason, a.down_regions, a.live_regions, a.opened_at, a.acknowledged_at, a.acknowledged_by, a.resolved_at, a.resolve_reason,
      m.key AS monitor_key
    FROM alerts a LEFT JOIN monitors m ON m.id = a.monitor_id WHERE a.id = ${id}`);
  return rows[0] ? toAlertRow(rows[0]) : null;
}

function toAlertRow(r: Record<string, unknown>): AlertRow {
  return {
    id: Number(r.id),
    kind: r.kind as AlertRow["kind"],
    title: String(r.title),
    reason: String(r.reason),
    ...regionsOfRow(r),
    openedAt: Number(r.opened_at),
    acknowledgedAt: r.acknowledged_at == null ? null : Number(r.acknowledged_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    resolvedAt: r.resolved_at == null ? null : Number(r.resolved_at),
    resolveReason: (r.resolve_reason as string | null) ?? null,
    monitorKey: (r.monitor_key as string | null) ?? null,
  };
}

/** An alert row's regions (JSON text columns; rows from before them hold '[]'). */
export function regionsOfRow(r: { down_regions?: unknown; live_regions?: unknown }): AlertRegions {
  const names = (text: unknown): string[] => (typeof text === "string" ? (JSON.parse(text) as string[]) : []);
  return { downRegions: names(r.down_regions), liveRegions: names(r.live_regions) };
}
