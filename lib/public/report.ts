/**
 * The monthly uptime report (app/(public)/report and its PDF): one UTC calendar month of the whole
 * page or of one public component. Uptime and downtime by the page's formula, incidents and their
 * mean time to resolve, latency percentiles, per-component rows and day bars.
 *
 * A UTC calendar month is a whole number of UTC days, so every figure is an exact sum of the
 * month's daily rows (state_time_daily, rollups_daily): five queries whatever the history or the
 * number of monitors. Everything goes through the public scope: private components and monitors
 * add no time, no latency and no incidents, and are never named.
 */
import { and, asc, eq, gte, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components, incidentComponents, incidents, monitors, rollupsDaily, stateTimeDaily } from "../db/schema";
import type { IncidentImpact } from "../db/schema/incidents";
import { strings } from "../i18n/en";
import { readPageSettings, uptimeFormulaOf } from "../settings/page";
import { mergeEncoded } from "../uptime/histogram";
import { downtimeMs, stateTimeDaySeries, sumStateTime, uptimeFromStateTime, type Condition, type StateTime, type UptimeFormula } from "../uptime/state-time";
import { DAY_MS, dayStartUtc } from "../uptime/uptime";
import { publicComponent, publicIncident, publicMonitor } from "./scope";

const t = strings.report;

/** The whole page, or one public component by key. */
export type ReportScope = { scope: "page" } | { scope: "component"; key: string };

/** "2026-11": a UTC calendar month. */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface MonthRange {
  /** "2026-11". */
  month: string;
  /** First UTC midnight of the month, epoch ms (inclusive). */
  from: number;
  /** First UTC midnight of the next month, epoch ms (exclusive). */
  to: number;
  /** Days in the month. */
  days: number;
  /** The month holding `now`: its figures are "so far". */
  current: boolean;
}

/**
 * The month's range, or null for anything that is not a month from 1970-01 to 9999-12, or a
 * month that has not started at `now`.
 */
export function monthRange(month: string, now = Date.now()): MonthRange | null {
  const m = MONTH_PATTERN.exec(month);
  if (!m) return null;
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  if (year < 1970) return null;
  const from = Date.UTC(year, index, 1);
  const to = Date.UTC(year, index + 1, 1);
  if (from > now) return null;
  return { month, from, to, days: (to - from) / DAY_MS, current: now < to };
}

/** The UTC month holding `ms`, as "2026-11". */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The month `delta` months after `month` (before, when negative). `month` must match MONTH_PATTERN. */
export function addMonths(month: string, delta: number): string {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`expected a month like 2026-11, got ${JSON.stringify(month)}`);
  return monthOf(Date.UTC(Number(m[1]), Number(m[2]) - 1 + delta, 1));
}

/** "November 2026". */
export function monthLabel(month: string): string {
  const m = MONTH_PATTERN.exec(month);
  if (!m) throw new RangeError(`expected a month like 2026-11, got ${JSON.stringify(month)}`);
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)).toLocaleDateString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });
}

/**
 * A duration in hours and minutes for people: "0 min", "< 1 min", "45 min", "3 h 5 min".
 * Any time above zero stays visible, however short.
 */
export function formatHoursMinutes(ms: number): string {
  if (!(ms >= 0)) throw new RangeError(`duration must be a non-negative number of ms, got ${ms}`);
  if (ms === 0) return t.duration.zero;
  if (ms < 60_000) return t.duration.underAMinute;
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const min = minutes % 60;
  return h === 0 ? t.duration.minutes(min) : t.duration.hoursMinutes(h, min);
}

export interface ReportIncident {
  id: number;
  title: string;
  impact: IncidentImpact;
  startedAt: number;
  resolvedAt: number | null;
  /** resolvedAt − startedAt; null while it is still open. */
  durationMs: number | null;
  /** Its public page. */
  href: string;
  /** Names of the public components it affected (private ones are never named). */
  components: string[];
}

export interface ReportComponentRow {
  id: number;
  key: string;
  name: string;
  groupName: string | null;
  /** By the page's formula; null without counted time in the month. */
  uptimeRatio: number | null;
  downtimeMs: number;
  incidentCount: number;
}

export interface ReportDay {
  /** UTC midnight, epoch ms. */
  dayStart: number;
  ratio: number | null;
  /** The bar's colour: the day's worst condition. */
  worst: Condition;
  /** A day of the current month that has not begun. */
  future: boolean;
}

