import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { ComponentImpact, IncidentImpact, IncidentKind, IncidentStatus } from "../db/schema/incidents";
import { renderMarkdown } from "../incidents/markdown";
import { incidentUrl } from "./feeds";
import { parsePublicComponents, publicComponentsJson, type PublicIncidentUpdate } from "./incidents";
import { publicIncident, publicMonitor } from "./scope";

/**
 * The incident history (/history, by month, like Statuspage's history page) and one incident's
 * own page (/incidents/<id>, the permalink that feeds, the Statuspage API and emails link to).
 * Both read through ./scope: published, unmerged incidents and public components only.
 */

/** Months on one page of the history. */
export const HISTORY_MONTHS_PER_PAGE = 3;
export const HISTORY_PATH = "/history";
/** Page numbers beyond this are refused (about 250 years of history at 3 months a page). */
const MAX_HISTORY_PAGE = 1_000;

/** "2026-11": a calendar month in UTC. */
export type MonthKey = string;

export interface PublicAffectedComponent {
  id: number;
  name: string;
  impact: ComponentImpact;
}

/** What every public view of one incident or maintenance knows about it. */
interface PublicIncidentFacts {
  id: number;
  kind: IncidentKind;
  title: string;
  impact: IncidentImpact;
  /** As stored, except maintenance, which moves by the clock (the coordinator writes it a few seconds late). */
  status: IncidentStatus;
  /** Incidents: when it began; maintenance: the start of its window. */
  startedAt: number;
  /** Resolution, or the end of completed maintenance; null while open. */
  resolvedAt: number | null;
  /** resolvedAt − startedAt; null while open. */
  durationMs: number | null;
  /** Maintenance only. */
  window: { from: number; until: number } | null;
  /** Public components only, in page order. */
  components: PublicAffectedComponent[];
}

export interface HistoryIncident extends PublicIncidentFacts {
  /** Its newest timeline entry, rendered. */
  lastUpdate: PublicIncidentUpdate | null;
}

export interface HistoryMonth {
  key: MonthKey;
  year: number;
  /** 1–12. */
  month: number;
  /** Newest first; empty for "No incidents reported". */
  incidents: HistoryIncident[];
}

export interface IncidentHistory {
  /** Newest first, HISTORY_MONTHS_PER_PAGE of them, empty ones included. */
  months: HistoryMonth[];
  /** The newest month of the next newer page; null on the newest page. */
  newer: MonthKey | null;
  /** The newest month of the next older page; null when nothing public is older. */
  older: MonthKey | null;
}

export interface PublicIncidentDetail extends PublicIncidentFacts {
  /** The whole timeline, newest first, rendered. */
  updates: PublicIncidentUpdate[];
  /** The published postmortem, rendered (a draft one is never read here). */
  postmortem: { html: string; publishedAt: number; updatedAt: number } | null;
}

// ---------------------------------------------------------------------------------------------
// Months: counted as year × 12 + month index (0–11), so paging is arithmetic.

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const FIRST_MONTH = 1970 * 12;

const monthOf = (ms: number) => {
  const d = new Date(ms);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};
const monthStart = (m: number) => Date.UTC(Math.floor(m / 12), m % 12, 1);
const keyOf = (m: number): MonthKey => `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, "0")}`;

function parseMonth(key: string | undefined): number | null {
  const match = key === undefined ? null : MONTH_KEY.exec(key);
  return match ? Number(match[1]) * 12 + Number(match[2]) - 1 : null;
}

type QueryValue = string | string[] | undefined;
const single = (v: QueryValue) => (Array.isArray(v) ? v[0] : v);

/**
 * The newest month of the page a query string asks for: `?before=2026-08` (stable, what the
 * page links to) shows July 2026 and the months before it; `?page=2` (as Statuspage numbers its
 * history) counts pages back from this month. Anything else is the first page (undefined).
 */
