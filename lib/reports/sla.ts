/**
 * The SLA report: per monitor and per component over a period, uptime by the page's formula
 * (time per condition from the state-time rollups; maintenance and paused time left out, as on
 * the dashboard and the public page), downtime, incidents, p95 latency from the rollups'
 * histograms, and whether a target was met. A component's figures are its monitors' together
 * (lib/dashboard/stats.ts). The same rows read once for every monitor.
 */
import { and, asc, eq, gte, inArray, isNull, lt, or } from "drizzle-orm";
import type { Db } from "../db/client";
import { components, incidentComponents, incidents, monitors } from "../db/schema";
import { rangeStats, type RollupRow, type StateTimeRow } from "../dashboard/ranges";
import { spanBounds, spanRows } from "../dashboard/stats";
import type { ReportPeriod } from "./period";

export interface SlaRow {
  key: string;
  name: string;
  /** 0..1 by the page's formula; null without any counted time. */
  uptime: number | null;
  downtimeMs: number;
  /** Incidents (not maintenance, not merged ones) open at some point in the period. */
  incidents: number;
  checks: number;
  p95Ms: number | null;
  /** Uptime at or above the target; null without data. */
  met: boolean | null;
}

export interface SlaReport {
  period: ReportPeriod;
  targetPct: number;
  bucket: "hourly" | "daily";
  monitors: (SlaRow & { component: string | null })[];
  components: (SlaRow & { monitors: number })[];
}

/** Live monitors and components, in the dashboard's order. */
async function subjects(db: Db) {
  const [ms, cs] = await Promise.all([
    db.select({ id: monitors.id, key: monitors.key, name: monitors.name, componentId: monitors.componentId }).from(monitors).where(isNull(monitors.archivedAt)).orderBy(asc(monitors.name)),
    db.select({ id: components.id, key: components.key, name: components.name }).from(components).where(isNull(components.archivedAt)).orderBy(asc(components.displayOrder), asc(components.name)),
  ]);
  return { ms, cs };
}

/** Incidents open during the period, with the monitor that opened them and the components they name. */
async function periodIncidents(db: Db, period: ReportPeriod) {
  const overlapping = and(eq(incidents.kind, "incident"), isNull(incidents.mergedInto), lt(incidents.startedAt, period.to), or(isNull(incidents.resolvedAt), gte(incidents.resolvedAt, period.from)));
  const rows = await db.select({ id: incidents.id, monitorId: incidents.monitorId }).from(incidents).where(overlapping);
  const ids = rows.map((r) => r.id);
  const named = ids.length
    ? await db.select({ incidentId: incidentComponents.incidentId, componentId: incidentComponents.componentId }).from(incidentComponents).where(inArray(incidentComponents.incidentId, ids))
    : [];
  return { rows, named };
}

const row = (key: string, name: string, rollups: RollupRow[], time: StateTimeRow[], formula: Parameters<typeof rangeStats>[2], incidentCount: number, target: number): SlaRow => {
  const s = rangeStats(rollups, time, formula);
  return { key, name, uptime: s.ratio, downtimeMs: s.downtimeMs, incidents: incidentCount, checks: s.total, p95Ms: s.p95Ms ?? null, met: s.ratio === null ? null : s.ratio * 100 >= target - 1e-9 };
};

export async function slaReport(db: Db, period: ReportPeriod, targetPct: number, now = Date.now()): Promise<SlaReport> {
  const bounds = spanBounds({ from: period.from, to: period.to }, now);
  const { ms, cs } = await subjects(db);
  const [{ rollups, time, formula }, inc] = await Promise.all([spanRows(db, ms.map((m) => m.id), bounds), periodIncidents(db, period)]);
  const byMonitor = <R extends { monitorId: number }>(list: R[]) => {
    const out = new Map<number, R[]>();
    for (const r of list) {
      const rows = out.get(r.monitorId);
      if (rows) rows.push(r);
      else out.set(r.monitorId, [r]);
    }
    return out;
  };
  const rollupsOf = byMonitor(rollups as RollupRow[]);
  const timeOf = byMonitor(time as StateTimeRow[]);
  const componentName = new Map(cs.map((c) => [c.id, c.name]));

  const monitorRows = ms.map((m) => ({
    ...row(m.key, m.name, rollupsOf.get(m.id) ?? [], timeOf.get(m.id) ?? [], formula, inc.rows.filter((i) => i.monitorId === m.id).length, targetPct),
    component: m.componentId === null ? null : (componentName.get(m.componentId) ?? null),
  }));
  const componentRows = cs.map((c) => {
    const ids = ms.filter((m) => m.componentId === c.id).map((m) => m.id);
    // An incident counts for a component when it names it or one of its monitors opened it.
    const incidentIds = new Set([...inc.named.filter((n) => n.componentId === c.id).map((n) => n.incidentId), ...inc.rows.filter((i) => i.monitorId !== null && ids.includes(i.monitorId)).map((i) => i.id)]);
    return {
      ...row(c.key, c.name, ids.flatMap((id) => rollupsOf.get(id) ?? []), ids.flatMap((id) => timeOf.get(id) ?? []), formula, incidentIds.size, targetPct),
      monitors: ids.length,
    };
  });
  return { period, targetPct, bucket: bounds.bucket, monitors: monitorRows, components: componentRows };
}

