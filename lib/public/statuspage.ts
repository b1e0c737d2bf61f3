/**
 * The Statuspage-compatible read API (`/api/v2/summary.json` and friends): the documents of
 * Statuspage's public API v2, with its field names and vocabularies, built from the database
 * through the public scope (./scope.ts), so tools written for Statuspage pages work unchanged.
 * Shapes: ./statuspage-schema.ts.
 *
 * Every document costs a fixed number of queries whatever the history: page settings and the
 * newest public change (2), the component catalogue (3: components, public monitor states
 * with the coordinator's pulse for the no-data rule, open incidents and active maintenance
 * with their components), and for incident lists 3 more (the rows, their updates, their public
 * components).
 *
 * Ids are stable strings: a component's key from the config, `group.<key>` for a group (keys
 * never contain a dot, so the two cannot clash), an incident's or update's row id.
 */
import { createHash } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, lte, max, ne, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components, incidentComponents, incidents, incidentUpdates, monitors, monitorStates } from "../db/schema";
import type { ComponentImpact, IncidentImpact, IncidentStatus } from "../db/schema/incidents";
import { componentStatus, groupStatus, maintenanceInProgress, pageStatusOf, type ComponentStatus, type PageStatus } from "../status/component";
import { readPageSettings } from "../settings/page";
import { incidentUrl } from "./feeds";
import { monitorStatusColumns, publicComponent, publicIncident, publicMonitor, publicStatusOf } from "./scope";
import type {
  ComponentsDocument,
  IncidentsDocument,
  ScheduledMaintenancesDocument,
  StatusDocument,
  StatuspageComponent,
  StatuspageComponentStatus,
  StatuspageIncident,
  StatuspageIncidentUpdate,
  StatuspageMaintenance,
  StatuspageMaintenanceUpdate,
  StatuspagePage,
  StatuspageStatus,
  SummaryDocument,
  UnresolvedIncidentsDocument,
} from "./statuspage-schema";

/** Statuspage lists this many in incidents.json and scheduled-maintenances.json. */
export const STATUSPAGE_LIST_LIMIT = 50;
/** Every time in these documents is UTC, as on the page. */
const TIME_ZONE = "Etc/UTC";
/** The time of something we know nothing about (a component without monitors): stable, and plainly not a real time. */
const UNKNOWN_TIME = 0;

export interface StatuspageOptions {
  /** Absolute origin of the public page, without a trailing slash (./site-url.ts). */
  siteUrl: string;
  now?: number;
}

// ---------------------------------------------------------------------------------------------
// Status vocabulary: the one rule's answers (lib/status/component.ts) in Statuspage's words.

/**
 * A component status in Statuspage's words. No data has no Statuspage word. "operational" would
 * be a false green, which this product never shows; "under_maintenance" would claim planned
 * work; "partial_outage" or "major_outage" would claim an outage nobody observed, and
 * integrations page people on those, so every page reading us would alarm whenever our probes
 * (not their service) went quiet. It is reported as "degraded_performance": the mildest value
 * that is not green, which integrations show as a warning to look at. The page status then says
 * in words that data is missing.
 */
export const STATUSPAGE_COMPONENT_STATUS: Record<ComponentStatus, StatuspageComponentStatus> = {
  operational: "operational",
  maintenance: "under_maintenance",
  // Paused by the team: Statuspage has no word for it. Not "operational" (nothing is measured),
  // not an outage or degraded (nothing was observed): like maintenance, the team took it out on
  // purpose, which integrations show calmly. The page description says "paused" in words.
  paused: "under_maintenance",
  no_data: "degraded_performance",
  degraded: "degraded_performance",
  partial_outage: "partial_outage",
  down: "major_outage",
};

/** Statuspage's own words for its indicators (what integrations match on). */
export const STATUS_DESCRIPTIONS = {
  operational: "All Systems Operational",
  degraded: "Partially Degraded Service",
  minorOutage: "Minor Service Outage",
  partialOutage: "Partial System Outage",
  majorOutage: "Major System Outage",
  maintenance: "Service Under Maintenance",
  /** Ours: Statuspage cannot pause a component. */
  paused: "Monitoring Paused For Some Systems",
  /** Ours: Statuspage cannot be without data. */
  someNoData: "Some Systems Have No Recent Data",
  noData: "No Recent Data",
} as const;

