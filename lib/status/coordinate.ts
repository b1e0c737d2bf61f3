import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import type { InStatement } from "@libsql/client";
import { bulkInsert, upsertTail } from "../db/bulk";
import { cursors, monitors, monitorStates } from "../db/schema";
import type { MonitorStatus } from "../db/schema/monitor-states";
import { RESULT_STATUS_BY_CODE } from "../checks/types";
import type { MonitorRow } from "../monitors/store";
import { readResultsAfter, type CheckResultRow } from "../results/store";
import { rollupStatements } from "../uptime/rollup";
import { applyRound, applyStaleness, initialState, type MonitorStateSnapshot, type Transition } from "./state";

/** The coordinator's position in check_results. */
export const RESULTS_CURSOR = "coordinator.results";
/** Results folded per batch: bounded memory and short write transactions. */
export const RESULTS_PER_BATCH = 5_000;

type StateRow = typeof monitorStates.$inferSelect;

function toSnapshot(row: StateRow): MonitorStateSnapshot {
  return {
    status: row.status,
    since: row.since,
    downStreak: row.downStreak,
    degradedStreak: row.degradedStreak,
    upStreak: row.upStreak,
    notDownStreak: row.notDownStreak,
    lastResultAt: row.lastResultAt,
  };
}

const STATE_COLUMNS = [
  "monitor_id", "status", "since", "down_streak", "degraded_streak", "up_streak", "not_down_streak", "last_result_at", "last_message", "updated_at",
];

/** Collects state rows and transitions, and turns them into two bulk statements. */
class StateWrites {
  private states: unknown[][] = [];
  private transitions: unknown[][] = [];
  state(monitorId: number, s: MonitorStateSnapshot, lastMessage: string | null, now: number) {
    this.states.push([monitorId, s.status, s.since, s.downStreak, s.degradedStreak, s.upStreak, s.notDownStreak ?? 0, s.lastResultAt, lastMessage, now]);
  }
  transition(monitorId: number, t: Transition) {
    this.transitions.push([monitorId, t.at, t.from, t.to, t.reason]);
  }
  statements(): InStatement[] {
    const out: InStatement[] = [];
    if (this.transitions.length) out.push(bulkInsert("monitor_transitions", ["monitor_id", "at", "from_status", "to_status", "reason"], this.transitions));
    if (this.states.length) out.push(bulkInsert("monitor_states", STATE_COLUMNS, this.states, upsertTail(["monitor_id"], STATE_COLUMNS.slice(1))));
    return out;
  }
}

function cursorStatement(name: string, position: number): InStatement {
  return {
    sql: "INSERT INTO cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
    args: [name, position],
  };
}

export async function readCursor(db: Db, name: string): Promise<number> {
  const [row] = await db.select().from(cursors).where(eq(cursors.name, name));
  return row?.position ?? 0;
}

export interface CoordinateOutcome {
  processed: number;
  transitions: { monitorId: number; transition: Transition }[];
}

/**
 * Folds the next batch of results into monitor state, transitions and rollups, and moves the
 * cursor, all in one write transaction: after a crash the batch is simply folded again.
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

  const byMonitor = new Map<number, CheckResultRow[]>();
  for (const r of results) {
    let list = byMonitor.get(r.monitorId);
    if (!list) byMonitor.set(r.monitorId, (list = []));
    list.push(r);
  }
  const ids = [...byMonitor.keys()];
  const stored = ids.length ? await db.select().from(monitorStates).where(inArray(monitorStates.monitorId, ids)) : [];
  const storedById = new Map(stored.map((s) => [s.monitorId, s]));

  const writes = new StateWrites();
  const transitions: CoordinateOutcome["transitions"] = [];
  for (const [monitorId, list] of byMonitor) {
    const monitor = monitorsById.get(monitorId);
    const prior = storedById.get(monitorId);
    let state = prior ? toSnapshot(prior) : initialState(monitor?.createdAt ?? now);
    let lastMessage = prior?.lastMessage ?? null;
    // Results of an archived monitor still count for rollups, but no longer move its state.
    if (!monitor || monitor.archivedAt) continue;
    const thresholds = { failureThreshold: monitor.failureThreshold, successThreshold: monitor.successThreshold };
    list.sort((a, b) => a.startedAt - b.startedAt);
    for (const r of list) {
      // Results can arrive late (push mode, retries): never let an old one move state back.
      if (state.lastResultAt !== null && r.startedAt < state.lastResultAt) continue;
      const round = { at: r.startedAt, status: RESULT_STATUS_BY_CODE[r.status], message: r.message ?? undefined };
      const next = applyRound(state, round, thresholds);
      state = next.state;
      lastMessage = r.message ?? null;
      if (next.transition) {
        transitions.push({ monitorId, transition: next.transition });
        writes.transition(monitorId, next.transition);
      }
    }
    writes.state(monitorId, state, lastMessage, now);
  }
  const position = results[results.length - 1].id;
  await db.$client.batch(
    [...writes.statements(), ...(await rollupStatements(db, results)), cursorStatement(RESULTS_CURSOR, position)],
    "write",
  );
  return { processed: results.length, transitions };
}

/**
 * Marks monitors without a fresh result as "no data" (never green without data), and gives
 * every active monitor a state row.
 */
export async function markStale(db: Db, active: MonitorRow[], now = Date.now()): Promise<CoordinateOutcome["transitions"]> {
  if (active.length === 0) return [];
  // Only candidates come back from SQL: monitors without a state row, and states whose last
  // result is older than two intervals. The state machine makes the final call.
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
          sql`coalesce(${monitorStates.lastResultAt}, ${monitorStates.since}) < ${now} - 2 * ${monitors.intervalS} * 1000`,
        ),
      ),
  ]);
  const activeById = new Map(active.map((m) => [m.id, m]));
  const writes = new StateWrites();
  const transitions: CoordinateOutcome["transitions"] = [];
  for (const { id } of missing) if (activeById.has(Number(id))) writes.state(Number(id), initialState(now), null, now);
  for (const { state: prior } of candidates) {
    const m = activeById.get(prior.monitorId);
    if (!m) continue;
    const next = applyStaleness(toSnapshot(prior), { now, intervalMs: m.intervalS * 1000 });
    if (next.transition) {
      transitions.push({ monitorId: m.id, transition: next.transition });
      writes.transition(m.id, next.transition);
      writes.state(m.id, next.state, prior.lastMessage, now);
    }
  }
  const statements = writes.statements();
  if (statements.length) await db.$client.batch(statements, "write");
  return transitions;
}

/** Current status of each monitor id (no row → no data). */
export async function currentStatuses(db: Db): Promise<Map<number, MonitorStatus>> {
  const rows = await db.select({ id: monitorStates.monitorId, status: monitorStates.status }).from(monitorStates);
  return new Map(rows.map((r) => [r.id, r.status]));
}

