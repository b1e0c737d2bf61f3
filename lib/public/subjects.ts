/**
 * One public monitor or component as badges, widgets, cards and reports see it: found by key
 * through the public scope (a private one is simply not found), with its current status, uptime
 * over a window by the page's formula, latency, and day bars. Cost is a few indexed reads of
 * rollup rows, whatever the history.
 */
import { and, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { components, incidentComponents, incidents, monitors, monitorStates, rollupsDaily, rollupsHourly, stateTimeDaily, stateTimeHourly } from "../db/schema";
import type { ComponentImpact } from "../db/schema/incidents";
import { rangeStart, RANGES, type RangeName } from "../uptime/ranges";
import { readPageSettings, uptimeFormulaOf } from "../settings/page";
import { LatencyHistogram } from "../uptime/histogram";
import { downtimeMs, stateTimeDaySeries, sumStateTime, uptimeFromStateTime, worstCondition, type StateTimeDay } from "../uptime/state-time";
import { dayStartUtc, HOUR_MS, hourStartUtc } from "../uptime/uptime";
import { monitorStatusColumns, publicComponent, publicIncident, publicMonitor, publicStatusOf } from "./scope";
import { componentStatus, maintenanceInProgress, type ComponentStatus } from "../status/component";

export { RANGES, type RangeName };
export type SubjectKind = "monitor" | "component";

export interface PublicSubject {
  kind: SubjectKind;
  id: number;
  key: string;
  name: string;
  /**
   * By the one rule (lib/status/component.ts): a component from its public monitors, the impact
   * declared in open published incidents and maintenance in progress; a monitor from itself.
   */
  status: ComponentStatus;
  monitorIds: number[];
}

export function isRangeName(w: string): w is RangeName {
  return (RANGES as readonly string[]).includes(w);
}

/**
 * The public monitor or component with this key, or null (unknown and private look the same).
 * Its status is read through the no-data rule at `now` (./scope.ts publicStatusOf).
 */
export async function findPublicSubject(db: Db, kind: SubjectKind, key: string, now = Date.now()): Promise<PublicSubject | null> {
  const rows = await db
    .select({
      id: monitors.id,
      key: monitors.key,
      name: monitors.name,
      ...monitorStatusColumns,
      condition: monitorStates.condition,
      componentId: components.id,
      componentKey: components.key,
      componentName: components.name,
    })
    .from(monitors)
    .leftJoin(components, eq(components.id, monitors.componentId))
    .leftJoin(monitorStates, eq(monitorStates.monitorId, monitors.id))
    .where(and(publicMonitor, kind === "monitor" ? eq(monitors.key, key) : eq(components.key, key)));
  const monitorInput = (r: (typeof rows)[number]) => ({ ...publicStatusOf(r, now), condition: r.condition });
  if (kind === "monitor") {
    const m = rows[0];
    return m ? { kind, id: m.id, key: m.key, name: m.name, status: componentStatus({ monitors: [monitorInput(m)], declared: [], inMaintenance: false }).status, monitorIds: [m.id] } : null;
  }
  let found: { id: number; key: string; name: string } | undefined = rows[0] ? { id: rows[0].componentId!, key: rows[0].componentKey!, name: rows[0].componentName! } : undefined;
  // A public component without public monitors still exists (its monitors say no data).
  if (!found) [found] = await db.select({ id: components.id, key: components.key, name: components.name }).from(components).where(and(publicComponent, eq(components.key, key)));
  if (!found) return null;
  const open = await openOnComponent(db, found.id);
  const status = componentStatus({
    monitors: rows.map(monitorInput),
    declared: open.filter((o) => o.kind === "incident").map((o) => o.impact),
    inMaintenance: open.some((o) => o.kind === "maintenance" && maintenanceInProgress(o, now)),
  }).status;
  return { kind, ...found, status, monitorIds: rows.map((r) => r.id) };
}

/** Open published incidents and maintenance on a component, with what the one rule needs of them. */
function openOnComponent(db: Db, componentId: number) {
  return db
    .select({
      kind: incidents.kind,
      impact: sql<ComponentImpact>`${incidentComponents.impact}`,
      status: incidents.status,
      resolvedAt: incidents.resolvedAt,
      scheduledFor: incidents.scheduledFor,
      scheduledUntil: incidents.scheduledUntil,
    })
    .from(incidentComponents)
    .innerJoin(incidents, eq(incidents.id, incidentComponents.incidentId))
    .where(and(eq(incidentComponents.componentId, componentId), publicIncident, isNull(incidents.resolvedAt)));
}

export interface SubjectUptime {
  range: RangeName;
  /** By the page's formula; null without counted time. */
  ratio: number | null;
  downtimeMs: number;
}

export async function subjectUptime(db: Db, subject: PublicSubject, range: RangeName, now = Date.now()): Promise<SubjectUptime> {
  if (subject.monitorIds.length === 0) return { range, ratio: null, downtimeMs: 0 };
  const { table, from } = rangeStart(range, now);
  const t = table === "hourly" ? stateTimeHourly : stateTimeDaily;
  const [rows, page] = await Promise.all([
    db
      .select({ upMs: t.upMs, degradedMs: t.degradedMs, partialMs: t.partialMs, majorMs: t.majorMs, maintenanceMs: t.maintenanceMs, noDataMs: t.noDataMs, pausedMs: t.pausedMs })
      .from(t)
      .where(and(inArray(t.monitorId, subject.monitorIds), gte(t.bucketStart, from))),
    readPageSettings(db),
  ]);
  const formula = uptimeFormulaOf(page);
  const time = sumStateTime(rows);
  return { range, ratio: uptimeFromStateTime(time, formula), downtimeMs: downtimeMs(time, formula) };
}

export interface SubjectLatency {
  range: RangeName;
  /** Mean of answered checks, ms; null without answered checks. */
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
}

export async function subjectLatency(db: Db, subject: PublicSubject, range: RangeName, now = Date.now()): Promise<SubjectLatency> {
  if (subject.monitorIds.length === 0) return { range, meanMs: null, p50Ms: null, p95Ms: null };
  const { table, from } = rangeStart(range, now);
  const r = table === "hourly" ? rollupsHourly : rollupsDaily;
  const rows = await db
    .select({ answered: sql<number>`${r.total} - ${r.down}`, latencySumUs: r.latencySumUs, histogram: r.histogram })
    .from(r)
    .where(and(inArray(r.monitorId, subject.monitorIds), gte(r.bucketStart, from)));
  let answered = 0;
  let sumUs = 0;
  const h = new LatencyHistogram();
  for (const row of rows) {
    answered += Number(row.answered);
    sumUs += Number(row.latencySumUs);
    h.merge(LatencyHistogram.decode(row.histogram));
  }
  const ms = (us: number | undefined) => (us === undefined ? null : us / 1000);
  return { range, meanMs: answered > 0 ? sumUs / answered / 1000 : null, p50Ms: ms(h.percentile(50)), p95Ms: ms(h.percentile(95)) };
}

/** One bar per UTC day, oldest first, ending today. */
export async function subjectDays(db: Db, subject: PublicSubject, days: number, now = Date.now()): Promise<StateTimeDay[]> {
  const endDayStart = dayStartUtc(now);
  const from = endDayStart - (days - 1) * 86_400_000;
  const [rows, page] = await Promise.all([
    subject.monitorIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            bucketStart: stateTimeDaily.bucketStart,
            upMs: stateTimeDaily.upMs,
            degradedMs: stateTimeDaily.degradedMs,
            partialMs: stateTimeDaily.partialMs,
            majorMs: stateTimeDaily.majorMs,
            maintenanceMs: stateTimeDaily.maintenanceMs,
            noDataMs: stateTimeDaily.noDataMs,
            pausedMs: stateTimeDaily.pausedMs,
          })
          .from(stateTimeDaily)
          .where(and(inArray(stateTimeDaily.monitorId, subject.monitorIds), gte(stateTimeDaily.bucketStart, from))),
    readPageSettings(db),
  ]);
  return stateTimeDaySeries(rows, { endDayStart, days }, uptimeFormulaOf(page));
}

