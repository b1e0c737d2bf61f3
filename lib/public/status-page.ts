import { asc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components, monitors, monitorStates } from "../db/schema";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { MonitorType } from "../db/schema/monitors";
import { readPageSettings, uptimeFormulaOf, type PageSettings } from "../settings/page";
import { dayStartUtc, hourStartUtc } from "../uptime/uptime";
import { stateTimeDaySeries, sumStateTime, uptimeFromStateTime, type Condition, type StateTime } from "../uptime/state-time";
import { monitorStatusColumns, publicComponent, publicStatusOf } from "./scope";
import { publicIncidents } from "./incidents";
import { strings } from "../i18n/en";
import type { ComponentImpact } from "../db/schema/incidents";
import { componentStatus, groupStatus, pageStatusOf, type ComponentStatus, type MonitorInput, type PageStatus } from "../status/component";

export const UPTIME_BAR_DAYS = 90;
const SPARKLINE_HOURS = 24;
const HOUR_MS = 3_600_000;
/**
 * A component's line is drawn from raw results while it has fewer hourly points than this in
 * the last day (a new install, a new monitor): two hourly means make a diagonal, not a line.
 */
export const RAW_LINE_BELOW_HOURS = 6;
/**
 * A young line's step: the shortest of these that keeps it at most RAW_LINE_MAX_POINTS points
 * (a minute per point in the first hour, five minutes up to five hours, …).
 */
export const RAW_STEPS_MS = [60_000, 5 * 60_000, 15 * 60_000, 30 * 60_000];
const RAW_LINE_MAX_POINTS = 60;
/** A young line spans at least this long, so a few minutes of data is a short line at the right, not a full-width one. */
export const RAW_LINE_MIN_SPAN_MS = 15 * 60_000;
/**
 * The young line looks only through the newest this many rows of check_results (an id range,
 * read through the primary key): the cost stays fixed whatever the length of the log.
 */
export const RAW_TAIL_ROWS = 200_000;

/** One point of a response-time line: the mean over [at, at + stepMs), in ms. */
export interface LatencyPoint {
  at: number;
  ms: number;
  stepMs: number;
  /** Answered checks in the bucket (the weight of its mean). */
  n: number;
}

/** A component's response-time line over [from, to] (epoch ms). */
export interface LatencyLine {
  from: number;
  to: number;
  /** Oldest first; a gap longer than two steps means no answered check then. */
  points: LatencyPoint[];
  /** True while drawn from raw results (see RAW_LINE_BELOW_HOURS). */
  fromRaw: boolean;
}

export interface UptimeDay {
  dayStart: number;
  ratio: number | null;
  /** The day's worst condition (lib/uptime/state-time.ts). */
  worst: Condition;
}

export interface PublicComponent {
  id: number;
  name: string;
  description: string | null;
  /** lib/status/component.ts componentStatus. */
  status: ComponentStatus;
  /** Since when the component has been in this status (latest monitor change), epoch ms. */
  since: number | null;
  /** The monitors found a problem that no published incident speaks of yet: since when (epoch ms), else null. */
  detectedAt: number | null;
  days: UptimeDay[];
  uptimeRatio: number | null;
  /** Response time over the last day (null: the component does not show it, or no answered check). */
  latency: LatencyLine | null;
}

export interface PublicGroup {
  id: number | null;
  name: string | null;
  /** Its worst component (lib/status/component.ts groupStatus). */
  status: ComponentStatus;
  components: PublicComponent[];
}

export interface OverallStatus {
  status: PageStatus;
  /** One line for the banner. */
  headline: string;
}

export interface StatusPageData {
  page: PageSettings;
  overall: OverallStatus;
  groups: PublicGroup[];
  generatedAt: number;
  /** What the page shows above the components (./incidents.ts); it also feeds the statuses. */
  incidents: Awaited<ReturnType<typeof publicIncidents>>;
}

/** The banner: the page status (lib/status/component.ts pageStatusOf) in words. */
export function overallStatus(status: PageStatus, componentCount: number): OverallStatus {
  if (status === "no_data" && componentCount === 0) return { status, headline: strings.pageStatus.empty };
  return { status, headline: strings.pageStatus[status] };
}

/** Rows older than this many buckets are served from the cache; the newest ones are read every time. */
const FRESH_BUCKETS = 2;
/** Cached history is read again at least this often (late results, config changes). */
const SERIES_CACHE_MS = 10 * 60_000;

