/**
 * The coordinator's fold: reads the next results after its cursor, runs them through the pure
 * quorum/state logic in lib/status/, and writes what follows (monitor and region states,
 * transitions, state time, auto incidents, alerts, the cursor). Rollups fold in their own pass
 * (foldRollups) on their own cursor, less often: each rollup row is then written once for all
 * the results a pass brings it, rather than once per result.
 *
 * Its one exception to the house rule that each table is written by its own module's store:
 * it writes several tables in one batch, as raw SQL statements that those modules build for it,
 * so that a batch of thousands of results commits in one short transaction (speed, and the
 * cursor moves atomically with everything it covers).
 */
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { InStatement } from "@libsql/client";
import { bulkInsert, upsertTail } from "../db/bulk";
import { cursorStatement, readCursor, RESULTS_CURSOR, ROLLUPS_CURSOR } from "../db/cursors";
import { monitors, monitorStates } from "../db/schema";
import { regionNames } from "../regions/store";
import { RESULT_STATUS_BY_CODE } from "../checks/types";
import type { MonitorRow } from "../monitors/store";
import { isFromTheFuture, MAX_CLOCK_SKEW_MS, readResultsAfter, type FoldedResultRow } from "../results/store";
import { rollupStatements } from "../uptime/rollup";
import { autoIncidentImpactStatements, autoIncidentStatements } from "../incidents/auto";
import { inMaintenance, maintenanceSpans, maintenanceWindows, type MaintenanceWindow } from "../incidents/windows";
import { alertKeepFiringMs, monitorAlertStatements, resolveMonitorAlertStatement } from "../alerts/store";
import { conditionOf, StateTimeWrites, type Condition } from "../uptime/state-time";
import { DAY_MS } from "../uptime/uptime";
import { formatDurationMs } from "../config/units";
import { FLAP_WINDOW_MS } from "../status/flapping";
import { freshnessSubject, noDataAfterMs } from "../status/freshness";
import { evaluateQuorum, recoveryConfirmed, regionsOfCount, type RegionView } from "../status/quorum";
import { applyRound, applyStaleness, downChecksNeeded, downTriggerOf, initialState, type MonitorStateSnapshot, type RecentFailures, type Transition } from "../status/state";

/** Results folded per batch: bounded memory and short write transactions. */
export const RESULTS_PER_BATCH = 5_000;

/**
 * The longest wait between two folds of results into the hourly and daily rollups (see
 * rollupFoldEveryMs): the charts and percentiles read from rollups are up to this late (uptime
 * comes from state time, and a day's charts from raw results: they are not).
 * Less often writes each rollup row once for more results (bench/storage.ts (a), --rollup-every,
 * 1,000 monitors × 3 regions at 60 s, machine under load: the pass took 1.9 × the probes' inserts
 * every 60 s, 0.45-0.65 × every 5 min, 0.42 × every 15 min: five minutes gets nearly all of it).
 */
export const ROLLUP_FOLD_EVERY_MS = 300_000;
/** The shortest wait between rollup passes, for a handful of monitors. */
export const ROLLUP_FOLD_MIN_EVERY_MS = 10_000;
/** Wait per active monitor: a pass writes about one row per monitor and region, so this keeps its share of the machine the same at any size. */
const ROLLUP_FOLD_EVERY_MS_PER_MONITOR = 300;

/**
 * How long the coordinator waits between rollup passes for `monitors` active monitors: 300 ms per
 * monitor, from 10 s (a small install sees its percentiles within seconds) to ROLLUP_FOLD_EVERY_MS
 * (1,000 monitors and more).
 */
export function rollupFoldEveryMs(monitors: number): number {
  return Math.min(ROLLUP_FOLD_EVERY_MS, Math.max(ROLLUP_FOLD_MIN_EVERY_MS, monitors * ROLLUP_FOLD_EVERY_MS_PER_MONITOR));
}
/** Results per rollup pass: a pass's rows are touched once whatever the count, so bigger than RESULTS_PER_BATCH. */
export const ROLLUP_RESULTS_PER_BATCH = 50_000;

type StateRow = Pick<typeof monitorStates.$inferSelect, "status" | "since" | "downStreak" | "degradedStreak" | "upStreak" | "notDownStreak" | "lastResultAt">;