/** One bar per UTC hour, oldest first, ending with the current hour (`dayStart` is the hour's start). */
export async function subjectHours(db: Db, subject: PublicSubject, hours: number, now = Date.now()): Promise<StateTimeDay[]> {
  const first = hourStartUtc(now) - (hours - 1) * HOUR_MS;
  const [rows, page] = await Promise.all([
    subject.monitorIds.length === 0
      ? Promise.resolve([])
      : db
          .select({
            bucketStart: stateTimeHourly.bucketStart,
            upMs: stateTimeHourly.upMs,
            degradedMs: stateTimeHourly.degradedMs,
            partialMs: stateTimeHourly.partialMs,
            majorMs: stateTimeHourly.majorMs,
            maintenanceMs: stateTimeHourly.maintenanceMs,
            noDataMs: stateTimeHourly.noDataMs,
            pausedMs: stateTimeHourly.pausedMs,
          })
          .from(stateTimeHourly)
          .where(and(inArray(stateTimeHourly.monitorId, subject.monitorIds), gte(stateTimeHourly.bucketStart, first))),
    readPageSettings(db),
  ]);
  const formula = uptimeFormulaOf(page);
  const byHour = new Map<number, typeof rows>();
  for (const r of rows) {
    const hour = hourStartUtc(Number(r.bucketStart));
    byHour.set(hour, [...(byHour.get(hour) ?? []), r]);
  }
  return Array.from({ length: hours }, (_, i) => {
    const start = first + i * HOUR_MS;
    const time = sumStateTime(byHour.get(start) ?? []);
    return { dayStart: start, time, ratio: uptimeFromStateTime(time, formula), worst: worstCondition(time) };
  });
}