/** The page status in Statuspage's indicator and words; no data counts as minor but says so. */
export const STATUSPAGE_PAGE_STATUS: Record<PageStatus, StatuspageStatus> = {
  operational: { indicator: "none", description: STATUS_DESCRIPTIONS.operational },
  maintenance: { indicator: "maintenance", description: STATUS_DESCRIPTIONS.maintenance },
  paused: { indicator: "maintenance", description: STATUS_DESCRIPTIONS.paused },
  some_no_data: { indicator: "minor", description: STATUS_DESCRIPTIONS.someNoData },
  no_data: { indicator: "minor", description: STATUS_DESCRIPTIONS.noData },
  degraded: { indicator: "minor", description: STATUS_DESCRIPTIONS.degraded },
  minor_outage: { indicator: "minor", description: STATUS_DESCRIPTIONS.minorOutage },
  partial_outage: { indicator: "major", description: STATUS_DESCRIPTIONS.partialOutage },
  major_outage: { indicator: "critical", description: STATUS_DESCRIPTIONS.majorOutage },
};

// ---------------------------------------------------------------------------------------------
// Maintenance by time, as the public page reads it (./incidents.ts): in progress from its start
// (by status or by the clock, as the coordinator moves it a few seconds late) until its end.

function activeMaintenance(now: number): SQL {
  return and(
    eq(incidents.kind, "maintenance"),
    isNull(incidents.resolvedAt),
    gt(incidents.scheduledUntil, now),
    or(ne(incidents.status, "scheduled"), lte(incidents.scheduledFor, now)),
  )!;
}

function upcomingMaintenance(now: number): SQL {
  return and(eq(incidents.kind, "maintenance"), isNull(incidents.resolvedAt), eq(incidents.status, "scheduled"), gt(incidents.scheduledFor, now))!;
}

const unresolvedIncident: SQL = and(eq(incidents.kind, "incident"), isNull(incidents.resolvedAt))!;

// ---------------------------------------------------------------------------------------------
// Page and component catalogue

const iso = (ms: number) => new Date(ms).toISOString();

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * A stable id for the page: derived from its public origin, so two deployments differ and one
 * keeps its id (set PUBLIC_URL, or every Host a reader uses is a page of its own). Statuspage's
 * ids are 12 lowercase alphanumerics; so is this.
 */
export function pageIdFor(siteUrl: string): string {
  return createHash("sha256").update(siteUrl).digest("hex").slice(0, 12);
}

interface Catalogue {
  /** In page order, each group followed by its components, ungrouped components first. */
  components: StatuspageComponent[];
  byRowId: Map<number, StatuspageComponent>;
  status: StatuspageStatus;
  /** Newest status change among public components, epoch ms. */
  changedAt: number;
}

interface Context {
  now: number;
  siteUrl: string;
  pageId: string;
}

async function loadPage(db: Db, catalogue: Catalogue, c: Context): Promise<StatuspagePage> {
  const [settings, [latest]] = await Promise.all([
    readPageSettings(db),
    db.select({ at: max(incidents.updatedAt) }).from(incidents).where(publicIncident),
  ]);
  return { id: c.pageId, name: settings.name, url: c.siteUrl, time_zone: TIME_ZONE, updated_at: iso(Math.max(catalogue.changedAt, Number(latest?.at ?? UNKNOWN_TIME))) };
}