/** How far back maintenance windows are read: accrual spans never reach further. */
const MAINTENANCE_LOOKBACK_MS = 7 * DAY_MS;

/**
 * A stored state as the state machine reads it. Times dated in the future (written before
 * future results were refused, or by a probe whose clock ran ahead) are not trusted: such a
 * last result counts as none, so a region is not "live" on it, real results are not skipped as
 * older than it, and staleness is judged from `now`.
 */
function toSnapshot(row: StateRow, now: number): MonitorStateSnapshot {
  const futureResult = row.lastResultAt !== null && isFromTheFuture(row.lastResultAt, now);
  return {
    status: row.status,
    since: isFromTheFuture(row.since, now) ? now : row.since,
    downStreak: row.downStreak,
    degradedStreak: row.degradedStreak,
    upStreak: row.upStreak,
    notDownStreak: row.notDownStreak,
    lastResultAt: futureResult ? null : row.lastResultAt,
  };
}

/** A stored state dated in the future: no result it holds can be placed in time. */
const datedInFuture = (row: StateRow, now: number) => isFromTheFuture(row.lastResultAt ?? row.since, now);

const STATE_COLUMNS = [
  "monitor_id", "status", "since", "down_streak", "degraded_streak", "up_streak", "not_down_streak", "last_result_at", "last_message", "updated_at", "warning",
  "condition", "accrued_until",
];
const REGION_STATE_COLUMNS = [
  "monitor_id", "region_id", "status", "since", "down_streak", "degraded_streak", "up_streak", "not_down_streak", "last_result_at", "last_message",
];

/** A monitor's uptime clock: what its time counts as now, and up to when it has been counted. */
interface Clock {
  condition: Condition;
  accruedUntil: number | null;
}

/** Collects state rows, transitions and state time, and turns them into a few bulk statements. */
class StateWrites {
  readonly time: StateTimeWrites;
  constructor(private readonly now: number) {
    this.time = new StateTimeWrites(now);
  }
  private states: unknown[][] = [];
  private regionStates: unknown[][] = [];
  private transitions: unknown[][] = [];
  private more: InStatement[] = [];
  /** Statements that must commit with the transitions (automatic incidents). */
  extra(statements: InStatement[]) {
    this.more.push(...statements);
  }
  state(monitorId: number, s: MonitorStateSnapshot, lastMessage: string | null, now: number, warning: string | null, clock: Clock) {
    this.states.push([
      monitorId, s.status, s.since, s.downStreak, s.degradedStreak, s.upStreak, s.notDownStreak ?? 0, s.lastResultAt, lastMessage, now, warning,
      clock.condition, clock.accruedUntil,
    ]);
  }
  /**
   * Moves a monitor's clock to `condition` at `at`: the time since it was last counted goes to
   * the old condition (maintenance carved out). A clock never runs backwards, and never moves
   * past `now`; a stored clock beyond the clock skew (written before results were checked) is
   * pulled back to `now`.
   */
  reclock(monitorId: number, clock: Clock, condition: Condition, at: number, windows: MaintenanceWindow[], componentId: number | null): Clock {
    if (clock.accruedUntil === null) return { condition, accruedUntil: Math.min(at, this.now) };
    const from = isFromTheFuture(clock.accruedUntil, this.now) ? this.now : clock.accruedUntil;
    const to = Math.max(Math.min(at, this.now), from);
    this.time.addAround(monitorId, clock.condition, from, to, maintenanceSpans(windows, componentId, from, to));
    return { condition, accruedUntil: to };
  }
  regionState(monitorId: number, regionId: number, v: RegionView) {
    const s = v.state;
    this.regionStates.push([monitorId, regionId, s.status, s.since, s.downStreak, s.degradedStreak, s.upStreak, s.notDownStreak ?? 0, s.lastResultAt, v.lastMessage]);
  }
  transition(monitorId: number, t: Transition) {
    this.transitions.push([monitorId, t.at, t.from, t.to, t.reason]);
  }
  statements(): InStatement[] {
    const out: InStatement[] = [];
    if (this.transitions.length) out.push(bulkInsert("monitor_transitions", ["monitor_id", "at", "from_status", "to_status", "reason"], this.transitions));
    if (this.states.length) out.push(bulkInsert("monitor_states", STATE_COLUMNS, this.states, upsertTail(["monitor_id"], STATE_COLUMNS.slice(1))));
    if (this.regionStates.length) {
      out.push(bulkInsert("monitor_region_states", REGION_STATE_COLUMNS, this.regionStates, upsertTail(["monitor_id", "region_id"], REGION_STATE_COLUMNS.slice(2))));
    }
    out.push(...this.time.statements(), ...this.more);
    return out;
  }
}