export interface MonthlyReport {
  scope: ReportScope["scope"];
  /** The component's key; null for the page. */
  key: string | null;
  /** The page's name, or the component's. */
  name: string;
  pageName: string;
  /** "API uptime report, November 2026". */
  title: string;
  range: MonthRange;
  monthLabel: string;
  previousMonth: string;
  /** null when the next month has not started. */
  nextMonth: string | null;
  uptimeRatio: number | null;
  downtimeMs: number;
  /** Published incidents that started in the month, oldest first. */
  incidents: ReportIncident[];
  incidentCount: number;
  /** Mean of resolvedAt − startedAt over the resolved ones; null without any. */
  mttrMs: number | null;
  latency: { p50Ms: number | null; p95Ms: number | null };
  /** The page's public components, in page order (empty for a component report). */
  components: ReportComponentRow[];
  /** One per day of the month. */
  days: ReportDay[];
  /** The page's uptime formula, which every figure above follows. */
  formula: UptimeFormula;
  generatedAt: number;
}

/** Path of the report page; `.pdf` through the PDF route. */
export function reportPath(month: string, key: string | null = null): string {
  return `/report/${month}${key === null ? "" : `/${encodeURIComponent(key)}`}`;
}

/** Path of the report's PDF (app/report/pdf). */
export function reportPdfPath(month: string, key: string | null = null): string {
  return `/report/pdf/${month}${key === null ? "" : `/${encodeURIComponent(key)}`}`;
}

/**
 * The report of `scope` for `month` ("YYYY-MM", UTC), or null when the component is unknown or
 * private, the month is malformed, or it has not started. Five queries, run together.
 */