/** Public components with their Statuspage status, and the page status: three queries. */
async function loadCatalogue(db: Db, c: Context): Promise<Catalogue> {
  const [componentRows, monitorRows, openRows] = await Promise.all([
    db
      .select({
        id: components.id,
        key: components.key,
        name: components.name,
        description: components.description,
        groupId: componentGroups.id,
        groupKey: componentGroups.key,
        groupName: componentGroups.name,
      })
      .from(components)
      .leftJoin(componentGroups, eq(componentGroups.id, components.groupId))
      .where(publicComponent)
      // The public page's order (./status-page.ts): ungrouped first, then groups in order.
      .orderBy(asc(sql`coalesce(${componentGroups.displayOrder}, -1)`), asc(sql`coalesce(${componentGroups.id}, -1)`), asc(components.displayOrder), asc(components.id)),
    db
      .select({ componentId: monitors.componentId, createdAt: monitors.createdAt, ...monitorStatusColumns, condition: monitorStates.condition })
      .from(monitors)
      .leftJoin(components, eq(components.id, monitors.componentId))
      .leftJoin(monitorStates, eq(monitorStates.monitorId, monitors.id))
      .where(publicMonitor),
    // Unresolved incidents (their impacts, on the page and on each component) and active
    // maintenance, one row per public component it covers (or one without).
    db
      .select({
        id: incidents.id,
        kind: incidents.kind,
        impact: incidents.impact,
        status: incidents.status,
        resolvedAt: incidents.resolvedAt,
        scheduledFor: incidents.scheduledFor,
        scheduledUntil: incidents.scheduledUntil,
        componentId: components.id,
        componentImpact: incidentComponents.impact,
      })
      .from(incidents)
      .leftJoin(incidentComponents, eq(incidentComponents.incidentId, incidents.id))
      .leftJoin(components, and(eq(components.id, incidentComponents.componentId), publicComponent))
      .where(and(publicIncident, or(unresolvedIncident, activeMaintenance(c.now)))),
  ]);

  // Each stored state counts only while it is fresh (./scope.ts publicStatusOf).
  const readRows = monitorRows.map((m) => ({ ...m, ...publicStatusOf(m, c.now) }));
  type MonitorRow = (typeof readRows)[number];
  const monitorsOf = new Map<number, MonitorRow[]>();
  for (const m of readRows) if (m.componentId !== null) pushTo(monitorsOf, m.componentId, m);
  const maintained = new Map<number, number>();
  const incidentImpacts = new Map<number, IncidentImpact>();
  const declared = new Map<number, ComponentImpact[]>();
  let maintenanceActive = false;
  for (const r of openRows) {
    if (r.kind === "maintenance") {
      if (!maintenanceInProgress(r, c.now)) continue;
      maintenanceActive = true;
      if (r.componentId !== null) maintained.set(r.componentId, Math.max(maintained.get(r.componentId) ?? 0, r.scheduledFor ?? 0));
      continue;
    }
    incidentImpacts.set(r.id, r.impact);
    if (r.componentId !== null && r.componentImpact !== null) pushTo(declared, r.componentId, r.componentImpact);
  }

  const out: StatuspageComponent[] = [];
  const byRowId = new Map<number, StatuspageComponent>();
  const derived: ComponentStatus[] = [];
  const groups = new Map<string, StatuspageComponent>();
  const groupMembers = new Map<StatuspageComponent, ComponentStatus[]>();
  let changedAt = UNKNOWN_TIME;
  for (const row of componentRows) {
    const ms = monitorsOf.get(row.id) ?? [];
    const maintenanceFrom = maintained.get(row.id);
    const d = componentStatus({ monitors: ms, declared: declared.get(row.id) ?? [], inMaintenance: maintenanceFrom !== undefined }).status;
    derived.push(d);
    const createdAt = ms.length ? Math.min(...ms.map((m) => m.createdAt)) : UNKNOWN_TIME;
    // When its status last changed, as far as we know: its monitors' transitions, the window's start.
    const updatedAt = Math.max(createdAt, ...ms.map((m) => m.since ?? UNKNOWN_TIME), maintenanceFrom ?? UNKNOWN_TIME);
    changedAt = Math.max(changedAt, updatedAt);

    const groupId = row.groupKey === null ? null : `group.${row.groupKey}`;
    let group = groupId === null ? undefined : groups.get(groupId);
    if (groupId !== null && !group) {
      group = {
        id: groupId,
        name: row.groupName!,
        status: "operational",
        created_at: iso(createdAt),
        updated_at: iso(updatedAt),
        position: out.length + 1,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: c.pageId,
        group: true,
        only_show_if_degraded: false,
        components: [],
      };
      groups.set(groupId, group);
      out.push(group);
    }
    const component: StatuspageComponent = {
      id: row.key,
      name: row.name,
      status: STATUSPAGE_COMPONENT_STATUS[d],
      created_at: iso(createdAt),
      updated_at: iso(updatedAt),
      position: out.length + 1,
      description: row.description,
      // The public page shows every component's uptime bars.
      showcase: true,
      start_date: createdAt === UNKNOWN_TIME ? null : iso(createdAt).slice(0, 10),
      group_id: groupId,
      page_id: c.pageId,
      group: false,
      only_show_if_degraded: false,
    };
    out.push(component);
    byRowId.set(row.id, component);
    if (group) {
      // A group shows its worst component, and spans its components' times.
      group.components!.push(component.id);
      pushTo(groupMembers, group, d);
      if (Date.parse(component.created_at) < Date.parse(group.created_at)) group.created_at = component.created_at;
      if (Date.parse(component.updated_at) > Date.parse(group.updated_at)) group.updated_at = component.updated_at;
    }
  }
  // A group shows its worst component (maintenance only when all are), by the one rule.
  for (const [group, members] of groupMembers) group.status = STATUSPAGE_COMPONENT_STATUS[groupStatus(members)];
  const status = STATUSPAGE_PAGE_STATUS[pageStatusOf({ components: derived, incidentImpacts: [...incidentImpacts.values()], maintenanceInProgress: maintenanceActive })];
  return { components: out, byRowId, status, changedAt };
}

