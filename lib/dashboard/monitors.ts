import { and, asc, desc, eq, gte, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { checkResults, components, monitors, monitorStates, monitorTransitions, rollupsDaily, rollupsHourly, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { readPageSettings, uptimeFormulaOf } from "../settings/page";
import type { MonitorStatus } from "../db/schema/monitor-states";
import { tokenFor } from "../heartbeats/push";
import { latestScreenshot } from "../results/screenshots";
import { allRanges, rangeStart, RANGES, type RangeName, type RangeStats } from "./ranges";

export interface MonitorOverview {
  id: number;
  key: string;
  name: string;
  type: string;
  component: string | null;
  isPublic: boolean;
  intervalS: number;
  status: MonitorStatus;
  since: number | null;
  lastMessage: string | null;
  lastResultAt: number | null;
  /** Regions failing below quorum, in words. */
  warning: string | null;
  /** State changes in the flapping window while flapping; 0 when not. */
  flapping: number;
  windows: Record<RangeName, RangeStats>;
}

const EMPTY: RangeStats = { ratio: null, downtimeMs: 0, checkRatio: null, total: 0, p50Ms: undefined, p95Ms: undefined, p99Ms: undefined };
const emptyWindows = () => Object.fromEntries(RANGES.map((w) => [w, EMPTY])) as Record<RangeName, RangeStats>;

async function rollupRows(db: Db, now: number, monitorId?: number) {
  const hourFrom = rangeStart("7d", now).from;
  const dayFrom = rangeStart("90d", now).from;
  // Regions are summed per bucket here; histograms are merged row by row in rangeStats.
  const time = (t: typeof stateTimeHourly | typeof stateTimeDaily, from: number) =>
    db
      .select({ monitorId: t.monitorId, bucketStart: t.bucketStart, upMs: t.upMs, degradedMs: t.degradedMs, partialMs: t.partialMs, majorMs: t.majorMs, maintenanceMs: t.maintenanceMs, noDataMs: t.noDataMs, pausedMs: t.pausedMs })
      .from(t)
      .where(and(gte(t.bucketStart, from), monitorId ? eq(t.monitorId, monitorId) : undefined));
  const [hourly, daily, hourlyTime, dailyTime, page] = await Promise.all([
    db
      .select({ monitorId: rollupsHourly.monitorId, bucketStart: rollupsHourly.bucketStart, total: rollupsHourly.total, down: rollupsHourly.down, histogram: rollupsHourly.histogram })
      .from(rollupsHourly)
      .where(and(gte(rollupsHourly.bucketStart, hourFrom), monitorId ? eq(rollupsHourly.monitorId, monitorId) : undefined)),
    db
      .select({ monitorId: rollupsDaily.monitorId, bucketStart: rollupsDaily.bucketStart, total: rollupsDaily.total, down: rollupsDaily.down, histogram: rollupsDaily.histogram })
      .from(rollupsDaily)
      .where(and(gte(rollupsDaily.bucketStart, dayFrom), monitorId ? eq(rollupsDaily.monitorId, monitorId) : undefined)),
    time(stateTimeHourly, hourFrom),
    time(stateTimeDaily, dayFrom),
    readPageSettings(db),
  ]);
  return { hourly, daily, hourlyTime, dailyTime, formula: uptimeFormulaOf(page) };
}

/**
 * The team sees a pause at once (monitors.paused_at), before the coordinator records it; a
 * monitor resumed since is waiting for its first results.
 */
function shownStatus(r: { status: MonitorStatus | null; pausedAt: number | null }): MonitorStatus {
  if (r.pausedAt !== null) return "paused";
  return r.status === null || r.status === "paused" ? "no_data" : r.status;
}

/** Monitors with their component's name and their current state. */
function monitorsWithState(db: Db) {
  return db
    .select({
      id: monitors.id,
      key: monitors.key,
      name: monitors.name,
      type: monitors.type,
      checkConfig: monitors.checkConfig,
      intervalS: monitors.intervalS,
      timeoutMs: monitors.timeoutMs,
      isPublic: monitors.isPublic,
      archivedAt: monitors.archivedAt,
      origin: monitors.origin,
      pausedAt: monitors.pausedAt,
      pausedBy: monitors.pausedBy,
      component: components.name,
      status: monitorStates.status,
      since: monitorStates.since,
      lastMessage: monitorStates.lastMessage,
      lastResultAt: monitorStates.lastResultAt,
      warning: monitorStates.warning,
      flapping: monitorStates.flapping,
    })
    .from(monitors)
    .leftJoin(components, eq(components.id, monitors.componentId))
    .leftJoin(monitorStates, eq(monitorStates.monitorId, monitors.id));
}

/** Every active monitor with its state, uptime and latency percentiles over 24h/7d/30d/90d. */
export async function listMonitorOverviews(db: Db, now = Date.now()): Promise<MonitorOverview[]> {
  const [rows, rollups] = await Promise.all([
    monitorsWithState(db).where(isNull(monitors.archivedAt)).orderBy(asc(components.displayOrder), asc(monitors.name)),
    rollupRows(db, now),
  ]);
  const windows = allRanges(rollups, now, rollups.formula);
  return rows.map((r) => ({
    ...r,
    status: shownStatus(r),
    since: r.pausedAt ?? r.since ?? null,
    lastMessage: r.lastMessage ?? null,
    lastResultAt: r.lastResultAt ?? null,
    warning: r.warning ?? null,
    flapping: r.flapping ?? 0,
    windows: windows.get(r.id) ?? emptyWindows(),
  }));
}

export interface PhasePoint {
  /** Bucket start, epoch ms. */
  at: number;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  transferMs: number | null;
}

/** Bucket width of the 24-hour phase chart: the hourly rollups. */
export const PHASE_BUCKET_MS = 3_600_000;

/** Mean time per phase per hour over the last 24 hours (answered checks, all regions). */
export async function phaseSeries(db: Db, monitorId: number, now = Date.now()): Promise<PhasePoint[]> {
  const from = rangeStart("24h", now).from;
  const r = rollupsHourly;
  const rows = await db
    .select({
      at: r.bucketStart,
      answered: sql<number>`sum(${r.total} - ${r.down})`,
      dns: sql<number>`sum(${r.dnsSumUs})`,
      connect: sql<number>`sum(${r.connectSumUs})`,
      tls: sql<number>`sum(${r.tlsSumUs})`,
      firstByte: sql<number>`sum(${r.firstByteSumUs})`,
      transfer: sql<number>`sum(${r.transferSumUs})`,
    })
    .from(r)
    .where(and(eq(r.monitorId, monitorId), gte(r.bucketStart, from)))
    .groupBy(r.bucketStart)
    .orderBy(r.bucketStart);
  return rows
    .filter((row) => Number(row.answered) > 0)
    .map((row) => {
      const ms = (sumUs: number) => Math.round(Number(sumUs) / Number(row.answered) / 10) / 100;
      return { at: Number(row.at), dnsMs: ms(row.dns), connectMs: ms(row.connect), tlsMs: ms(row.tls), firstByteMs: ms(row.firstByte), transferMs: ms(row.transfer) };
    });
}

export async function monitorDetail(db: Db, key: string, now = Date.now()) {
  const [m] = await monitorsWithState(db).where(eq(monitors.key, key));
  if (!m) return null;
  const [rollups, phases, transitions, failures] = await Promise.all([
    rollupRows(db, now, m.id),
    phaseSeries(db, m.id, now),
    db.select().from(monitorTransitions).where(eq(monitorTransitions.monitorId, m.id)).orderBy(desc(monitorTransitions.at)).limit(20),
    db
      .select({ startedAt: checkResults.startedAt, status: checkResults.status, statusCode: checkResults.statusCode, errorClass: checkResults.errorClass, message: checkResults.message })
      .from(checkResults)
      .where(and(eq(checkResults.monitorId, m.id), sql`${checkResults.status} > 0`))
      .orderBy(desc(checkResults.startedAt))
      .limit(10),
  ]);
  const windows = allRanges(rollups, now, rollups.formula).get(m.id) ?? emptyWindows();
  const pushToken = m.type === "heartbeat" ? await tokenFor(db, m.id) : null;
  const screenshot = m.type === "browser" ? await latestScreenshot(db, m.id) : null;
  return { monitor: { ...m, status: shownStatus(m), since: m.pausedAt ?? m.since }, windows, phases, transitions, failures, pushToken, screenshotAt: screenshot?.startedAt ?? null };
}

/** A monitor's id and name by key (archived ones too: their history is still readable), or null. */
export async function findMonitorRef(db: Db, key: string): Promise<{ id: number; key: string; name: string } | null> {
  const [m] = await db.select({ id: monitors.id, key: monitors.key, name: monitors.name }).from(monitors).where(eq(monitors.key, key));
  return m ?? null;
}