export interface CoordinateOutcome {
  processed: number;
  transitions: { monitorId: number; transition: Transition }[];
  /** Results left out because they are dated past now + MAX_CLOCK_SKEW_MS (a probe's clock is wrong). */
  future?: number;
}

/**
 * Folds the next batch of results into monitor state and transitions (not rollups: foldRollups),
 * and moves the cursor, all in one write transaction: after a crash the batch is simply folded again.
 */
export async function processResultBatch(
  db: Db,
  monitorsById: Map<number, MonitorRow>,
  now = Date.now(),
  limit = RESULTS_PER_BATCH,
): Promise<CoordinateOutcome> {
  const cursor = await readCursor(db, RESULTS_CURSOR);
  const results = await readResultsAfter(db, cursor, limit);
  if (results.length === 0) return { processed: 0, transitions: [] };

  const byMonitor = new Map<number, FoldedResultRow[]>();
  for (const r of results) {
    let list = byMonitor.get(r.monitorId);
    if (!list) byMonitor.set(r.monitorId, (list = []));
    list.push(r);
  }
  const ids = [...byMonitor.keys()];
  const [stored, { regionName, viewsByMonitor: regionViewsByMonitor }, windows] = await Promise.all([
    storedStates(db, ids),
    storedRegionViews(db, ids, now),
    maintenanceWindows(db, now - MAINTENANCE_LOOKBACK_MS, now),
  ]);
  const [open, recentDowns] = await Promise.all([openAlertsAndIncidents(db, ids), recentDownsOf(db, byMonitor, monitorsById)]);
  const storedById = new Map(stored.map((s) => [s.monitorId, s]));

  const writes = new StateWrites(now);
  const transitions: CoordinateOutcome["transitions"] = [];
  let future = 0;
  for (const [monitorId, list] of byMonitor) {
    const monitor = monitorsById.get(monitorId);
    // Results of an archived or paused monitor (a check in flight, a push) still count for
    // rollups (foldRollups), but move no state: a paused monitor alerts nobody and opens nothing.
    if (!monitor || monitor.archivedAt || monitor.pausedAt !== null) continue;
    const prior = storedById.get(monitorId);
    let state = prior ? toSnapshot(prior, now) : initialState(monitor.createdAt ?? now);
    let lastMessage = prior?.lastMessage ?? null;
    let warning = prior?.warning ?? null;
    let clock: Clock = { condition: prior?.condition ?? "no_data", accruedUntil: prior?.accruedUntil ?? null };
    // While a monitor flaps, its open alert and incident stay open through its bounces.
    const flapping = (prior?.flapping ?? 0) > 0;
    const opened = open.get(monitorId) ?? { alert: false, incident: false };
    const views = regionViewsByMonitor.get(monitorId) ?? new Map<number, RegionView>();
    const touched = new Set<number>();
    let lastVerdict: ReturnType<typeof evaluateQuorum> | undefined;
    const thresholds = { failureThreshold: monitor.failureThreshold, successThreshold: monitor.successThreshold };
    const intervalMs = monitor.intervalS * 1000;
    const trigger = downTriggerOf(monitor.checkConfig);
    const needed = downChecksNeeded(trigger, intervalMs, monitor.failureThreshold);
    list.sort((a, b) => a.startedAt - b.startedAt);
    for (const r of list) {
      // A result from the future cannot be placed in time: it moves nothing (not even "up" for a year).
      if (isFromTheFuture(r.startedAt, now)) {
        future++;
        continue;
      }
      const view = views.get(r.regionId) ?? { region: regionName.get(r.regionId) ?? String(r.regionId), state: initialState(monitor.createdAt ?? now), lastMessage: null };
      // Results can arrive late (push mode, retries): never let an old one move a region back.
      if (view.state.lastResultAt !== null && r.startedAt < view.state.lastResultAt) continue;
      // Each region runs the thresholds on its own results…
      // …on consecutive failures, and on the share of the last downWindow that failed.
      const downsAt = recentDowns.get(`${monitorId}:${r.regionId}`);
      const recent: RecentFailures | undefined = downsAt && {
        downs: downsAt.filter((at) => at > r.startedAt - trigger.windowMs && at <= r.startedAt).length,
        needed,
        trigger,
      };
      const step = applyRound(view.state, { at: r.startedAt, status: RESULT_STATUS_BY_CODE[r.status], message: r.message ?? undefined }, thresholds, recent);
      views.set(r.regionId, { ...view, state: step.state, lastMessage: r.message ?? null });
      touched.add(r.regionId);
      // …and the monitor follows the quorum of its live regions.
      const verdict = evaluateQuorum([...views.values()], { now: r.startedAt, intervalMs, quorum: monitor.quorum });
      lastVerdict = verdict;
      warning = verdict.warning;
      lastMessage = r.message ?? null;
      state = { ...state, lastResultAt: Math.max(state.lastResultAt ?? 0, r.startedAt) };
      if (verdict.status !== state.status) {
        // With one region its own words say it best ("2 consecutive checks failed: …").
        const reason = verdict.live === 1 && step.transition?.to === verdict.status ? step.transition.reason : verdict.reason;
        const transition: Transition = { from: state.status, to: verdict.status, at: r.startedAt, reason, liveRegions: verdict.liveRegions, downRegions: verdict.downRegions };
        transitions.push({ monitorId, transition });
        writes.transition(monitorId, transition);
        // Inside a maintenance window failures open nothing and alert nobody; recoveries still close what is open.
        const maintenance = inMaintenance(windows, monitor.componentId, r.startedAt);
        if (!maintenance || transition.to === "operational") {
          // A bounce reopens the incident it just resolved: one incident per flapping episode.
          const reopenResolvedSince = r.startedAt - (flapping ? FLAP_WINDOW_MS : alertKeepFiringMs(intervalMs));
          writes.extra(autoIncidentStatements(monitor, transition, { down: verdict.down, live: verdict.live }, now, { reopenResolvedSince, holdOpen: flapping }));
          if (transition.to === "down" || transition.to === "degraded") opened.incident = true;
          else if (transition.to === "operational" && !flapping) opened.incident = false;
        }
        writes.extra(monitorAlertStatements(monitor, transition, maintenance ? "maintenance" : null));
        if (transition.to === "down" && !maintenance) opened.alert = true;
        state = { ...state, status: verdict.status, since: r.startedAt };
      }
      // What the recovery left open (the alert, an incident held while flapping) resolves once it has held.
      // The alert also waits for the success threshold to hold in two regions (where two are live).
      const recovery = state.status === "operational" && (opened.alert || opened.incident) && !flapping && r.startedAt - state.since >= alertKeepFiringMs(intervalMs)
        ? recoveryConfirmed([...views.values()], { now: r.startedAt, intervalMs, successThreshold: monitor.successThreshold })
        : null;
      if (recovery?.confirmed) {
        const reason = `recovered: ${regionsOfCount(recovery.up, recovery.live)} up, stable for ${formatDurationMs(r.startedAt - state.since)}`;
        // As of when the recovery held: the monitor's recovery, or the second region's if later.
        if (opened.alert) writes.extra([resolveMonitorAlertStatement(monitorId, Math.max(state.since, recovery.since ?? state.since), reason)]);
        if (opened.incident) writes.extra(autoIncidentStatements(monitor, { from: "down", to: "operational", at: state.since, reason }, { down: 0, live: verdict.live }, now));
        opened.alert = opened.incident = false;
      }
      const condition = conditionOf(state.status, { downRegions: verdict.down, liveRegions: verdict.live, maintenance: false });
      if (condition !== clock.condition || clock.accruedUntil === null) clock = writes.reclock(monitorId, clock, condition, r.startedAt, windows, monitor.componentId);
    }
    if (lastVerdict && (state.status === "down" || state.status === "degraded") && !inMaintenance(windows, monitor.componentId, now)) {
      writes.extra(autoIncidentImpactStatements(monitor, state.status, { down: lastVerdict.down, live: lastVerdict.live }, now));
    }
    for (const regionId of touched) writes.regionState(monitorId, regionId, views.get(regionId)!);
    writes.state(monitorId, state, lastMessage, now, warning, clock);
  }
  const position = results[results.length - 1].id;
  await db.$client.batch([...writes.statements(), cursorStatement(RESULTS_CURSOR, position)], "write");
  return { processed: results.length, transitions, future };
}