type DailyRow = { componentId: number; bucketStart: number } & StateTime;
type HourlyRow = { componentId: number; bucketStart: number; answered: number; latencySumUs: number };
type RawRow = { componentId: number; minute: number; answered: number; latencySumUs: number };
interface SeriesCache<R> {
  key: string;
  at: number;
  /** Rows of buckets before the fresh ones. */
  rows: R[];
}
const dailyCache = new WeakMap<Db, SeriesCache<DailyRow>>();
const hourlyCache = new WeakMap<Db, SeriesCache<HourlyRow>>();

/**
 * Per-component sums of a series over [from, now]: buckets before the last FRESH_BUCKETS come
 * from a per-process cache keyed by the range and the public monitors, so a warm render reads
 * only the newest rows; the cost does not grow with history or with the number of days shown.
 */
async function cachedSeries<R extends { bucketStart: number }>(
  cache: WeakMap<Db, SeriesCache<R>>,
  db: Db,
  opts: { from: number; freshFrom: number; signature: string; now: number },
  read: (from: number) => Promise<R[]>,
): Promise<R[]> {
  const key = `${opts.from}|${opts.freshFrom}|${opts.signature}`;
  const hit = cache.get(db);
  if (hit && hit.key === key && opts.now - hit.at < SERIES_CACHE_MS) return [...hit.rows, ...(await read(opts.freshFrom))];
  const rows = await read(opts.from);
  cache.set(db, { key, at: opts.now, rows: rows.filter((r) => r.bucketStart < opts.freshFrom) });
  return rows;
}

/**
 * Everything the public page shows, in five queries whatever the history: the page settings, the
 * open incidents and maintenance (./incidents.ts), components with their public monitors' states
 * (and the coordinator's pulse: a state counts only while it is fresh, ./scope.ts
 * publicStatusOf), daily state time (uptime bars) and hourly rollups (response-time lines) summed
 * per component. A sixth reads the newest raw results, only while some component's line has
 * fewer than RAW_LINE_BELOW_HOURS hourly points. Statuses follow the one rule
 * (lib/status/component.ts).
 */
