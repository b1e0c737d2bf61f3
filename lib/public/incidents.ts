import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import type { ComponentImpact, IncidentImpact, IncidentStatus } from "../db/schema/incidents";
import { MAINTENANCE_LOOKAHEAD_MS } from "../incidents/manage";
import { renderMarkdown } from "../incidents/markdown";
import { maintenanceInProgress } from "../status/component";
import { publicComponent } from "./scope";

export interface PublicIncidentUpdate {
  id: number;
  status: IncidentStatus;
  /** Sanitized HTML from the update's Markdown. */
  html: string;
  createdAt: number;
}

export interface PublicIncident {
  id: number;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  startedAt: number;
  /** Public components only. */
  components: { id: number; name: string; impact: ComponentImpact }[];
  /** Newest first. */
  updates: PublicIncidentUpdate[];
}

export interface PublicMaintenance {
  id: number;
  title: string;
  status: IncidentStatus;
  inProgress: boolean;
  scheduledFor: number;
  scheduledUntil: number;
  /** Public components only. */
  components: { id: number; name: string }[];
  /** Newest first. */
  updates: PublicIncidentUpdate[];
}

/** A recent incident, for the day bars' tooltips ("incidents that day"). */
export interface RecentIncident {
  id: number;
  title: string;
  startedAt: number;
  resolvedAt: number | null;
  /** Public components only. */
  componentIds: number[];
}

/**
 * What the public page shows above the components: published incidents still open (merged ones
 * are shown through their target), and published maintenance in progress or starting within
 * MAINTENANCE_LOOKAHEAD_MS; with `recentSince`, also the incidents resolved since then (for the
 * day bars). One query whatever the history: the open rows come from the open-incident index,
 * the recent ones from the start-time index, each with its timeline and public components as
 * JSON. Only public components are named, whatever the incident affects.
 */
export async function publicIncidents(
  db: Db,
  now = Date.now(),
  recentSince?: number,
): Promise<{ active: PublicIncident[]; maintenance: PublicMaintenance[]; recent: RecentIncident[] }> {
  const columns = sql`i.id, i.kind, i.title, i.status, i.impact, i.started_at, i.resolved_at, i.scheduled_for, i.scheduled_until,
      ${publicComponentsJson(sql`i.id`)} AS comps`;
  const rows = await db.all<{
    id: number;
    kind: "incident" | "maintenance";
    title: string;
    status: IncidentStatus;
    impact: IncidentImpact;
    started_at: number;
    resolved_at: number | null;
    scheduled_for: number | null;
    scheduled_until: number | null;
    comps: string;
    updates: string | null;
    recent: number;
  }>(sql`
    SELECT ${columns},
      (SELECT json_group_array(json_array(u.id, u.status, u.body, u.created_at)) FROM
        (SELECT id, status, body, created_at FROM incident_updates WHERE incident_id = i.id ORDER BY created_at DESC, id DESC) u) AS updates,
      0 AS recent
    FROM incidents i INDEXED BY incidents_open_idx
    WHERE i.resolved_at IS NULL AND i.published = 1 AND i.merged_into IS NULL
      AND (i.kind = 'incident' OR (i.kind = 'maintenance' AND i.scheduled_until > ${now}
           AND (i.status != 'scheduled' OR i.scheduled_for <= ${now + MAINTENANCE_LOOKAHEAD_MS})))
    ${
      recentSince === undefined
        ? sql``
        : sql`UNION ALL
    SELECT ${columns}, NULL AS updates, 1 AS recent
    FROM incidents i INDEXED BY incidents_started_idx
    WHERE i.started_at >= ${recentSince - 30 * 86_400_000} AND i.resolved_at >= ${recentSince}
      AND i.kind = 'incident' AND i.published = 1 AND i.merged_into IS NULL`
    }
    ORDER BY 6 DESC, 1 DESC`);

  const active: PublicIncident[] = [];
  const maintenance: PublicMaintenance[] = [];
  const recent: RecentIncident[] = [];
  for (const r of rows) {
    const affected = parsePublicComponents(r.comps);
    if (Number(r.recent) === 1) {
      recent.push({ id: Number(r.id), title: r.title, startedAt: Number(r.started_at), resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at), componentIds: affected.map((c) => c.id) });
      continue;
    }
    const updates = (JSON.parse(r.updates ?? "[]") as [number, IncidentStatus, string, number][]).map(([id, status, body, createdAt]) => ({
      id: Number(id),
      status,
      html: renderMarkdown(body),
      createdAt: Number(createdAt),
    }));
    if (r.kind === "incident") {
      active.push({ id: Number(r.id), title: r.title, status: r.status, impact: r.impact, startedAt: Number(r.started_at), components: affected, updates });
      if (recentSince !== undefined) recent.push({ id: Number(r.id), title: r.title, startedAt: Number(r.started_at), resolvedAt: null, componentIds: affected.map((c) => c.id) });
    } else {
      maintenance.push({
        id: Number(r.id),
        title: r.title,
        status: r.status,
        // By the clock too: the coordinator moves the status a few seconds late (the one rule's definition).
        inProgress: maintenanceInProgress(
          { status: r.status, resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at), scheduledFor: Number(r.scheduled_for), scheduledUntil: Number(r.scheduled_until) },
          now,
        ),
        scheduledFor: Number(r.scheduled_for),
        scheduledUntil: Number(r.scheduled_until),
        components: affected.map(({ id, name }) => ({ id, name })),
        updates,
      });
    }
  }
  // In progress first, then the soonest.
  maintenance.sort((a, b) => Number(b.inProgress) - Number(a.inProgress) || a.scheduledFor - b.scheduledFor || a.id - b.id);
  return { active, maintenance, recent };
}

/**
 * The public components an incident affects, in page order, as a JSON array of [id, name, impact]
 * (read it with parsePublicComponents): a scalar subquery for any query over incidents, given the
 * SQL of the incident's id (`i.id`, `incidents.id`).
 */
export function publicComponentsJson(incidentId: SQL): SQL {
  return sql`(SELECT json_group_array(json_array(x.id, x.name, x.impact)) FROM
    (SELECT components.id AS id, components.name AS name, ic.impact AS impact FROM incident_components ic JOIN components ON components.id = ic.component_id
     WHERE ic.incident_id = ${incidentId} AND ${publicComponent} ORDER BY components.display_order, components.name) x)`;
}

export function parsePublicComponents(json: string | null): { id: number; name: string; impact: ComponentImpact }[] {
  return (JSON.parse(json ?? "[]") as [number, string, ComponentImpact][]).map(([id, name, impact]) => ({ id: Number(id), name, impact }));
}