/**
 * Folds the next results after the rollup cursor into the hourly and daily rollups, each row
 * upserted once for all of its results, and moves that cursor in the same write transaction:
 * exact, and after a crash the range is simply folded again. Independent of the state fold's
 * cursor (either may be ahead); retention keeps raw rows until both have passed them.
 */
export async function foldRollups(db: Db, now = Date.now(), { limit = ROLLUP_RESULTS_PER_BATCH } = {}): Promise<{ processed: number }> {
  const cursor = await readCursor(db, ROLLUPS_CURSOR);
  const results = await readResultsAfter(db, cursor, limit, { withMessage: false });
  if (results.length === 0) return { processed: 0 };
  await db.$client.batch([...(await rollupStatements(db, results, now)), cursorStatement(ROLLUPS_CURSOR, results[results.length - 1].id)], "write");
  return { processed: results.length };
}

type StoredState = Omit<typeof monitorStates.$inferSelect, "updatedAt">;

/** The batch's monitors' stored states, as one JSON value (no driver row object per row). */
async function storedStates(db: Db, ids: number[]): Promise<StoredState[]> {
  const { rows } = await db.$client.execute({
    sql: `SELECT json_group_array(json_array(monitor_id, status, since, down_streak, degraded_streak, up_streak, not_down_streak, last_result_at, last_message,
            warning, flapping, condition, accrued_until))
          FROM monitor_states WHERE monitor_id IN (SELECT value FROM json_each(?))`,
    args: [JSON.stringify(ids)],
  });
  type Row = [number, StateRow["status"], number, number, number, number, number, number | null, string | null, string | null, number, Condition, number | null];
  return (JSON.parse(String(rows[0][0])) as Row[]).map((r) => ({
    monitorId: r[0], status: r[1], since: r[2], downStreak: r[3], degradedStreak: r[4], upStreak: r[5], notDownStreak: r[6], lastResultAt: r[7], lastMessage: r[8],
    warning: r[9], flapping: r[10], condition: r[11], accruedUntil: r[12],
  }));
}

