/**
 * The dashboard overview: every active monitor's state at a glance, worst first, filtered,
 * searched and paginated in SQL, with uptime, p95 and a sparkline for the page's rows only.
 * A request runs a fixed number of statements whatever the number of monitors (OVERVIEW_STATEMENTS):
 * the page of rows with the match count, the counts per state, the components, the page settings,
 * then for the page's ids the last 24 hourly rollups, the state time sums and the region states.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { MONITOR_TYPES, type MonitorType } from "../db/schema/monitors";
import { readPageSettings, uptimeFormulaOf } from "../settings/page";
import { LatencyHistogram, mergeEncoded } from "../uptime/histogram";
import { rangeStart } from "../uptime/ranges";
import { uptimeFromStateTime, type StateTime } from "../uptime/state-time";
import { HOUR_MS, hourStartUtc } from "../uptime/uptime";

/** What a row says, worst first: the sort order of the overview. */
export const OVERVIEW_STATES = ["down", "degraded", "partial", "no_data", "maintenance", "paused", "operational"] as const;
export type OverviewState = (typeof OVERVIEW_STATES)[number];

export const OVERVIEW_STATE_LABELS: Record<OverviewState, string> = {
  down: "Down",
  degraded: "Degraded",
  partial: "Failing in some regions",
  no_data: "No data",
  maintenance: "Maintenance",
  paused: "Paused",
  operational: "Operational",
};

export const OVERVIEW_SORTS = ["worst", "name", "changed"] as const;
export type OverviewSort = (typeof OVERVIEW_SORTS)[number];
export const OVERVIEW_SORT_LABELS: Record<OverviewSort, string> = { worst: "Worst first", name: "Name", changed: "Last state change" };

export const OVERVIEW_PAGE_SIZE = 50;
/** Longest search text; longer input is cut, never refused (it comes from a URL). */
export const OVERVIEW_SEARCH_MAX_CHARS = 100;
const KEY_MAX_CHARS = 200;
/** Pages past this are clamped (50,000 monitors is far beyond what one hub runs). */
const MAX_PAGE = 1_000;
/** Hours in the sparkline (the last 24, this one included). */
export const SPARK_HOURS = 24;
/** Statements one loadOverview runs, whatever the number of monitors (asserted in its test). */
export const OVERVIEW_STATEMENTS = 7;

export interface OverviewQuery {
  /** Search in name and key, case-insensitive; "" for none. */
  q: string;
  state: OverviewState | null;
  /** A component's key. */
  component: string | null;
  type: MonitorType | null;
  sort: OverviewSort;
  /** 1-based. */
  page: number;
}

export const DEFAULT_OVERVIEW_QUERY: OverviewQuery = { q: "", state: null, component: null, type: null, sort: "worst", page: 1 };

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function param(params: Params, name: string): string {
  const v = params instanceof URLSearchParams ? params.get(name) : params[name];
  return (Array.isArray(v) ? v[0] : v) ?? "";
}

const oneOf = <T extends string>(list: readonly T[], v: string): T | null => ((list as readonly string[]).includes(v) ? (v as T) : null);

/** The overview's query from the URL: unknown values fall back to the default, text is bounded. */
export function parseOverviewQuery(params: Params): OverviewQuery {
  const page = Number.parseInt(param(params, "page"), 10);
  return {
    q: param(params, "q").trim().slice(0, OVERVIEW_SEARCH_MAX_CHARS),
    state: oneOf(OVERVIEW_STATES, param(params, "state")),
    component: param(params, "component").slice(0, KEY_MAX_CHARS) || null,
    type: oneOf(MONITOR_TYPES, param(params, "type")),
    sort: oneOf(OVERVIEW_SORTS, param(params, "sort")) ?? "worst",
    page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
  };
}

/** The query string of `query` with `patch` applied, defaults left out ("" when all are defaults). */
export function overviewSearch(query: OverviewQuery, patch: Partial<OverviewQuery> = {}): string {
  const q = { ...query, ...patch };
  const out = new URLSearchParams();
  if (q.q) out.set("q", q.q);
  if (q.state) out.set("state", q.state);
  if (q.component) out.set("component", q.component);
  if (q.type) out.set("type", q.type);
  if (q.sort !== "worst") out.set("sort", q.sort);
  if (q.page > 1) out.set("page", String(q.page));
  const s = out.toString();
  return s ? `?${s}` : "";
}

