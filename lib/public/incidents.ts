import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { components } from "../db/schema/components";
import { incidentComponents, incidents, incidentUpdates, type ComponentImpact, type IncidentImpact, type IncidentStatus } from "../db/schema/incidents";
import { MAINTENANCE_LOOKAHEAD_MS } from "../incidents/manage";
import { renderMarkdown } from "../incidents/markdown";
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

/**
 * What the public page shows above the components: published incidents still open (merged ones
 * are shown through their target), and published maintenance in progress or starting within
 * MAINTENANCE_LOOKAHEAD_MS. Three queries whatever the history: open rows, then their updates and
 * public components by id. Only public components are named, whatever the incident affects.
 */
export async function publicIncidents(db: Db, now = Date.now()): Promise<{ active: PublicIncident[]; maintenance: PublicMaintenance[] }> {
  const rows = await db
    .select({
      id: incidents.id,
      kind: incidents.kind,
      title: incidents.title,
      status: incidents.status,
      impact: incidents.impact,
      startedAt: incidents.startedAt,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
    })
    .from(incidents)
    .where(
      and(
        eq(incidents.published, true),
        isNull(incidents.mergedInto),
        isNull(incidents.resolvedAt),
        or(
          eq(incidents.kind, "incident"),
          and(
            eq(incidents.kind, "maintenance"),
            gt(incidents.scheduledUntil, now),
            or(ne(incidents.status, "scheduled"), lte(incidents.scheduledFor, now + MAINTENANCE_LOOKAHEAD_MS)),
          ),
        ),
      ),
    )
    .orderBy(desc(incidents.startedAt), desc(incidents.id));
  if (rows.length === 0) return { active: [], maintenance: [] };

  const ids = rows.map((r) => r.id);
  const [updateRows, componentRows] = await Promise.all([
    db
      .select({ id: incidentUpdates.id, incidentId: incidentUpdates.incidentId, status: incidentUpdates.status, body: incidentUpdates.body, createdAt: incidentUpdates.createdAt })
      .from(incidentUpdates)
      .where(inArray(incidentUpdates.incidentId, ids))
      .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id)),
    db
      .select({ incidentId: incidentComponents.incidentId, id: components.id, name: components.name, impact: incidentComponents.impact })
      .from(incidentComponents)
      .innerJoin(components, eq(components.id, incidentComponents.componentId))
      .where(and(inArray(incidentComponents.incidentId, ids), publicComponent))
      .orderBy(asc(components.displayOrder), asc(components.name)),
  ]);
  const updatesOf = new Map<number, PublicIncidentUpdate[]>();
  for (const u of updateRows) {
    const list = updatesOf.get(u.incidentId) ?? [];
    list.push({ id: u.id, status: u.status, html: renderMarkdown(u.body), createdAt: u.createdAt });
    updatesOf.set(u.incidentId, list);
  }
  const componentsOf = new Map<number, { id: number; name: string; impact: ComponentImpact }[]>();
  for (const c of componentRows) componentsOf.set(c.incidentId, [...(componentsOf.get(c.incidentId) ?? []), { id: c.id, name: c.name, impact: c.impact }]);

  const active: PublicIncident[] = [];
  const maintenance: PublicMaintenance[] = [];
  for (const r of rows) {
    const updates = updatesOf.get(r.id) ?? [];
    const affected = componentsOf.get(r.id) ?? [];
    if (r.kind === "incident") {
      active.push({ id: r.id, title: r.title, status: r.status, impact: r.impact, startedAt: r.startedAt, components: affected, updates });
    } else {
      maintenance.push({
        id: r.id,
        title: r.title,
        status: r.status,
        // By the clock too: the coordinator moves the status a few seconds late.
        inProgress: r.status !== "scheduled" || r.scheduledFor! <= now,
        scheduledFor: r.scheduledFor!,
        scheduledUntil: r.scheduledUntil!,
        components: affected.map(({ id, name }) => ({ id, name })),
        updates,
      });
    }
  }
  // In progress first, then the soonest.
  maintenance.sort((a, b) => Number(b.inProgress) - Number(a.inProgress) || a.scheduledFor - b.scheduledFor || a.id - b.id);
  return { active, maintenance };
}