/** Each monitor's stored region states as the quorum reads them (by region id), and every region's name by id. */
async function storedRegionViews(db: Db, ids: number[], now: number): Promise<{ regionName: Map<number, string>; viewsByMonitor: Map<number, Map<number, RegionView>> }> {
  // One JSON value for the batch's region rows (thousands): no driver row object per row.
  const [{ rows: regionStateRows }, regionName] = await Promise.all([
    db.$client.execute({
      sql: `SELECT json_group_array(json_array(monitor_id, region_id, status, since, down_streak, degraded_streak, up_streak, not_down_streak, last_result_at, last_message))
            FROM monitor_region_states WHERE monitor_id IN (SELECT value FROM json_each(?))`,
      args: [JSON.stringify(ids)],
    }),
    regionNames(db),
  ]);
  type Row = [number, number, StateRow["status"], number, number, number, number, number, number | null, string | null];
  const storedRegions = (JSON.parse(String(regionStateRows[0][0])) as Row[]).map((r) => ({
    monitorId: r[0], regionId: r[1], status: r[2], since: r[3], downStreak: r[4], degradedStreak: r[5], upStreak: r[6], notDownStreak: r[7], lastResultAt: r[8], lastMessage: r[9],
  }));
  const viewsByMonitor = new Map<number, Map<number, RegionView>>();
  for (const r of storedRegions) {
    const views = viewsByMonitor.get(r.monitorId) ?? new Map<number, RegionView>();
    views.set(r.regionId, { region: regionName.get(r.regionId) ?? String(r.regionId), state: toSnapshot(r, now), lastMessage: r.lastMessage });
    viewsByMonitor.set(r.monitorId, views);
  }
  return { regionName, viewsByMonitor };
}

/**
 * For the time-based trigger: the times of failed checks within the trigger window, per
 * "monitor:region", for the monitors with a failed check in this batch (a batch without one
 * cannot fire it, so a healthy fleet costs no read). Served by the failures index.
 */