// ---------------------------------------------------------------------------------------------
// Incidents and maintenance

type Listed = StatuspageIncident | StatuspageMaintenance;

/** Incidents and maintenance matching `where` (within the public scope), with their timelines and public components: three queries. */
async function loadIncidents(
  db: Db,
  catalogue: Catalogue,
  c: Context,
  opts: { where?: SQL; orderBy: SQL[]; limit?: number },
): Promise<Listed[]> {
  const query = db
    .select({
      id: incidents.id,
      kind: incidents.kind,
      title: incidents.title,
      status: incidents.status,
      impact: incidents.impact,
      startedAt: incidents.startedAt,
      resolvedAt: incidents.resolvedAt,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
      createdAt: incidents.createdAt,
      updatedAt: incidents.updatedAt,
      postmortemBody: incidents.postmortemBody,
      postmortemUpdatedAt: incidents.postmortemUpdatedAt,
      postmortemPublishedAt: incidents.postmortemPublishedAt,
    })
    .from(incidents)
    .where(and(publicIncident, opts.where))
    .orderBy(...opts.orderBy);
  const rows = await (opts.limit === undefined ? query : query.limit(opts.limit));
  if (rows.length === 0) return [];

  const ids = rows.map((r) => r.id);
  const [updateRows, componentRows] = await Promise.all([
    db
      .select({ id: incidentUpdates.id, incidentId: incidentUpdates.incidentId, status: incidentUpdates.status, body: incidentUpdates.body, createdAt: incidentUpdates.createdAt })
      .from(incidentUpdates)
      .where(inArray(incidentUpdates.incidentId, ids))
      .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id)),
    db
      .select({ incidentId: incidentComponents.incidentId, componentId: components.id })
      .from(incidentComponents)
      .innerJoin(components, eq(components.id, incidentComponents.componentId))
      .where(and(inArray(incidentComponents.incidentId, ids), publicComponent)),
  ]);
  const updatesOf = new Map<number, (typeof updateRows)[number][]>();
  for (const u of updateRows) pushTo(updatesOf, u.incidentId, u);
  const componentsOf = new Map<number, StatuspageComponent[]>();
  for (const r of componentRows) {
    const component = catalogue.byRowId.get(r.componentId);
    if (component) pushTo(componentsOf, r.incidentId, component);
  }

  return rows.map((r): Listed => {
    const updates = updatesOf.get(r.id) ?? [];
    const incident_updates = updates.map((u) => ({
      id: String(u.id),
      status: u.status,
      // Statuspage's bodies are plain text; ours are Markdown, given as written (readers render or show it).
      body: u.body,
      incident_id: String(r.id),
      created_at: iso(u.createdAt),
      updated_at: iso(u.createdAt),
      display_at: iso(u.createdAt),
    }));
    // When it last went into monitoring (later notes in the same status, a merge's included, keep it).
    let monitoringAt: number | null = null;
    for (let k = updates.length - 1; k >= 0; k--) {
      if (updates[k].status === "monitoring" && updates[k + 1]?.status !== "monitoring") monitoringAt = updates[k].createdAt;
    }
    const common = {
      id: String(r.id),
      name: r.title,
      created_at: iso(r.createdAt),
      updated_at: iso(Math.max(r.updatedAt, updates[0]?.createdAt ?? 0)),
      monitoring_at: monitoringAt === null ? null : iso(monitoringAt),
      resolved_at: r.resolvedAt === null ? null : iso(r.resolvedAt),
      shortlink: incidentUrl(c.siteUrl, r.id),
      started_at: iso(r.startedAt),
      page_id: c.pageId,
      incident_updates,
      components: (componentsOf.get(r.id) ?? []).sort((a, b) => a.position - b.position),
    };
    if (r.kind === "incident") {
      const timeline: StatuspageIncidentUpdate[] = incident_updates.map((u) => ({ ...u, status: incidentStatus(u.status) }));
      const postmortem = r.postmortemPublishedAt;
      return {
        ...common,
        incident_updates: timeline,
        status: postmortem !== null && r.status === "resolved" ? "postmortem" : incidentStatus(r.status),
        impact: r.impact,
        postmortem_body: postmortem === null ? null : r.postmortemBody,
        postmortem_body_last_updated_at: postmortem === null || r.postmortemUpdatedAt === null ? null : iso(r.postmortemUpdatedAt),
        postmortem_published_at: postmortem === null ? null : iso(postmortem),
        postmortem_ignored: false,
        // Subscribers hear of it through the timeline entry its publication adds (public incidents only, as these).
        postmortem_notified_subscribers: postmortem !== null,
        postmortem_notified_twitter: false,
      };
    }
    // Statuspage's maintenance timelines speak its maintenance statuses (scheduled, in progress, …).
    const timeline: StatuspageMaintenanceUpdate[] = incident_updates.map((u) => ({ ...u, status: maintenanceUpdateStatus(u.status) }));
    return {
      ...common,
      incident_updates: timeline,
      status: maintenanceStatus(r, c.now),
      // Impacts are none/minor/major/critical everywhere (typed clients reject "maintenance").
      impact: r.impact,
      scheduled_for: iso(r.scheduledFor!),
      scheduled_until: iso(r.scheduledUntil!),
    };
  });
}