export function historyMonthFromQuery(query: { page?: QueryValue; before?: QueryValue }, now: number): MonthKey | undefined {
  const before = parseMonth(single(query.before));
  if (before !== null) return keyOf(Math.max(before - 1, FIRST_MONTH));
  const page = single(query.page);
  if (page !== undefined && /^[1-9]\d{0,5}$/.test(page) && Number(page) <= MAX_HISTORY_PAGE) {
    return keyOf(Math.max(monthOf(now) - HISTORY_MONTHS_PER_PAGE * (Number(page) - 1), FIRST_MONTH));
  }
  return undefined;
}

/** The link to the history page whose newest month is `month`: plain /history for the newest page. */
export function historyHref(month: MonthKey, now: number): string {
  const m = parseMonth(month);
  return m === null || m >= monthOf(now) ? HISTORY_PATH : `${HISTORY_PATH}?before=${keyOf(m + 1)}`;
}

/** The permalink path of an incident (feeds build the absolute one the same way). */
export function incidentPath(id: number): string {
  return incidentUrl("", id);
}

// ---------------------------------------------------------------------------------------------
// Reads

/** The columns every view selects, with the public components as JSON (page order). The table keeps its own name: ./scope's filters use it. */
const FACT_COLUMNS = sql`incidents.id, incidents.kind, incidents.title, incidents.status, incidents.impact,
  incidents.started_at, incidents.resolved_at, incidents.scheduled_for, incidents.scheduled_until,
  ${publicComponentsJson(sql`incidents.id`)} AS comps`;

interface FactRow {
  id: number;
  kind: IncidentKind;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  started_at: number;
  resolved_at: number | null;
  scheduled_for: number | null;
  scheduled_until: number | null;
  comps: string | null;
}

type UpdateTuple = [id: number, status: IncidentStatus, body: string, createdAt: number];

const renderUpdate = ([id, status, body, createdAt]: UpdateTuple): PublicIncidentUpdate => ({
  id: Number(id),
  status,
  html: renderMarkdown(body),
  createdAt: Number(createdAt),
});

function factsOf(r: FactRow, now: number): PublicIncidentFacts {
  let status = r.status;
  let resolvedAt = r.resolved_at === null ? null : Number(r.resolved_at);
  const window = r.kind === "maintenance" && r.scheduled_for !== null && r.scheduled_until !== null ? { from: Number(r.scheduled_for), until: Number(r.scheduled_until) } : null;
  // Maintenance by the clock, as the public page shows it: begun at its start, completed at its end.
  if (window && resolvedAt === null) {
    if (window.until <= now) [status, resolvedAt] = ["completed", window.until];
    else if (status === "scheduled" && window.from <= now) status = "in_progress";
  }
  const startedAt = Number(r.started_at);
  const components = parsePublicComponents(r.comps);
  return {
    id: Number(r.id),
    kind: r.kind,
    title: r.title,
    impact: r.impact,
    status,
    startedAt,
    resolvedAt,
    durationMs: resolvedAt === null ? null : Math.max(0, resolvedAt - startedAt),
    window,
    components,
  };
}

/**
 * One page of the incident history: published, unmerged incidents and maintenance that have
 * begun, grouped by the month they began in (UTC), HISTORY_MONTHS_PER_PAGE months from `month`
 * (default: this month) back, newest first, each with its public components and its newest
 * timeline entry. Two queries whatever the history: the page's rows (through
 * incidents_started_idx, with components and newest entry as JSON) and whether anything older is
 * public.
 */
