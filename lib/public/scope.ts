import { and, eq, isNull, or, sql, type SQL } from "drizzle-orm";
import { components, incidents, monitors, monitorStates } from "../db/schema";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { MonitorType } from "../db/schema/monitors";
import { readMonitorStatus, type ReadStatus } from "../status/freshness";
import { coordinatorBeatAtSql } from "../workers/pulse";

/**
 * The one definition of "public": every public route filters through these conditions.
 * A monitor is public when it is marked public, is not archived, and its component (if any)
 * is public and not archived.
 */
export const publicComponent: SQL = and(eq(components.isPublic, true), isNull(components.archivedAt))!;

export const publicMonitor: SQL = and(
  eq(monitors.isPublic, true),
  isNull(monitors.archivedAt),
  or(isNull(monitors.componentId), and(eq(components.isPublic, true), isNull(components.archivedAt))),
)!;

/** An incident or maintenance is public once published; a merged one is shown only through its target. */
export const publicIncident: SQL = and(eq(incidents.published, true), isNull(incidents.mergedInto))!;

/**
 * What the read-time no-data rule (lib/status/freshness.ts) needs of a public monitor, its
 * state row (left-joined: null without one) and the coordinator, as columns of a select from
 * monitors: every public read of a monitor's status takes these and calls publicStatusOf.
 */
export const monitorStatusColumns = {
  type: monitors.type,
  intervalS: monitors.intervalS,
  pausedAt: monitors.pausedAt,
  graceMs: sql<number | null>`json_extract(${monitors.checkConfig}, '$.grace')`,
  status: monitorStates.status,
  since: monitorStates.since,
  lastResultAt: monitorStates.lastResultAt,
  coordinatorBeatAt: coordinatorBeatAtSql,
};

export type MonitorStatusRow = { type: MonitorType; intervalS: number; pausedAt: number | null; graceMs: number | null; status: MonitorStatus | null; since: number | null; lastResultAt: number | null; coordinatorBeatAt: number | null };

/** The status a public surface shows: the stored one only while it is fresh, else no data. */
export function publicStatusOf(row: MonitorStatusRow, now: number): ReadStatus {
  return readMonitorStatus(row, row, row.coordinatorBeatAt === null ? null : Number(row.coordinatorBeatAt), now);
}
