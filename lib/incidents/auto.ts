import type { InStatement } from "@libsql/client";
import type { ComponentImpact, IncidentImpact } from "../db/schema/incidents";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { Transition } from "../status/state";
import { componentImpactRank, componentImpactRankSql, incidentImpactRank, incidentImpactRankSql } from "./impact";
import { autoTimelineTargetSql, monitorIsPublicSql } from "./timeline";

/** How bad a failing monitor is, from its state and how many of its live regions fail. */
export function impactOf(status: MonitorStatus, downRegions: number, liveRegions: number): { incident: IncidentImpact; component: ComponentImpact; words: string } | null {
  if (status === "degraded") return { incident: "minor", component: "degraded_performance", words: "is degraded" };
  if (status !== "down") return null;
  if (downRegions < liveRegions) return { incident: "major", component: "partial_outage", words: "is partly down" };
  return { incident: "critical", component: "major_outage", words: "is down" };
}

const OPEN_AUTO = "monitor_id = ? AND source = 'auto' AND resolved_at IS NULL";
/**
 * An open incident's impact only goes up (./impact.ts ranks them): regions recover one by one,
 * and an outage that was total must not be remembered as partial because the last passes saw
 * fewer regions down.
 */
const IMPACT_RANK = incidentImpactRankSql("impact");
/**
 * Where an automatic incident's timeline entries go: its own timeline, or, once the team merged
 * it into a manual incident, that incident's if the monitor is public (./timeline.ts), with that
 * incident's current status, which only the team moves.
 */
const TIMELINE_TARGET = `${autoTimelineTargetSql("i")}, coalesce((SELECT t.status FROM incidents t WHERE t.id = i.merged_into), i.status)`;
const TIMELINE_TARGET_RESOLVED = `${autoTimelineTargetSql("i")}, coalesce((SELECT t.status FROM incidents t WHERE t.id = i.merged_into), 'resolved')`;

/**
 * The statements that keep a monitor's automatic incident in step with a transition: a move into
 * degraded or down opens it (or updates its impact), with the transition's reason as a timeline
 * entry; recovery resolves it and records how long it lasted. They run in the coordinator's batch
 * with the transition itself, and a partial unique index allows one open automatic incident per
 * monitor, so a crash or restart never opens a duplicate.
 *
 * Flapping damps incidents to one per episode: `damping.reopenResolvedSince` reopens the
 * monitor's latest automatic incident instead of opening another when it was resolved at or
 * after that time (a bounce), and `damping.holdOpen` keeps the open incident open on recovery
 * (the monitor is flapping; it is resolved once it is stable, with the same statements).
 */