export async function getStatusPageData(db: Db, now = Date.now()): Promise<StatusPageData> {
  const today = dayStartUtc(now);
  const firstDay = today - (UPTIME_BAR_DAYS - 1) * 86_400_000;
  const firstHour = hourStartUtc(now) - (SPARKLINE_HOURS - 1) * 3_600_000;

  const [page, incidents, componentRows] = await Promise.all([
    readPageSettings(db),
    // Open incidents (declared impacts) and maintenance (in progress or not) move the statuses too.
    publicIncidents(db, now, firstDay),
    // Public components with their public monitors' states as JSON: one query, one row per
    // component, for the structure and the current state.
    db
      .select({
        id: components.id,
        name: components.name,
        description: components.description,
        showLatency: components.showLatency,
        groupId: componentGroups.id,
        groupName: componentGroups.name,
        // What the no-data rule needs (./scope.ts monitorStatusColumns), in this order.
        monitors: sql<string>`(SELECT json_group_array(json_array(${monitors.id}, ${monitorStates.status}, ${monitorStates.since}, ${monitorStates.lastResultAt},
            ${monitors.type}, ${monitors.intervalS}, ${monitorStatusColumns.graceMs}, ${monitorStates.condition}, ${monitors.pausedAt}))
          FROM ${monitors} LEFT JOIN ${monitorStates} ON ${monitorStates.monitorId} = ${monitors.id}
          WHERE ${monitors.componentId} = ${components.id} AND ${monitors.isPublic} = 1 AND ${monitors.archivedAt} IS NULL)`,
        coordinatorBeatAt: monitorStatusColumns.coordinatorBeatAt,
      })
      .from(components)
      .leftJoin(componentGroups, eq(componentGroups.id, components.groupId))
      .where(publicComponent)
      .orderBy(asc(sql`coalesce(${componentGroups.displayOrder}, -1)`), asc(components.displayOrder), asc(components.id)),
  ]);

  const statesByComponent = new Map<number, MonitorInput[]>();
  const componentList = componentRows;
  const monitorComponent: [number, number][] = [];
  const latencyMonitors: [number, number][] = [];
  for (const row of componentRows) {
    const list: MonitorInput[] = [];
    statesByComponent.set(row.id, list);
    type Cell = [number, MonitorStatus | null, number | null, number | null, MonitorType, number, number | null, Condition | null, number | null];
    for (const [monitorId, status, since, lastResultAt, type, intervalS, graceMs, condition, pausedAt] of JSON.parse(row.monitors) as Cell[]) {
      list.push({ ...publicStatusOf({ status, since, lastResultAt, type, intervalS, pausedAt, graceMs, coordinatorBeatAt: row.coordinatorBeatAt }, now), condition });
      monitorComponent.push([monitorId, row.id]);
      if (row.showLatency) latencyMonitors.push([monitorId, row.id]);
    }
  }

  // The series are read per monitor through the primary keys (monitor, bucket) and summed per
  // component in SQL; json_each carries the public monitors and their components.
  const pairs = JSON.stringify(monitorComponent);
  const latencyPairs = JSON.stringify(latencyMonitors);
  const [dailyRows, hourlyRows] = await Promise.all([
    monitorComponent.length === 0
      ? Promise.resolve([] as DailyRow[])
      : cachedSeries(dailyCache, db, { from: firstDay, freshFrom: today - (FRESH_BUCKETS - 1) * 86_400_000, signature: pairs, now }, (from) =>
          db.all<DailyRow>(sql`SELECT j.value->>1 AS componentId, s.bucket_start AS bucketStart,
              sum(s.up_ms) AS upMs, sum(s.degraded_ms) AS degradedMs, sum(s.partial_ms) AS partialMs, sum(s.major_ms) AS majorMs,
              sum(s.maintenance_ms) AS maintenanceMs, sum(s.no_data_ms) AS noDataMs, sum(s.paused_ms) AS pausedMs
            FROM json_each(${pairs}) j CROSS JOIN state_time_daily s ON s.monitor_id = j.value->>0 AND s.bucket_start >= ${from}
            GROUP BY 1, 2`),
        ),
    latencyMonitors.length === 0
      ? Promise.resolve([] as HourlyRow[])
      : cachedSeries(hourlyCache, db, { from: firstHour, freshFrom: hourStartUtc(now) - (FRESH_BUCKETS - 1) * 3_600_000, signature: latencyPairs, now }, (from) =>
          db.all<HourlyRow>(sql`SELECT j.value->>1 AS componentId, r.bucket_start AS bucketStart,
              sum(r.total - r.down) AS answered, sum(r.latency_sum_us) AS latencySumUs
            FROM json_each(${latencyPairs}) j CROSS JOIN rollups_hourly r ON r.monitor_id = j.value->>0 AND r.bucket_start >= ${from}
            GROUP BY 1, 2`),
        ),
  ]);
  const dailyByComponent = groupBy(dailyRows, (r) => Number(r.componentId));
  const hourlyByComponent = groupBy(hourlyRows, (r) => Number(r.componentId));
  const lines = await latencyLines(db, latencyMonitors, hourlyByComponent, firstHour, now);

  const declared = new Map<number, ComponentImpact[]>();
  for (const i of incidents.active) for (const c of i.components) declared.set(c.id, [...(declared.get(c.id) ?? []), c.impact]);
  const maintained = new Set(incidents.maintenance.filter((m) => m.inProgress).flatMap((m) => m.components.map((c) => c.id)));

  const formula = uptimeFormulaOf(page);
  const groups: PublicGroup[] = [];
  const allStatuses: ComponentStatus[] = [];
  for (const c of componentList) {
    const verdict = componentStatus({ monitors: statesByComponent.get(c.id) ?? [], declared: declared.get(c.id) ?? [], inMaintenance: maintained.has(c.id) });
    const status = verdict.status;
    allStatuses.push(status);
    const daily = (dailyByComponent.get(c.id) ?? []).map((r) => ({ ...r, bucketStart: Number(r.bucketStart) }));
    const days = stateTimeDaySeries(daily, { endDayStart: today, days: UPTIME_BAR_DAYS }, formula).map((d) => ({
      dayStart: d.dayStart,
      ratio: d.ratio,
      worst: d.worst,
    }));
    const component: PublicComponent = {
      id: c.id,
      name: c.name,
      description: c.description,
      status,
      since: verdict.since,
      detectedAt: verdict.detectedAutomatically ? verdict.since : null,
      days,
      uptimeRatio: uptimeFromStateTime(sumStateTime(daily), formula),
      latency: c.showLatency ? (lines.get(c.id) ?? null) : null,
    };
    const last = groups[groups.length - 1];
    if (last && last.id === c.groupId) last.components.push(component);
    else groups.push({ id: c.groupId, name: c.groupName, status: "operational", components: [component] });
  }
  for (const g of groups) g.status = groupStatus(g.components.map((c) => c.status));
  const overall = pageStatusOf({
    components: allStatuses,
    incidentImpacts: incidents.active.map((i) => i.impact),
    maintenanceInProgress: incidents.maintenance.some((m) => m.inProgress),
  });
  return { page, overall: overallStatus(overall, allStatuses.length), groups, generatedAt: now, incidents };
}