function maintenanceUpdateStatus(status: IncidentStatus): StatuspageMaintenanceUpdate["status"] {
  return status === "scheduled" || status === "in_progress" || status === "verifying" || status === "completed" ? status : "in_progress";
}

function incidentStatus(status: IncidentStatus): StatuspageIncident["status"] {
  return status === "investigating" || status === "identified" || status === "monitoring" || status === "resolved" ? status : "investigating";
}

/** A window that has begun is in progress even before the coordinator says so, as on the public page. */
function maintenanceStatus(r: { status: IncidentStatus; resolvedAt: number | null; scheduledFor: number | null }, now: number): StatuspageMaintenance["status"] {
  if (r.status === "scheduled") return r.resolvedAt === null && r.scheduledFor !== null && r.scheduledFor <= now ? "in_progress" : "scheduled";
  return r.status === "in_progress" || r.status === "verifying" || r.status === "completed" ? r.status : "in_progress";
}

const isMaintenance = (x: Listed): x is StatuspageMaintenance => "scheduled_for" in x;
const isIncident = (x: Listed): x is StatuspageIncident => !isMaintenance(x);
const newestFirst = [desc(incidents.createdAt), desc(incidents.id)];
const soonestFirst = [asc(incidents.scheduledFor), asc(incidents.id)];

// ---------------------------------------------------------------------------------------------
// The documents

async function base(db: Db, o: StatuspageOptions): Promise<{ c: Context; catalogue: Catalogue; page: StatuspagePage }> {
  const c: Context = { now: o.now ?? Date.now(), siteUrl: o.siteUrl, pageId: pageIdFor(o.siteUrl) };
  const catalogue = await loadCatalogue(db, c);
  return { c, catalogue, page: await loadPage(db, catalogue, c) };
}