export interface SparkHour {
  /** Hour start, epoch ms. */
  at: number;
  /** p95 over the hour, all regions; null when nothing answered. */
  p95Ms: number | null;
  total: number;
  down: number;
}

export interface RegionState {
  name: string;
  status: string;
  since: number;
}

export interface OverviewRow {
  id: number;
  key: string;
  name: string;
  type: MonitorType;
  component: string | null;
  isPublic: boolean;
  state: OverviewState;
  /** Since when the monitor is in its state (epoch ms); null before its first result. */
  since: number | null;
  lastMessage: string | null;
  lastResultAt: number | null;
  warning: string | null;
  flapping: number;
  uptime: { "24h": number | null; "7d": number | null; "30d": number | null };
  p95Ms24h: number | null;
  spark: SparkHour[];
  regions: RegionState[];
}

export interface Overview {
  query: OverviewQuery;
  /** Active monitors per state, whatever the filters (the summary strip). */
  summary: Record<OverviewState, number>;
  /** Active monitors in all. */
  total: number;
  /** Monitors matching the filters. */
  matched: number;
  pageCount: number;
  rows: OverviewRow[];
  components: { key: string; name: string }[];
  generatedAt: number;
}

/** The LIKE pattern of a search: %, _ and \ match themselves. */
const likePattern = (q: string) => `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Active monitors with their overview state. Maintenance is a window in progress on the
 * monitor's component (as lib/status/component.ts maintenanceInProgress says it).
 */
function stateSource(now: number): SQL {
  return sql`
    WITH maint AS (
      SELECT DISTINCT ic.component_id AS component_id
      FROM incidents i JOIN incident_components ic ON ic.incident_id = i.id
      WHERE i.kind = 'maintenance' AND i.resolved_at IS NULL AND i.status <> 'completed'
        AND (i.scheduled_until IS NULL OR i.scheduled_until > ${now})
        AND (i.status <> 'scheduled' OR (i.scheduled_for IS NOT NULL AND i.scheduled_for <= ${now}))
    ),
    base AS (
      SELECT m.id AS id, m.key AS key, m.name AS name, m.type AS type, m.is_public AS is_public,
        c.key AS component_key, c.name AS component,
        coalesce(m.paused_at, s.since) AS since, s.last_message AS last_message, s.last_result_at AS last_result_at, s.warning AS warning,
        coalesce(s.flapping, 0) AS flapping,
        CASE
          WHEN m.paused_at IS NOT NULL THEN 'paused'
          WHEN m.component_id IN (SELECT component_id FROM maint) THEN 'maintenance'
          WHEN s.status IS NULL THEN 'no_data'
          WHEN s.status = 'operational' AND s.warning IS NOT NULL THEN 'partial'
          ELSE s.status
        END AS state
      FROM monitors m
      LEFT JOIN components c ON c.id = m.component_id
      LEFT JOIN monitor_states s ON s.monitor_id = m.id
      WHERE m.archived_at IS NULL
    )`;
}

const RANK_SQL = sql.raw(`CASE state ${OVERVIEW_STATES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(" ")} ELSE ${OVERVIEW_STATES.length} END`);

function orderBy(sort: OverviewSort): SQL {
  switch (sort) {
    case "name":
      return sql`lower(name), id`;
    case "changed":
      return sql`coalesce(since, 0) DESC, lower(name), id`;
    default:
      return sql`${RANK_SQL}, lower(name), id`;
  }
}

interface PageRow {
  id: number;
  key: string;
  name: string;
  type: MonitorType;
  is_public: number;
  component_key: string | null;
  component: string | null;
  since: number | null;
  last_message: string | null;
  last_result_at: number | null;
  warning: string | null;
  flapping: number;
  state: OverviewState;
  matched: number;
}

interface TimeSumRow extends StateTime {
  monitorId: number;
  range: "24h" | "7d" | "30d";
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** The page's rows (with the match count) and the counts per state: two statements. */
function pageAndCounts(db: Db, query: OverviewQuery, now: number) {
  const filters: SQL[] = [];
  if (query.q) filters.push(sql`(lower(name) LIKE ${likePattern(query.q)} ESCAPE '\\' OR lower(key) LIKE ${likePattern(query.q)} ESCAPE '\\')`);
  if (query.state) filters.push(sql`state = ${query.state}`);
  if (query.component) filters.push(sql`component_key = ${query.component}`);
  if (query.type) filters.push(sql`type = ${query.type}`);
  const where = filters.length ? sql`WHERE ${sql.join(filters, sql` AND `)}` : sql``;
  const offset = (query.page - 1) * OVERVIEW_PAGE_SIZE;
  return Promise.all([
    db.all<PageRow>(sql`${stateSource(now)}
      SELECT *, count(*) OVER () AS matched FROM base ${where}
      ORDER BY ${orderBy(query.sort)} LIMIT ${OVERVIEW_PAGE_SIZE} OFFSET ${offset}`),
    db.all<{ state: OverviewState; n: number }>(sql`${stateSource(now)} SELECT state, count(*) AS n FROM base GROUP BY state`),
  ]);
}

const summaryOf = (counts: { state: OverviewState; n: number }[]) => {
  const summary = Object.fromEntries(OVERVIEW_STATES.map((s) => [s, 0])) as Record<OverviewState, number>;
  for (const c of counts) if (c.state in summary) summary[c.state] += Number(c.n);
  return summary;
};

/** One page of the overview. */
export async function loadOverview(db: Db, query: OverviewQuery = DEFAULT_OVERVIEW_QUERY, now = Date.now()): Promise<Overview> {
  const [[pageRows, counts], components, settings] = await Promise.all([
    pageAndCounts(db, query, now),
    db.all<{ key: string; name: string }>(sql`SELECT key, name FROM components ORDER BY display_order, name`),
    readPageSettings(db),
  ]);
  const ids = JSON.stringify(pageRows.map((r) => Number(r.id)));
  const sparkFrom = hourStartUtc(now) - (SPARK_HOURS - 1) * HOUR_MS;
  const from24h = rangeStart("24h", now).from;
  const from7d = rangeStart("7d", now).from;
  const from30d = rangeStart("30d", now).from;
  const timeSum = (range: string, table: string, from: number) => sql`
    SELECT monitor_id AS monitorId, ${range} AS range, sum(up_ms) AS upMs, sum(degraded_ms) AS degradedMs, sum(partial_ms) AS partialMs,
      sum(major_ms) AS majorMs, sum(maintenance_ms) AS maintenanceMs, sum(no_data_ms) AS noDataMs, sum(paused_ms) AS pausedMs
    FROM ${sql.raw(table)} WHERE monitor_id IN (SELECT value FROM json_each(${ids})) AND bucket_start >= ${from} GROUP BY monitor_id`;
  const [hourly, times, regions] = await Promise.all([
    db.all<{ monitorId: number; at: number; total: number; down: number; histogram: ArrayBuffer | null }>(sql`
      SELECT monitor_id AS monitorId, bucket_start AS at, total, down, histogram FROM rollups_hourly
      WHERE monitor_id IN (SELECT value FROM json_each(${ids})) AND bucket_start >= ${sparkFrom}`),
    db.all<TimeSumRow>(sql`${timeSum("24h", "state_time_hourly", from24h)} UNION ALL ${timeSum("7d", "state_time_hourly", from7d)} UNION ALL ${timeSum("30d", "state_time_daily", from30d)}`),
    db.all<{ monitorId: number; name: string; status: string; since: number }>(sql`
      SELECT s.monitor_id AS monitorId, r.name AS name, s.status AS status, s.since AS since
      FROM monitor_region_states s JOIN regions r ON r.id = s.region_id
      WHERE s.monitor_id IN (SELECT value FROM json_each(${ids})) ORDER BY r.name`),
  ]);

  const formula = uptimeFormulaOf(settings);
  const uptimeById = new Map<number, OverviewRow["uptime"]>();
  for (const t of times) {
    const id = Number(t.monitorId);
    const entry = uptimeById.get(id) ?? { "24h": null, "7d": null, "30d": null };
    const sums: StateTime = { upMs: Number(t.upMs), degradedMs: Number(t.degradedMs), partialMs: Number(t.partialMs), majorMs: Number(t.majorMs), maintenanceMs: Number(t.maintenanceMs), noDataMs: Number(t.noDataMs), pausedMs: Number(t.pausedMs) };
    entry[t.range] = uptimeFromStateTime(sums, formula);
    uptimeById.set(id, entry);
  }
  // Regions of one hour are merged: counts add, blobs are decoded straight into one histogram.
  const hours = new Map<number, Map<number, { total: number; down: number; blobs: (ArrayBuffer | null)[] }>>();
  for (const r of hourly) {
    const id = Number(r.monitorId);
    const byHour = hours.get(id) ?? new Map();
    hours.set(id, byHour);
    const at = Number(r.at);
    const cell = byHour.get(at) ?? { total: 0, down: 0, blobs: [] };
    byHour.set(at, cell);
    cell.total += Number(r.total);
    cell.down += Number(r.down);
    cell.blobs.push(r.histogram);
  }
  const regionsById = new Map<number, RegionState[]>();
  for (const r of regions) {
    const list = regionsById.get(Number(r.monitorId)) ?? [];
    list.push({ name: r.name, status: r.status, since: Number(r.since) });
    regionsById.set(Number(r.monitorId), list);
  }
  const ms = (us: number | undefined) => (us === undefined ? null : us / 1000);

  const rows: OverviewRow[] = pageRows.map((r) => {
    const id = Number(r.id);
    const byHour = hours.get(id);
    const all = new LatencyHistogram();
    const spark: SparkHour[] = Array.from({ length: SPARK_HOURS }, (_, i) => {
      const at = sparkFrom + i * HOUR_MS;
      const cell = byHour?.get(at);
      const h = cell ? mergeEncoded(cell.blobs) : null;
      if (h) all.merge(h);
      return { at, p95Ms: h ? ms(h.percentile(95)) : null, total: cell?.total ?? 0, down: cell?.down ?? 0 };
    });
    return {
      id,
      key: r.key,
      name: r.name,
      type: r.type,
      component: r.component,
      isPublic: Boolean(r.is_public),
      state: r.state,
      since: num(r.since),
      lastMessage: r.last_message,
      lastResultAt: num(r.last_result_at),
      warning: r.warning,
      flapping: Number(r.flapping),
      uptime: uptimeById.get(id) ?? { "24h": null, "7d": null, "30d": null },
      p95Ms24h: ms(all.percentile(95)),
      spark,
      regions: regionsById.get(id) ?? [],
    };
  });
  const summary = summaryOf(counts);
  const matched = pageRows.length ? Number(pageRows[0].matched) : 0;
  return {
    query,
    summary,
    total: Object.values(summary).reduce((a, b) => a + b, 0),
    matched,
    pageCount: Math.max(1, Math.ceil(matched / OVERVIEW_PAGE_SIZE)),
    rows,
    components,
    generatedAt: now,
  };
}

/** What the live-update route sends per row: the state and its time, nothing else. */
export interface LiveRow {
  key: string;
  state: OverviewState;
  label: string;
  since: number | null;
  lastResultAt: number | null;
}

export interface LiveOverview {
  generatedAt: number;
  summary: Record<OverviewState, number>;
  rows: LiveRow[];
}

/** Statements one loadLiveOverview runs. */
export const LIVE_OVERVIEW_STATEMENTS = 2;

/** What the live-update route sends: the states of the same page of the same query, and the counts (two statements). */
export async function loadLiveOverview(db: Db, query: OverviewQuery = DEFAULT_OVERVIEW_QUERY, now = Date.now()): Promise<LiveOverview> {
  const [rows, counts] = await pageAndCounts(db, query, now);
  return {
    generatedAt: now,
    summary: summaryOf(counts),
    rows: rows.map((r) => ({ key: r.key, state: r.state, label: OVERVIEW_STATE_LABELS[r.state], since: num(r.since), lastResultAt: num(r.last_result_at) })),
  };
}