/**
 * Each latency component's line: its hourly means, or, while it has fewer than
 * RAW_LINE_BELOW_HOURS of them, means over RAW_STEPS_MS from the newest raw results (one more
 * statement, only then), with the hourly points that are older than the raw ones.
 */
async function latencyLines(
  db: Db,
  latencyMonitors: [number, number][],
  hourlyByComponent: Map<number, HourlyRow[]>,
  firstHour: number,
  now: number,
): Promise<Map<number, LatencyLine>> {
  const hourly = new Map<number, LatencyPoint[]>();
  for (const [componentId, rows] of hourlyByComponent) {
    const points = rows
      .filter((r) => Number(r.answered) > 0 && Number(r.bucketStart) >= firstHour)
      .map((r) => ({ at: Number(r.bucketStart), ms: Number(r.latencySumUs) / Number(r.answered) / 1000, stepMs: HOUR_MS, n: Number(r.answered) }))
      .sort((a, b) => a.at - b.at);
    hourly.set(componentId, points);
  }
  const young = latencyMonitors.filter(([, c]) => (hourly.get(c)?.length ?? 0) < RAW_LINE_BELOW_HOURS);
  const raw = new Map<number, LatencyPoint[]>();
  if (young.length) {
    // Read by id (the primary key) over the newest rows only, monitors looked up by their key
    // for the component: summed per component and minute in SQL.
    const rows = await db.all<RawRow>(sql`SELECT m.component_id AS componentId, r.started_at - r.started_at % 60000 AS minute,
        count(*) AS answered, sum(r.total_us) AS latencySumUs
      FROM check_results r CROSS JOIN monitors m ON m.id = r.monitor_id
      WHERE r.id > (SELECT coalesce(max(id), 0) FROM check_results) - ${RAW_TAIL_ROWS}
        AND r.monitor_id IN (SELECT value FROM json_each(${JSON.stringify(young.map(([m]) => m))}))
        AND r.started_at >= ${firstHour} AND r.started_at <= ${now} AND r.status < 2
      GROUP BY 1, 2`);
    for (const [c, minutes] of groupBy(rows, (r) => Number(r.componentId))) {
      const first = Math.min(...minutes.map((r) => Number(r.minute)));
      const stepMs = RAW_STEPS_MS.find((step) => (now - first) / step <= RAW_LINE_MAX_POINTS) ?? RAW_STEPS_MS[RAW_STEPS_MS.length - 1];
      const buckets = new Map<number, { answered: number; us: number }>();
      for (const r of minutes) {
        const at = Number(r.minute) - (Number(r.minute) % stepMs);
        const b = buckets.get(at) ?? { answered: 0, us: 0 };
        b.answered += Number(r.answered);
        b.us += Number(r.latencySumUs);
        buckets.set(at, b);
      }
      raw.set(
        c,
        [...buckets].map(([at, b]) => ({ at, ms: b.us / b.answered / 1000, stepMs, n: b.answered })).sort((a, b) => a.at - b.at),
      );
    }
  }
  const lines = new Map<number, LatencyLine>();
  for (const c of new Set(latencyMonitors.map(([, c]) => c))) {
    const rawPoints = raw.get(c);
    const hourlyPoints = hourly.get(c) ?? [];
    // Hourly points older than the first raw one fill in what the raw tail no longer holds.
    const points = rawPoints?.length ? [...hourlyPoints.filter((p) => p.at + p.stepMs <= rawPoints[0].at), ...rawPoints] : hourlyPoints;
    if (points.length === 0) continue;
    // The axis spans the last day, or, while young, back to the first point (a little more for a few minutes of data).
    const from = rawPoints?.length ? Math.max(firstHour, Math.min(now - RAW_LINE_MIN_SPAN_MS, points[0].at)) : firstHour;
    lines.set(c, { from, to: now, points, fromRaw: Boolean(rawPoints?.length) });
  }
  return lines;
}

function groupBy<T, K>(rows: T[], key: (r: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = map.get(k);
    if (list) list.push(r);
    else map.set(k, [r]);
  }
  return map;
}

/**
 * Everything the public page reads, in one call: the page, its components and bars, and the
 * incidents and maintenance above them. The page calls only this (once per request), so its
 * query count is this function's (bench/status-page counts it).
 */
export const loadStatusPage = getStatusPageData;
export type LoadedStatusPage = StatusPageData;