export function autoIncidentStatements(
  monitor: { id: number; name: string; componentId: number | null },
  t: Transition,
  regions: { down: number; live: number },
  now: number,
  damping: { reopenResolvedSince?: number; holdOpen?: boolean } = {},
): InStatement[] {
  const impact = impactOf(t.to, regions.down, regions.live);
  if (impact) {
    const reopen: InStatement[] =
      damping.reopenResolvedSince === undefined
        ? []
        : [
            {
              // Only an incident the monitor itself resolved (not merged, not moved on by the team to a postmortem).
              sql: `UPDATE incidents SET status = 'investigating', resolved_at = NULL, updated_at = ?
                    WHERE id = (SELECT id FROM incidents WHERE monitor_id = ? AND source = 'auto' ORDER BY id DESC LIMIT 1)
                      AND status = 'resolved' AND merged_into IS NULL AND resolved_at >= ?
                      AND NOT EXISTS (SELECT 1 FROM incidents WHERE ${OPEN_AUTO})`,
              args: [now, monitor.id, damping.reopenResolvedSince, monitor.id],
            },
          ];
    // Published at once only when the component says so and the monitor is public (by the public
    // scope's rule, its component included): a private monitor's name and errors never reach the
    // page by themselves.
    const title = `${monitor.name} ${impact.words}`;
    const out: InStatement[] = [
      ...reopen,
      {
        sql: `INSERT INTO incidents (title, status, impact, source, monitor_id, published, started_at, created_at, updated_at)
              SELECT ?, 'investigating', ?, 'auto', ?,
                coalesce((SELECT publish_incidents FROM components WHERE id = ?), 0) AND ${monitorIsPublicSql("?")}, ?, ?, ?
              WHERE true ON CONFLICT DO NOTHING`,
        args: [title, impact.incident, monitor.id, monitor.componentId, monitor.id, t.at, now, now],
      },
      {
        sql: `UPDATE incidents SET title = ?, impact = ?, updated_at = ? WHERE ${OPEN_AUTO} AND ${IMPACT_RANK} < ?`,
        args: [title, impact.incident, now, monitor.id, incidentImpactRank(impact.incident)],
      },
      {
        sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT ${TIMELINE_TARGET}, ?, ? FROM incidents i WHERE ${OPEN_AUTO}`,
        args: [`${title}: ${t.reason}`, t.at, monitor.id],
      },
    ];
    if (monitor.componentId !== null) {
      out.push({
        sql: `INSERT INTO incident_components (incident_id, component_id, impact) SELECT coalesce(merged_into, id), ?, ? FROM incidents WHERE ${OPEN_AUTO}
              ON CONFLICT (incident_id, component_id) DO UPDATE SET impact = excluded.impact
              WHERE ${componentImpactRankSql("incident_components.impact")} < ${componentImpactRank(impact.component)}`,
        args: [monitor.componentId, impact.component, monitor.id],
      });
    }
    return out;
  }
  if (t.to === "operational" && !damping.holdOpen) {
    return [
      {
        sql: `INSERT INTO incident_updates (incident_id, status, body, created_at)
              SELECT ${TIMELINE_TARGET_RESOLVED},
                CASE WHEN merged_into IS NULL THEN 'Resolved automatically after ' ELSE ? || ' recovered after ' END
                  || max(1, CAST((? - started_at) / 60000 AS INTEGER)) || ' min: ' || ?, ?
              FROM incidents i WHERE ${OPEN_AUTO}`,
        args: [monitor.name, t.at, t.reason, t.at, monitor.id],
      },
      { sql: `UPDATE incidents SET status = 'resolved', resolved_at = ?, updated_at = ? WHERE ${OPEN_AUTO}`, args: [t.at, now, monitor.id] },
    ];
  }
  // Into "no data": nobody knows whether it is fixed, so the incident stays open.
  return [];
}

/**
 * While a monitor stays failing, its open incident follows how many regions fail, upwards only:
 * a partial outage that becomes total is escalated (with a timeline entry); recovering regions
 * never lower it. Nothing changes when there is no open incident.
 */
export function autoIncidentImpactStatements(
  monitor: { id: number; name: string; componentId: number | null },
  status: MonitorStatus,
  regions: { down: number; live: number },
  now: number,
): InStatement[] {
  const impact = impactOf(status, regions.down, regions.live);
  if (!impact) return [];
  const title = `${monitor.name} ${impact.words}`;
  const out: InStatement[] = [
    // Escalation is written into the timeline (before the impact changes, which the guard reads).
    {
      sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT ${TIMELINE_TARGET}, ?, ? FROM incidents i WHERE ${OPEN_AUTO} AND ${IMPACT_RANK} < ?`,
      args: [`Escalated: ${title}`, now, monitor.id, incidentImpactRank(impact.incident)],
    },
    { sql: `UPDATE incidents SET title = ?, impact = ?, updated_at = ? WHERE ${OPEN_AUTO} AND ${IMPACT_RANK} < ?`, args: [title, impact.incident, now, monitor.id, incidentImpactRank(impact.incident)] },
  ];
  if (monitor.componentId !== null) {
    out.push({
      sql: `UPDATE incident_components SET impact = ? WHERE component_id = ? AND ${componentImpactRankSql("impact")} < ? AND incident_id IN (SELECT coalesce(merged_into, id) FROM incidents WHERE ${OPEN_AUTO})`,
      args: [impact.component, monitor.componentId, componentImpactRank(impact.component), monitor.id],
    });
  }
  return out;
}
