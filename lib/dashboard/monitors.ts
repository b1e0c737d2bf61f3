import { and, asc, desc, eq, gte, isNull, lt, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { checkResults, components, monitors, monitorStates, monitorTransitions, regions, rollupsDaily, rollupsHourly, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { RESULT_STATUS_BY_CODE, RESULT_STATUS_CODES, type AssertionResult, type ResultStatus } from "../checks/types";
import { LatencyHistogram } from "../uptime/histogram";
import { bucketStarts, DEFAULT_CHART_PRESET, presetRange, type ChartRange } from "./chart-range";
import { readPageSettings, uptimeFormulaOf } from "../settings/page";
import type { MonitorStatus } from "../db/schema/monitor-states";
import { tokenFor } from "../heartbeats/push";
import { latestScreenshot } from "../results/screenshots";
import { readResultsNewestFirst } from "../results/blocks";
import { regionNames } from "../regions/store";
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

export interface LatencyPoint {
  /** Bucket start, epoch ms. */
  at: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  /** Checks in the bucket, and how many were down. */
  total: number;
  down: number;
}

export interface ChartData {
  range: ChartRange;
  /** Every region together, then each region alone (when there is more than one). */
  all: LatencyPoint[];
  regions: { region: string; points: LatencyPoint[] }[];
  phases: PhasePoint[];
  /** Raw results past MAX_CHART_RAW_ROWS were left out (the oldest). */
  truncated: boolean;
}

/** Most raw results one chart reads (a day of 10-second checks from three regions). */
export const MAX_CHART_RAW_ROWS = 30_000;

interface Cell {
  total: number;
  down: number;
  answered: number;
  histogram: LatencyHistogram;
  phaseSumsUs: [number, number, number, number, number];
}

const newCell = (): Cell => ({ total: 0, down: 0, answered: 0, histogram: new LatencyHistogram(), phaseSumsUs: [0, 0, 0, 0, 0] });

/**
 * Latency percentiles per bucket (all regions, and each region) and mean time per phase, over
 * `range`: raw results for short ranges (latency of answered checks, as the rollups count it),
 * hourly or daily rollups for long ones. One statement, a bounded number of rows.
 */
export async function chartSeries(db: Db, monitorId: number, range: ChartRange): Promise<ChartData> {
  const cells = new Map<string, Cell>();
  const cell = (region: string, at: number) => {
    const k = `${region}\u0000${at}`;
    let c = cells.get(k);
    if (!c) cells.set(k, (c = newCell()));
    return c;
  };
  const names = new Set<string>();
  let truncated = false;
  const bucketOf = (ms: number) => range.from + Math.floor((ms - range.from) / range.bucketMs) * range.bucketMs;
  if (range.source === "raw") {
    const [found, regionById] = await Promise.all([readResultsNewestFirst(db, monitorId, { from: range.from, to: range.to, limit: MAX_CHART_RAW_ROWS + 1 }), regionNames(db)]);
    const rows = found.map((r) => ({ ...r, region: regionById.get(r.regionId) ?? "unknown", dns: r.dnsUs, connect: r.connectUs, tls: r.tlsUs, firstByte: r.firstByteUs, transfer: r.transferUs }));
    truncated = rows.length > MAX_CHART_RAW_ROWS;
    for (const r of rows.slice(0, MAX_CHART_RAW_ROWS)) {
      names.add(r.region);
      const c = cell(r.region, bucketOf(Number(r.startedAt)));
      c.total++;
      if (Number(r.status) === RESULT_STATUS_CODES.down) {
        c.down++;
        continue;
      }
      c.answered++;
      c.histogram.add(Number(r.totalUs));
      [r.dns, r.connect, r.tls, r.firstByte, r.transfer].forEach((us, i) => (c.phaseSumsUs[i] += Number(us ?? 0)));
    }
  } else {
    const t = range.source === "hourly" ? rollupsHourly : rollupsDaily;
    const rows = await db
      .select({ region: regions.name, at: t.bucketStart, total: t.total, down: t.down, histogram: t.histogram, dns: t.dnsSumUs, connect: t.connectSumUs, tls: t.tlsSumUs, firstByte: t.firstByteSumUs, transfer: t.transferSumUs })
      .from(t)
      .innerJoin(regions, eq(regions.id, t.regionId))
      .where(and(eq(t.monitorId, monitorId), gte(t.bucketStart, range.from), lt(t.bucketStart, range.to)));
    for (const r of rows) {
      names.add(r.region);
      const c = cell(r.region, bucketOf(Number(r.at)));
      c.total += Number(r.total);
      c.down += Number(r.down);
      c.answered += Number(r.total) - Number(r.down);
      c.histogram.merge(LatencyHistogram.decode(r.histogram));
      [r.dns, r.connect, r.tls, r.firstByte, r.transfer].forEach((us, i) => (c.phaseSumsUs[i] += Number(us)));
    }
  }
  const starts = bucketStarts(range);
  const sortedRegions = [...names].sort();
  const merged = (at: number, list: string[]) => {
    const out = newCell();
    for (const name of list) {
      const c = cells.get(`${name}\u0000${at}`);
      if (!c) continue;
      out.total += c.total;
      out.down += c.down;
      out.answered += c.answered;
      out.histogram.merge(c.histogram);
      c.phaseSumsUs.forEach((us, i) => (out.phaseSumsUs[i] += us));
    }
    return out;
  };
  const ms = (us: number | undefined) => (us === undefined ? null : Math.round(us / 10) / 100);
  const point = (at: number, c: Cell): LatencyPoint => ({
    at,
    p50Ms: ms(c.histogram.percentile(50)),
    p95Ms: ms(c.histogram.percentile(95)),
    p99Ms: ms(c.histogram.percentile(99)),
    total: c.total,
    down: c.down,
  });
  const allCells = starts.map((at) => [at, merged(at, sortedRegions)] as const);
  return {
    range,
    all: allCells.map(([at, c]) => point(at, c)),
    regions: sortedRegions.length > 1 ? sortedRegions.map((region) => ({ region, points: starts.map((at) => point(at, merged(at, [region]))) })) : [],
    phases: allCells
      .filter(([, c]) => c.answered > 0)
      .map(([at, c]) => {
        const mean = (i: number) => Math.round(c.phaseSumsUs[i] / c.answered / 10) / 100;
        return { at, dnsMs: mean(0), connectMs: mean(1), tlsMs: mean(2), firstByteMs: mean(3), transferMs: mean(4) };
      }),
    truncated,
  };
}

/** Recent checks a page of the monitor page shows. */
export const RECENT_CHECKS_PAGE_SIZE = 25;

export interface RecentCheck {
  id: number;
  startedAt: number;
  region: string;
  status: ResultStatus;
  statusCode: number | null;
  errorClass: string | null;
  message: string | null;
  totalMs: number;
  /** Stored when one failed: every assertion with what was compared. */
  assertions: AssertionResult[] | null;
  responseHeaders: string | null;
  responseBody: string | null;
}

export interface RecentChecksPage {
  checks: RecentCheck[];
  /** Cursor of the next (older) page, or null at the end. */
  older: string | null;
  failedOnly: boolean;
}

/** "startedAt.id" of a check: where the next page starts. */
const cursorOf = (c: { startedAt: number; id: number }) => `${c.startedAt}.${c.id}`;

function parseCursor(text: string | null | undefined): [number, number] | null {
  const m = /^(\d{1,15})\.(\d{1,15})$/.exec(text ?? "");
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function parseAssertions(json: string | null): AssertionResult[] | null {
  if (!json) return null;
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? (list as AssertionResult[]) : null;
  } catch {
    return null;
  }
}

/** A monitor's checks, newest first, a page at a time after `before` (a cursor); failures only when asked. */
export async function recentChecks(db: Db, monitorId: number, opts: { before?: string | null; failedOnly?: boolean } = {}): Promise<RecentChecksPage> {
  const cursor = parseCursor(opts.before);
  const [found, regionById] = await Promise.all([
    readResultsNewestFirst(db, monitorId, { before: cursor, failedOnly: opts.failedOnly, limit: RECENT_CHECKS_PAGE_SIZE + 1 }),
    regionNames(db),
  ]);
  const page = found.slice(0, RECENT_CHECKS_PAGE_SIZE);
  return {
    checks: page.map((c) => ({
      id: c.id, startedAt: c.startedAt, region: regionById.get(c.regionId) ?? "unknown", statusCode: c.statusCode, errorClass: c.errorClass, message: c.message,
      totalUs: c.totalUs, responseHeaders: c.responseHeaders, responseBody: c.responseBody,
      status: RESULT_STATUS_BY_CODE[c.status] ?? "down",
      totalMs: c.totalUs / 1000,
      assertions: parseAssertions(c.assertions),
    })),
    older: found.length > RECENT_CHECKS_PAGE_SIZE ? cursorOf(page[page.length - 1]) : null,
    failedOnly: Boolean(opts.failedOnly),
  };
}

/** How recently a certificate expiry counts as known: no more than PACK_AFTER_MS, so the rows read are never packed (lib/results/blocks.ts). */
const TLS_EXPIRY_FRESH_MS = 24 * 3_600_000;

/** The certificate's expiry (epoch seconds) from the newest check of the last day that saw one; null when none did. */
async function tlsExpiry(db: Db, monitorId: number, now: number): Promise<number | null> {
  const [row] = await db
    .select({ at: checkResults.tlsExpiresAt })
    .from(checkResults)
    .where(and(eq(checkResults.monitorId, monitorId), gte(checkResults.startedAt, now - TLS_EXPIRY_FRESH_MS), sql`${checkResults.tlsExpiresAt} IS NOT NULL`))
    .orderBy(desc(checkResults.startedAt))
    .limit(1);
  return row?.at ?? null;
}

/** Everything the monitor page shows: state, uptime by range, charts over `range`, a page of checks, transitions, TLS expiry. */
export async function monitorDetail(db: Db, key: string, opts: { range?: ChartRange; before?: string | null; failedOnly?: boolean } = {}, now = Date.now()) {
  const [m] = await monitorsWithState(db).where(eq(monitors.key, key));
  if (!m) return null;
  const range = opts.range ?? presetRange(DEFAULT_CHART_PRESET, now);
  const [rollups, chart, checks, transitions, tlsExpiresAt] = await Promise.all([
    rollupRows(db, now, m.id),
    chartSeries(db, m.id, range),
    recentChecks(db, m.id, { before: opts.before, failedOnly: opts.failedOnly }),
    db.select().from(monitorTransitions).where(eq(monitorTransitions.monitorId, m.id)).orderBy(desc(monitorTransitions.at)).limit(20),
    tlsExpiry(db, m.id, now),
  ]);
  const windows = allRanges(rollups, now, rollups.formula).get(m.id) ?? emptyWindows();
  const pushToken = m.type === "heartbeat" ? await tokenFor(db, m.id) : null;
  const screenshot = m.type === "browser" ? await latestScreenshot(db, m.id) : null;
  return { monitor: { ...m, status: shownStatus(m), since: m.pausedAt ?? m.since }, windows, chart, checks, transitions, tlsExpiresAt, pushToken, screenshotAt: screenshot?.startedAt ?? null };
}

/** A monitor's id and name by key (archived ones too: their history is still readable), or null. */
export async function findMonitorRef(db: Db, key: string): Promise<{ id: number; key: string; name: string } | null> {
  const [m] = await db.select({ id: monitors.id, key: monitors.key, name: monitors.name }).from(monitors).where(eq(monitors.key, key));
  return m ?? null;
}