async function recentDownsOf(db: Db, byMonitor: Map<number, FoldedResultRow[]>, monitorsById: Map<number, MonitorRow>): Promise<Map<string, number[]>> {
  const DOWN = 2; // RESULT_STATUS_CODES.down
  const from: [number, number][] = [];
  for (const [id, list] of byMonitor) {
    const m = monitorsById.get(id);
    if (!m || !list.some((r) => r.status === DOWN)) continue;
    from.push([id, Math.min(...list.map((r) => r.startedAt)) - downTriggerOf(m.checkConfig).windowMs]);
  }
  const out = new Map<string, number[]>();
  if (from.length === 0) return out;
  const rows = await db.all<{ monitor_id: number; region_id: number; started_at: number }>(sql`
    SELECT r.monitor_id, r.region_id, r.started_at FROM json_each(${JSON.stringify(from)}) f
    JOIN check_results r INDEXED BY check_results_failures_idx ON r.monitor_id = f.value->>0 AND r.started_at > f.value->>1 AND r.status > 0
    WHERE r.status = ${DOWN}`);
  for (const r of rows) {
    const key = `${r.monitor_id}:${r.region_id}`;
    const list = out.get(key);
    if (list) list.push(Number(r.started_at));
    else out.set(key, [Number(r.started_at)]);
  }
  return out;
}

/** Which of these monitors have an open monitor-down alert or an open automatic incident. */
async function openAlertsAndIncidents(db: Db, ids: number[]): Promise<Map<number, { alert: boolean; incident: boolean }>> {
  const idList = JSON.stringify(ids);
  const rows = await db.all<{ monitor_id: number; what: "alert" | "incident" }>(sql`
    SELECT monitor_id, 'alert' AS what FROM alerts WHERE kind = 'monitor_down' AND resolved_at IS NULL AND monitor_id IN (SELECT value FROM json_each(${idList}))
    UNION ALL
    SELECT monitor_id, 'incident' AS what FROM incidents WHERE source = 'auto' AND resolved_at IS NULL AND monitor_id IN (SELECT value FROM json_each(${idList}))`);
  const out = new Map<number, { alert: boolean; incident: boolean }>();
  for (const r of rows) {
    const o = out.get(Number(r.monitor_id)) ?? { alert: false, incident: false };
    o[r.what] = true;
    out.set(Number(r.monitor_id), o);
  }
  return out;
}

/**
 * Marks monitors without a fresh result as "no data" (never green without data), and gives
 * every active monitor a state row.
 */
export async function markStale(db: Db, active: MonitorRow[], now = Date.now()): Promise<CoordinateOutcome["transitions"]> {
  if (active.length === 0) return [];
  // Only candidates come back from SQL: monitors without a state row, and states whose last
  // result is older than one interval (every no-data rule is longer, ./freshness.ts). The
  // state machine makes the final call.
  const [missing, candidates] = await Promise.all([
    db.all<{ id: number }>(sql`SELECT m.id AS id FROM monitors m LEFT JOIN monitor_states s ON s.monitor_id = m.id
      WHERE m.archived_at IS NULL AND s.monitor_id IS NULL`),
    db
      .select({ state: monitorStates })
      .from(monitorStates)
      .innerJoin(monitors, eq(monitors.id, monitorStates.monitorId))
      .where(
        and(
          isNull(monitors.archivedAt),
          ne(monitorStates.status, "no_data"),
          // A paused monitor has no results by design; ./fold.ts applyPauses moves it.
          ne(monitorStates.status, "paused"),
          sql`(coalesce(${monitorStates.lastResultAt}, ${monitorStates.since}) < ${now} - ${monitors.intervalS} * 1000
              OR coalesce(${monitorStates.lastResultAt}, ${monitorStates.since}) > ${now + MAX_CLOCK_SKEW_MS})`,
        ),
      ),
  ]);
  const activeById = new Map(active.map((m) => [m.id, m]));
  const writes = new StateWrites(now);
  const transitions: CoordinateOutcome["transitions"] = [];
  for (const { id } of missing) {
    if (activeById.has(Number(id))) writes.state(Number(id), initialState(now), null, now, null, { condition: "no_data", accruedUntil: now });
  }
  const windows = candidates.length ? await maintenanceWindows(db, now - MAINTENANCE_LOOKBACK_MS, now) : [];
  for (const { state: prior } of candidates) {
    const m = activeById.get(prior.monitorId);
    if (!m) continue;
    // A state whose last result is dated in the future shows nothing true: no data, now.
    const next = datedInFuture(prior, now)
      ? {
          state: { ...toSnapshot(prior, now), status: "no_data" as const, since: now, downStreak: 0, degradedStreak: 0, upStreak: 0, notDownStreak: 0 },
          transition: { from: prior.status, to: "no_data" as const, at: now, reason: "its last result is dated in the future (a probe's clock is ahead?): waiting for results dated now" },
        }
      : applyStaleness(toSnapshot(prior, now), { now, intervalMs: m.intervalS * 1000, noDataAfterMs: noDataAfterMs(freshnessSubject(m)) });
    if (next.transition) {
      transitions.push({ monitorId: m.id, transition: next.transition });
      writes.transition(m.id, next.transition);
      const clock = writes.reclock(m.id, { condition: prior.condition, accruedUntil: prior.accruedUntil }, "no_data", next.transition.at, windows, m.componentId);
      writes.state(m.id, next.state, prior.lastMessage, now, null, clock);
    }
  }
  const statements = writes.statements();
  if (statements.length) await db.$client.batch(statements, "write");
  return transitions;
}

