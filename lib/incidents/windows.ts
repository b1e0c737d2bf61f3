import { sql } from "drizzle-orm";
import type { Db } from "../db/client";

/** A maintenance window as the coordinator sees it: the components it covers, and when. */
export interface MaintenanceWindow {
  id: number;
  from: number;
  /** Scheduled end, or the time it was completed early. */
  until: number;
  componentIds: Set<number>;
}

/**
 * Maintenance windows that overlap [from, to]: one indexed query. A window completed early ends
 * when it was completed, and one cancelled before it began covers nothing; drafts count too (the
 * team planned the work, whether or not the page shows it yet).
 */
export async function maintenanceWindows(db: Db, from: number, to: number): Promise<MaintenanceWindow[]> {
  const rows = await db.all<{ id: number; from_ms: number; until_ms: number; components: string | null }>(sql`
    SELECT i.id AS id, i.scheduled_for AS from_ms, min(i.scheduled_until, coalesce(i.resolved_at, i.scheduled_until)) AS until_ms,
      (SELECT json_group_array(component_id) FROM incident_components c WHERE c.incident_id = i.id) AS components
    FROM incidents i
    WHERE i.kind = 'maintenance' AND i.scheduled_for IS NOT NULL AND i.scheduled_for <= ${to}
      AND coalesce(i.resolved_at, i.scheduled_until) > ${from} AND coalesce(i.resolved_at, i.scheduled_until) > i.scheduled_for`);
  return rows.map((r) => ({
    id: Number(r.id),
    from: Number(r.from_ms),
    until: Number(r.until_ms),
    componentIds: new Set((JSON.parse(r.components ?? "[]") as number[]).map(Number)),
  }));
}

/** The parts of [from, to) that a component spends inside maintenance windows, merged and in order. */
export function maintenanceSpans(windows: MaintenanceWindow[], componentId: number | null, from: number, to: number): [number, number][] {
  if (componentId === null) return [];
  const spans = windows
    .filter((w) => w.componentIds.has(componentId) && w.from < to && w.until > from)
    .map((w): [number, number] => [Math.max(from, w.from), Math.min(to, w.until)])
    .sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push(s);
  }
  return merged;
}

/** Whether a component is inside a maintenance window at `at`. */
export function inMaintenance(windows: MaintenanceWindow[], componentId: number | null, at: number): boolean {
  if (componentId === null) return false;
  return windows.some((w) => w.componentIds.has(componentId) && w.from <= at && at < w.until);
}