export async function incidentHistory(db: Db, opts: { month?: MonthKey; now?: number } = {}): Promise<IncidentHistory> {
  const now = opts.now ?? Date.now();
  const current = monthOf(now);
  const newest = Math.max(Math.min(parseMonth(opts.month) ?? current, current), FIRST_MONTH + HISTORY_MONTHS_PER_PAGE - 1);
  const oldest = newest - HISTORY_MONTHS_PER_PAGE + 1;
  const from = monthStart(oldest);
  // Maintenance ahead belongs to the status page, not to history.
  const until = Math.min(monthStart(newest + 1), now + 1);

  const [rows, [older]] = await Promise.all([
    db.all<FactRow & { last_update: string | null }>(sql`
      SELECT ${FACT_COLUMNS},
        (SELECT json_array(u.id, u.status, u.body, u.created_at) FROM incident_updates u
         WHERE u.incident_id = incidents.id ORDER BY u.created_at DESC, u.id DESC LIMIT 1) AS last_update
      FROM incidents
      WHERE ${publicIncident} AND incidents.started_at >= ${from} AND incidents.started_at < ${until}
      ORDER BY incidents.started_at DESC, incidents.id DESC`),
    db.all<{ found: number }>(sql`SELECT EXISTS (SELECT 1 FROM incidents WHERE ${publicIncident} AND incidents.started_at < ${from}) AS found`),
  ]);

  const months: HistoryMonth[] = [];
  for (let m = newest; m >= oldest; m--) months.push({ key: keyOf(m), year: Math.floor(m / 12), month: (m % 12) + 1, incidents: [] });
  for (const r of rows) {
    const incident: HistoryIncident = { ...factsOf(r, now), lastUpdate: r.last_update === null ? null : renderUpdate(JSON.parse(r.last_update) as UpdateTuple) };
    months[newest - monthOf(incident.startedAt)]?.incidents.push(incident);
  }
  return {
    months,
    newer: newest < current ? keyOf(Math.min(newest + HISTORY_MONTHS_PER_PAGE, current)) : null,
    older: Number(older?.found) === 1 ? keyOf(oldest - 1) : null,
  };
}

/**
 * One incident or maintenance for its permalink, with its whole timeline (newest first) and
 * public components; `{ redirectTo }` for an automatic incident merged into a public one (its
 * timeline lives there now) of a public monitor; null when it does not exist or is not public. One query, two when
 * it is not public.
 */
export async function publicIncidentDetail(db: Db, id: number, now = Date.now()): Promise<PublicIncidentDetail | { redirectTo: number } | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const [row] = await db.all<FactRow & { updates: string; postmortem_body: string | null; postmortem_published_at: number | null; postmortem_updated_at: number | null }>(sql`
    SELECT ${FACT_COLUMNS},
      CASE WHEN incidents.postmortem_published_at IS NOT NULL THEN incidents.postmortem_body END AS postmortem_body,
      incidents.postmortem_published_at, incidents.postmortem_updated_at,
      (SELECT json_group_array(json_array(u.id, u.status, u.body, u.created_at)) FROM
        (SELECT id, status, body, created_at FROM incident_updates WHERE incident_id = incidents.id ORDER BY created_at DESC, id DESC) u) AS updates
    FROM incidents
    WHERE incidents.id = ${id} AND ${publicIncident}`);
  if (row) {
    const postmortem =
      row.postmortem_published_at === null || row.postmortem_body === null
        ? null
        : { html: renderMarkdown(row.postmortem_body), publishedAt: Number(row.postmortem_published_at), updatedAt: Number(row.postmortem_updated_at ?? row.postmortem_published_at) };
    return { ...factsOf(row, now), updates: (JSON.parse(row.updates) as UpdateTuple[]).map(renderUpdate), postmortem };
  }

  // The target of a merge is public in its own right: a merged draft's timeline, note included, is
  // already there, if its monitor is public. A private monitor's incident stays unknown here.
  const [target] = await db.all<{ id: number }>(sql`
    SELECT incidents.id FROM incidents
    WHERE incidents.id = (SELECT merged.merged_into FROM incidents merged JOIN monitors ON monitors.id = merged.monitor_id
                          LEFT JOIN components ON components.id = monitors.component_id
                          WHERE merged.id = ${id} AND ${publicMonitor}) AND ${publicIncident}`);
  return target ? { redirectTo: Number(target.id) } : null;
}