/** summary.json: page, components, unresolved incidents, upcoming and in-progress maintenance, page status. */
export async function statuspageSummary(db: Db, o: StatuspageOptions): Promise<SummaryDocument> {
  const { c, catalogue, page } = await base(db, o);
  const listed = await loadIncidents(db, catalogue, c, {
    where: or(unresolvedIncident, activeMaintenance(c.now), upcomingMaintenance(c.now))!,
    orderBy: newestFirst,
  });
  // In progress first, then the soonest: as the public page lists them.
  const maintenance = listed.filter(isMaintenance).sort(
    (a, b) => Number(b.status !== "scheduled") - Number(a.status !== "scheduled") || Date.parse(a.scheduled_for) - Date.parse(b.scheduled_for) || Number(a.id) - Number(b.id),
  );
  return { page, components: catalogue.components, incidents: listed.filter(isIncident), scheduled_maintenances: maintenance, status: catalogue.status };
}

/** status.json: the page status alone. */
export async function statuspageStatus(db: Db, o: StatuspageOptions): Promise<StatusDocument> {
  const { catalogue, page } = await base(db, o);
  return { page, status: catalogue.status };
}

/** components.json: every public component and group. */
export async function statuspageComponents(db: Db, o: StatuspageOptions): Promise<ComponentsDocument> {
  const { catalogue, page } = await base(db, o);
  return { page, components: catalogue.components };
}

/**
 * incidents.json: the 50 newest published incidents. Maintenance is listed only in the
 * scheduled-maintenances documents (and summary.json's scheduled_maintenances): typed clients
 * read incidents.json as incidents, and a "scheduled" status or "maintenance" impact fails them.
 */
export async function statuspageIncidents(db: Db, o: StatuspageOptions): Promise<IncidentsDocument> {
  const { c, catalogue, page } = await base(db, o);
  const listed = await loadIncidents(db, catalogue, c, { where: eq(incidents.kind, "incident"), orderBy: newestFirst, limit: STATUSPAGE_LIST_LIMIT });
  return { page, incidents: listed.filter(isIncident) };
}

/** incidents/unresolved.json: incidents investigating, identified or monitoring, newest first. */
export async function statuspageUnresolvedIncidents(db: Db, o: StatuspageOptions): Promise<UnresolvedIncidentsDocument> {
  const { c, catalogue, page } = await base(db, o);
  const listed = await loadIncidents(db, catalogue, c, { where: unresolvedIncident, orderBy: newestFirst });
  return { page, incidents: listed.filter(isIncident) };
}

/** scheduled-maintenances.json: the 50 newest maintenance windows, completed ones included. */
export async function statuspageMaintenances(db: Db, o: StatuspageOptions): Promise<ScheduledMaintenancesDocument> {
  const { c, catalogue, page } = await base(db, o);
  const listed = await loadIncidents(db, catalogue, c, { where: eq(incidents.kind, "maintenance"), orderBy: newestFirst, limit: STATUSPAGE_LIST_LIMIT });
  return { page, scheduled_maintenances: listed.filter(isMaintenance) };
}

/** scheduled-maintenances/upcoming.json: maintenance not begun yet, soonest first. */
export async function statuspageUpcomingMaintenances(db: Db, o: StatuspageOptions): Promise<ScheduledMaintenancesDocument> {
  const { c, catalogue, page } = await base(db, o);
  const listed = await loadIncidents(db, catalogue, c, { where: upcomingMaintenance(c.now), orderBy: soonestFirst });
  return { page, scheduled_maintenances: listed.filter(isMaintenance) };
}

/** scheduled-maintenances/active.json: maintenance in progress or verifying, soonest begun first. */
export async function statuspageActiveMaintenances(db: Db, o: StatuspageOptions): Promise<ScheduledMaintenancesDocument> {
  const { c, catalogue, page } = await base(db, o);
  const listed = await loadIncidents(db, catalogue, c, { where: activeMaintenance(c.now), orderBy: soonestFirst });
  return { page, scheduled_maintenances: listed.filter(isMaintenance) };
}

