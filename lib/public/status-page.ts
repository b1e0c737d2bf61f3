import { and, asc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components, monitors, monitorStates, rollupsHourly, stateTimeDaily } from "../db/schema";
import type { MonitorStatus } from "../db/schema/monitor-states";
import { readPageSettings, uptimeFormulaOf, type PageSettings } from "../settings/page";
import { dayStartUtc, hourStartUtc } from "../uptime/uptime";
import { stateTimeDaySeries, sumStateTime, uptimeFromStateTime, type Condition } from "../uptime/state-time";
import { publicComponent, publicMonitor } from "./scope";
import { publicIncidents } from "./incidents";

export const UPTIME_BAR_DAYS = 90;
const SPARKLINE_HOURS = 24;

/** Worse first: a component shows its worst monitor. No data outranks operational (no false green). */
const SEVERITY: Record<MonitorStatus, number> = { down: 3, degraded: 2, no_data: 1, operational: 0 };

export function worstStatus(statuses: MonitorStatus[]): MonitorStatus {
  let worst: MonitorStatus = statuses.length ? "operational" : "no_data";
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[worst]) worst = s;
  return worst;
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
  status: MonitorStatus;
  /** Since when the component has been in this status (latest monitor change), epoch ms. */
  since: number | null;
  days: UptimeDay[];
  uptimeRatio: number | null;
  /** Mean latency per hour over the last day, in ms (null: no data that hour). */
  latencyMs: (number | null)[] | null;
}

export interface PublicGroup {
  id: number | null;
  name: string | null;
  components: PublicComponent[];
}

export interface OverallStatus {
  status: MonitorStatus | "partial_outage";
  /** One line for the banner. */
  headline: string;
}

export interface StatusPageData {
  page: PageSettings;
  overall: OverallStatus;
  groups: PublicGroup[];
  generatedAt: number;
}

export function overallStatus(statuses: MonitorStatus[]): OverallStatus {
  if (statuses.length === 0) return { status: "no_data", headline: "No components to show yet" };
  const down = statuses.filter((s) => s === "down").length;
  if (down > 0 && down === statuses.length) return { status: "down", headline: "Major outage" };
  if (down > 0) return { status: "partial_outage", headline: "Partial outage" };
  if (statuses.includes("degraded")) return { status: "degraded", headline: "Degraded performance" };
  if (statuses.every((s) => s === "no_data")) return { status: "no_data", headline: "Waiting for the first checks" };
  if (statuses.includes("no_data")) return { status: "no_data", headline: "Some systems have no recent data" };
  return { status: "operational", headline: "All systems operational" };
}

/**
 * Everything the public page shows, in a fixed number of queries whatever the history length:
 * components, monitor states, 90 days of daily state time (uptime), and 24 hours of hourly
 * rollups (latency).
 */
