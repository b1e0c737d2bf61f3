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
  /** Mean latency per hour over the last day, in ms (null: no data that hour). */
  latencyMs: (number | null)[] | null;
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
 * (and the coordinator's heartbeat: a state counts only while it is fresh, ./scope.ts
 * publicStatusOf), daily state time (uptime bars) and hourly rollups (latency sparklines) summed
 * per component. Statuses follow the one rule (lib/status/component.ts).
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
            ${monitors.type}, ${monitors.intervalS}, ${monitorStatusColumns.graceMs}, ${monitorStates.condition}))
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
    type Cell = [number, MonitorStatus | null, number | null, number | null, MonitorType, number, number | null, Condition | null];
    for (const [monitorId, status, since, lastResultAt, type, intervalS, graceMs, condition] of JSON.parse(row.monitors) as Cell[]) {
      list.push({ ...publicStatusOf({ status, since, lastResultAt, type, intervalS, graceMs, coordinatorBeatAt: row.coordinatorBeatAt }, now), condition });
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
              sum(s.maintenance_ms) AS maintenanceMs, sum(s.no_data_ms) AS noDataMs
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
    let latencyMs: (number | null)[] | null = null;
    if (c.showLatency) {
      const byHour = new Map((hourlyByComponent.get(c.id) ?? []).map((r) => [Number(r.bucketStart), r]));
      latencyMs = Array.from({ length: SPARKLINE_HOURS }, (_, i) => {
        const r = byHour.get(firstHour + i * 3_600_000);
        return r && Number(r.answered) > 0 ? Number(r.latencySumUs) / Number(r.answered) / 1000 : null;
      });
    }
    const component: PublicComponent = {
      id: c.id,
      name: c.name,
      description: c.description,
      status,
      since: verdict.since,
      detectedAt: verdict.detectedAutomatically ? verdict.since : null,
      days,
      uptimeRatio: uptimeFromStateTime(sumStateTime(daily), formula),
      latencyMs,
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