/**
 * Records what the team's pauses and resumes (lib/monitors/pause.ts, monitors.paused_at) mean for
 * state, in one write: a paused monitor turns "paused" as of its pause, with a transition saying
 * who paused it (and, when it was down, that its alerts are off while paused), its time counts as
 * "paused" from then (left out of uptime), and its region states are dropped. A resumed monitor
 * starts again as a new one: "no data" from now until its first results, then the usual path.
 * An open alert stays open (acknowledged by the pause) and an open incident stays open: a pause
 * never makes an outage vanish.
 */
export async function applyPauses(db: Db, active: MonitorRow[], now = Date.now()): Promise<CoordinateOutcome["transitions"]> {
  if (active.length === 0) return [];
  const rows = await db
    .select({ state: monitorStates })
    .from(monitorStates)
    .innerJoin(monitors, eq(monitors.id, monitorStates.monitorId))
    .where(and(isNull(monitors.archivedAt), sql`(${monitors.pausedAt} IS NOT NULL) <> (${monitorStates.status} = 'paused')`));
  if (rows.length === 0) return [];
  const activeById = new Map(active.map((m) => [m.id, m]));
  const windows = await maintenanceWindows(db, now - MAINTENANCE_LOOKBACK_MS, now);
  const writes = new StateWrites(now);
  const transitions: CoordinateOutcome["transitions"] = [];
  for (const { state: prior } of rows) {
    const m = activeById.get(prior.monitorId);
    // The cached list may lag the table by a reload: act only where both agree.
    if (!m || (m.pausedAt !== null) === (prior.status === "paused")) continue;
    const clock: Clock = { condition: prior.condition, accruedUntil: prior.accruedUntil };
    let transition: Transition;
    let next: MonitorStateSnapshot;
    if (m.pausedAt !== null) {
      const at = Math.min(Math.max(m.pausedAt, prior.since), now);
      const alertsOff = prior.status === "down" || prior.status === "degraded" ? `, while ${prior.status}: alerts are off until it is resumed` : "";
      transition = { from: prior.status, to: "paused", at, reason: `paused by ${m.pausedBy ?? "someone"}${alertsOff}` };
      next = { ...initialState(at), status: "paused", lastResultAt: prior.lastResultAt };
      writes.extra([{ sql: "DELETE FROM monitor_region_states WHERE monitor_id = ?", args: [m.id] }]);
    } else {
      transition = { from: "paused", to: "no_data", at: now, reason: "resumed: waiting for its first results" };
      next = initialState(now);
    }
    transitions.push({ monitorId: m.id, transition });
    writes.transition(m.id, transition);
    writes.state(m.id, next, prior.lastMessage, now, null, writes.reclock(m.id, clock, conditionOf(next.status, { downRegions: 0, liveRegions: 0, maintenance: false }), transition.at, windows, m.componentId));
  }
  const statements = writes.statements();
  if (statements.length) await db.$client.batch(statements, "write");
  return transitions;
}