export async function getStatusPageData(db: Db, now = Date.now()): Promise<StatusPageData> {
  const firstDay = dayStartUtc(now) - (UPTIME_BAR_DAYS - 1) * 86_400_000;
  const firstHour = hourStartUtc(now) - (SPARKLINE_HOURS - 1) * 3_600_000;

  const [page, componentRows, dailyRows, hourlyRows] = await Promise.all([
    readPageSettings(db),
    // Public components, each with its public monitors' states (one row per monitor, or one
    // row with no monitor): one query for the structure and the current state.
    db
      .select({
        id: components.id,
        name: components.name,
        description: components.description,
        showLatency: components.showLatency,
        groupId: componentGroups.id,
        groupName: componentGroups.name,
        monitorId: monitors.id,
        status: monitorStates.status,
        since: monitorStates.since,
      })
      .from(components)
      .leftJoin(componentGroups, eq(componentGroups.id, components.groupId))
      .leftJoin(monitors, and(eq(monitors.componentId, components.id), eq(monitors.isPublic, true), isNull(monitors.archivedAt)))
      .leftJoin(monitorStates, eq(monitorStates.monitorId, monitors.id))
      .where(publicComponent)
      .orderBy(asc(sql`coalesce(${componentGroups.displayOrder}, -1)`), asc(components.displayOrder), asc(components.id)),
    db
      .select({
        componentId: monitors.componentId,
        bucketStart: stateTimeDaily.bucketStart,
        upMs: sql<number>`sum(${stateTimeDaily.upMs})`,
        degradedMs: sql<number>`sum(${stateTimeDaily.degradedMs})`,
        partialMs: sql<number>`sum(${stateTimeDaily.partialMs})`,
        majorMs: sql<number>`sum(${stateTimeDaily.majorMs})`,
        maintenanceMs: sql<number>`sum(${stateTimeDaily.maintenanceMs})`,
        noDataMs: sql<number>`sum(${stateTimeDaily.noDataMs})`,
      })
      .from(stateTimeDaily)
      .innerJoin(monitors, eq(monitors.id, stateTimeDaily.monitorId))
      .leftJoin(components, eq(components.id, monitors.componentId))
      .where(and(publicMonitor, gte(stateTimeDaily.bucketStart, firstDay)))
      .groupBy(monitors.componentId, stateTimeDaily.bucketStart),
    db
      .select({
        componentId: monitors.componentId,
        bucketStart: rollupsHourly.bucketStart,
        answered: sql<number>`sum(${rollupsHourly.total} - ${rollupsHourly.down})`,
        latencySumUs: sql<number>`sum(${rollupsHourly.latencySumUs})`,
      })
      .from(rollupsHourly)
      .innerJoin(monitors, eq(monitors.id, rollupsHourly.monitorId))
      .leftJoin(components, eq(components.id, monitors.componentId))
      .where(and(publicMonitor, gte(rollupsHourly.bucketStart, firstHour)))
      .groupBy(monitors.componentId, rollupsHourly.bucketStart),
  ]);

  const statesByComponent = new Map<number, { status: MonitorStatus; since: number | null }[]>();
  const componentList: (typeof componentRows)[number][] = [];
  for (const row of componentRows) {
    let list = statesByComponent.get(row.id);
    if (!list) {
      statesByComponent.set(row.id, (list = []));
      componentList.push(row);
    }
    if (row.monitorId !== null) list.push({ status: row.status ?? "no_data", since: row.since });
  }
  const dailyByComponent = groupBy(dailyRows, (r) => r.componentId);
  const hourlyByComponent = groupBy(hourlyRows, (r) => r.componentId);

  const formula = uptimeFormulaOf(page);
  const groups: PublicGroup[] = [];
  const allStatuses: MonitorStatus[] = [];
  for (const c of componentList) {
    const states = statesByComponent.get(c.id) ?? [];
    const status = worstStatus(states.map((s) => s.status));
    allStatuses.push(status);
    const sinceValues = states.filter((s) => s.status === status && s.since !== null).map((s) => s.since!);
    const daily = dailyByComponent.get(c.id) ?? [];
    const days = stateTimeDaySeries(daily, { endDayStart: dayStartUtc(now), days: UPTIME_BAR_DAYS }, formula).map((d) => ({
      dayStart: d.dayStart,
      ratio: d.ratio,
      worst: d.worst,
    }));
    let latencyMs: (number | null)[] | null = null;
    if (c.showLatency) {
      const byHour = new Map((hourlyByComponent.get(c.id) ?? []).map((r) => [r.bucketStart, r]));
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
      since: sinceValues.length ? Math.max(...sinceValues) : null,
      days,
      uptimeRatio: uptimeFromStateTime(sumStateTime(daily), formula),
      latencyMs,
    };
    const last = groups[groups.length - 1];
    if (last && last.id === c.groupId) last.components.push(component);
    else groups.push({ id: c.groupId, name: c.groupName, components: [component] });
  }
  return { page, overall: overallStatus(allStatuses), groups, generatedAt: now };
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
export async function loadStatusPage(db: Db, now = Date.now()) {
  const [status, incidents] = await Promise.all([getStatusPageData(db, now), publicIncidents(db, now)]);
  return { ...status, incidents };
}
export type LoadedStatusPage = Awaited<ReturnType<typeof loadStatusPage>>;