export async function monthlyReport(db: Db, scope: ReportScope, month: string, now = Date.now()): Promise<MonthlyReport | null> {
  const range = monthRange(month, now);
  if (!range) return null;
  const { from, to } = range;
  const componentKey = scope.scope === "component" ? scope.key : null;
  // A component report reads only that component's rows; the page reads every public component.
  const onlyKey: SQL | undefined = componentKey === null ? undefined : eq(components.key, componentKey);

  const [page, componentRows, timeRows, latencyRows, incidentRows] = await Promise.all([
    readPageSettings(db),
    db
      .select({ id: components.id, key: components.key, name: components.name, groupName: componentGroups.name })
      .from(components)
      .leftJoin(componentGroups, eq(componentGroups.id, components.groupId))
      .where(and(publicComponent, onlyKey))
      .orderBy(asc(sql`coalesce(${componentGroups.displayOrder}, -1)`), asc(components.displayOrder), asc(components.id)),
    // Per public component and day: the month's state time of its public monitors. Monitors
    // without a component are not on the page, so they are not in its report either.
    db
      .select({
        componentId: components.id,
        bucketStart: stateTimeDaily.bucketStart,
        upMs: sql<number>`sum(${stateTimeDaily.upMs})`,
        degradedMs: sql<number>`sum(${stateTimeDaily.degradedMs})`,
        partialMs: sql<number>`sum(${stateTimeDaily.partialMs})`,
        majorMs: sql<number>`sum(${stateTimeDaily.majorMs})`,
        maintenanceMs: sql<number>`sum(${stateTimeDaily.maintenanceMs})`,
        noDataMs: sql<number>`sum(${stateTimeDaily.noDataMs})`,
        pausedMs: sql<number>`sum(${stateTimeDaily.pausedMs})`,
      })
      .from(stateTimeDaily)
      .innerJoin(monitors, eq(monitors.id, stateTimeDaily.monitorId))
      .innerJoin(components, eq(components.id, monitors.componentId))
      .where(and(publicMonitor, onlyKey, gte(stateTimeDaily.bucketStart, from), lt(stateTimeDaily.bucketStart, to)))
      .groupBy(components.id, stateTimeDaily.bucketStart),
    // Latency histograms merge exactly, but only in code: one row per monitor, region and day.
    db
      .select({ histogram: rollupsDaily.histogram })
      .from(rollupsDaily)
      .innerJoin(monitors, eq(monitors.id, rollupsDaily.monitorId))
      .innerJoin(components, eq(components.id, monitors.componentId))
      .where(and(publicMonitor, onlyKey, gte(rollupsDaily.bucketStart, from), lt(rollupsDaily.bucketStart, to))),
    // Published incidents of the month with each component they affect; a private component's
    // columns come back null (it is filtered in the join), so it is known to exist but not named.
    db
      .select({
        id: incidents.id,
        title: incidents.title,
        impact: incidents.impact,
        monitorId: incidents.monitorId,
        startedAt: incidents.startedAt,
        resolvedAt: incidents.resolvedAt,
        affectedId: incidentComponents.componentId,
        componentId: components.id,
        componentKey: components.key,
        componentName: components.name,
      })
      .from(incidents)
      .leftJoin(incidentComponents, eq(incidentComponents.incidentId, incidents.id))
      .leftJoin(components, and(eq(components.id, incidentComponents.componentId), publicComponent))
      .where(and(publicIncident, eq(incidents.kind, "incident"), gte(incidents.startedAt, from), lt(incidents.startedAt, to)))
      .orderBy(asc(incidents.startedAt), asc(incidents.id), asc(components.displayOrder), asc(components.name)),
  ]);

  if (componentKey !== null && componentRows.length === 0) return null;
  const formula = uptimeFormulaOf(page);

  // Incidents: an incident counts for a component it affects; for the page when it affects a
  // public component, or is a general one (no component, not opened by a monitor). One whose
  // components are all private counts nowhere.
  const byIncident = new Map<number, { row: (typeof incidentRows)[number]; componentIds: number[]; componentKeys: string[]; names: string[]; affectsAny: boolean }>();
  for (const row of incidentRows) {
    let entry = byIncident.get(row.id);
    if (!entry) byIncident.set(row.id, (entry = { row, componentIds: [], componentKeys: [], names: [], affectsAny: false }));
    if (row.affectedId !== null) entry.affectsAny = true;
    if (row.componentId !== null) {
      entry.componentIds.push(row.componentId);
      entry.componentKeys.push(row.componentKey!);
      entry.names.push(row.componentName!);
    }
  }
  const incidentCounts = new Map<number, number>();
  const reportIncidents: ReportIncident[] = [];
  for (const { row, componentIds, componentKeys, names, affectsAny } of byIncident.values()) {
    const counts =
      componentKey !== null ? componentKeys.includes(componentKey) : componentIds.length > 0 || (!affectsAny && row.monitorId === null);
    if (!counts) continue;
    for (const id of componentIds) incidentCounts.set(id, (incidentCounts.get(id) ?? 0) + 1);
    reportIncidents.push({
      id: row.id,
      title: row.title,
      impact: row.impact,
      startedAt: row.startedAt,
      resolvedAt: row.resolvedAt,
      durationMs: row.resolvedAt === null ? null : Math.max(0, row.resolvedAt - row.startedAt),
      href: `/incidents/${row.id}`,
      components: names,
    });
  }
  const resolved = reportIncidents.filter((i) => i.durationMs !== null);
  const mttrMs = resolved.length ? resolved.reduce((sum, i) => sum + i.durationMs!, 0) / resolved.length : null;

  const timeByComponent = new Map<number, StateTime[]>();
  for (const row of timeRows) {
    const list = timeByComponent.get(row.componentId);
    if (list) list.push(row);
    else timeByComponent.set(row.componentId, [row]);
  }
  const total = sumStateTime(timeRows);

  const histogram = mergeEncoded(latencyRows.map((r) => r.histogram));
  const ms = (us: number | undefined) => (us === undefined ? null : us / 1000);

  const today = dayStartUtc(now);
  const days = stateTimeDaySeries(timeRows, { endDayStart: to - DAY_MS, days: range.days }, formula).map((d) => ({
    dayStart: d.dayStart,
    ratio: d.ratio,
    worst: d.worst,
    future: d.dayStart > today,
  }));

  const name = componentKey === null ? page.name : componentRows[0].name;
  const label = monthLabel(month);
  const next = addMonths(month, 1);
  return {
    scope: scope.scope,
    key: componentKey === null ? null : componentRows[0].key,
    name,
    pageName: page.name,
    title: t.title(name, label),
    range,
    monthLabel: label,
    previousMonth: addMonths(month, -1),
    nextMonth: monthRange(next, now) ? next : null,
    uptimeRatio: uptimeFromStateTime(total, formula),
    downtimeMs: downtimeMs(total, formula),
    incidents: reportIncidents,
    incidentCount: reportIncidents.length,
    mttrMs,
    latency: { p50Ms: ms(histogram.percentile(50)), p95Ms: ms(histogram.percentile(95)) },
    components:
      componentKey !== null
        ? []
        : componentRows.map((c) => {
            const time = sumStateTime(timeByComponent.get(c.id) ?? []);
            return {
              id: c.id,
              key: c.key,
              name: c.name,
              groupName: c.groupName,
              uptimeRatio: uptimeFromStateTime(time, formula),
              downtimeMs: downtimeMs(time, formula),
              incidentCount: incidentCounts.get(c.id) ?? 0,
            };
          }),
    days,
    formula,
    generatedAt: now,
  };
}