/**
 * Counts every active monitor's time up to `now` in its current condition (maintenance carved
 * out), in the hourly and daily state-time rows, and moves each clock to `now`, in one write.
 * A monitor whose maintenance window ended while it was still failing gets the incident and
 * alert that the window held back.
 */
export async function accrueStateTime(db: Db, active: MonitorRow[], now = Date.now()): Promise<number> {
  if (active.length === 0) return 0;
  const [rows, windows] = await Promise.all([clocksOf(db), maintenanceWindows(db, now - MAINTENANCE_LOOKBACK_MS, now)]);
  const activeById = new Map(active.map((m) => [m.id, m]));
  const time = new StateTimeWrites(now);
  const clocks: [number, number][] = [];
  const heldBack: HeldBack[] = [];
  for (const r of rows) {
    const m = activeById.get(r.id);
    if (!m) continue;
    if (r.accruedUntil !== null && r.accruedUntil < now) {
      time.addAround(m.id, r.condition, r.accruedUntil, now, maintenanceSpans(windows, m.componentId, r.accruedUntil, now));
      const ended = windows.find((w) => m.componentId !== null && w.componentIds.has(m.componentId) && w.until > r.accruedUntil! && w.until <= now);
      if (ended && (r.status === "down" || r.status === "degraded") && !inMaintenance(windows, m.componentId, now)) {
        heldBack.push({ monitor: m, status: r.status, at: ended.until, lastMessage: r.lastMessage, lastResultAt: r.lastResultAt });
      }
    }
    // A clock stored in the future (written before results were checked) comes back to now.
    if (r.accruedUntil === null || r.accruedUntil < now || isFromTheFuture(r.accruedUntil, now)) clocks.push([m.id, now]);
  }
  if (clocks.length === 0) return 0;
  const extra = await heldBackStatements(db, heldBack, now);
  await db.$client.batch(
    [
      ...time.statements(),
      ...extra,
      { sql: "UPDATE monitor_states SET accrued_until = j.value->>1 FROM json_each(?) j WHERE monitor_id = j.value->>0", args: [JSON.stringify(clocks)] },
    ],
    "write",
  );
  return clocks.length;
}

/** Every state row's clock, as one JSON value (no driver row object per row: this runs every 30 s over all monitors). */
async function clocksOf(db: Db) {
  const { rows } = await db.$client.execute("SELECT json_group_array(json_array(monitor_id, condition, accrued_until, status, last_message, last_result_at)) FROM monitor_states");
  type Row = [number, Condition, number | null, StateRow["status"], string | null, number | null];
  return (JSON.parse(String(rows[0][0])) as Row[]).map((r) => ({ id: r[0], condition: r[1], accruedUntil: r[2], status: r[3], lastMessage: r[4], lastResultAt: r[5] }));
}

/** A monitor still failing when a maintenance window ended (at), as its state row has it. */
interface HeldBack {
  monitor: MonitorRow;
  status: "down" | "degraded";
  at: number;
  lastMessage: string | null;
  lastResultAt: number | null;
}

/**
 * The incident and alert a maintenance window held back from monitors still failing when it
 * ended, with the regions as the quorum last saw them (the stored region states, judged as of
 * the monitor's last result, as the fold judged them then).
 */
async function heldBackStatements(db: Db, heldBack: HeldBack[], now: number): Promise<InStatement[]> {
  if (heldBack.length === 0) return [];
  const { viewsByMonitor } = await storedRegionViews(db, heldBack.map((h) => h.monitor.id), now);
  return heldBack.flatMap(({ monitor, status, at, lastMessage, lastResultAt }) => {
    const views = [...(viewsByMonitor.get(monitor.id)?.values() ?? [])];
    const verdict = evaluateQuorum(views, { now: Math.min(lastResultAt ?? now, now), intervalMs: monitor.intervalS * 1000, quorum: monitor.quorum });
    const t: Transition = {
      from: status,
      to: status,
      at,
      reason: `still ${status} when the maintenance window ended: ${lastMessage ?? "no message"}`,
      liveRegions: verdict.liveRegions,
      downRegions: verdict.downRegions,
    };
    return [...autoIncidentStatements(monitor, t, { down: verdict.down, live: verdict.live }, now), ...monitorAlertStatements(monitor, t, null)];
  });
}

