/**
 * The no-data rule, in one place: how long a monitor's latest result vouches for its status, and
 * the read-time check the public surfaces apply to a stored status. The coordinator marks stale
 * monitors "no data" (lib/coordinator/fold.ts markStale) with the same rule, but a dead coordinator
 * marks nothing, so every reader checks again, at read time, that the result and the coordinator
 * are fresh: never green without fresh data. Pure.
 */
import type { MonitorStatus } from "../db/schema/monitor-states";
import { isProbedType, type MonitorType } from "../db/schema/monitors";
import { PULSE_STALE_MS, isStale } from "../workers/pulse";

/** Check intervals without a fresh result before a probed monitor's status turns no_data. */
export const STALE_AFTER_INTERVALS = 2;

/**
 * Time the coordinator may take to record and fold a missed heartbeat (it writes the "down"
 * result on its first tick past interval + grace and folds it on the next). A coordinator
 * later than this counts as silent anyway (lib/workers/pulse.ts), and then everything reads
 * no data, so allowing this much on top of interval + grace hides nothing.
 */
export const HEARTBEAT_WATCH_LAG_MS = PULSE_STALE_MS;

export interface FreshnessSubject {
  type: MonitorType;
  intervalS: number;
  /** When the team paused it (monitors.paused_at); null or absent when it runs. */
  pausedAt?: number | null;
  /** A heartbeat monitor's grace (its check config), ms; ignored for probed types. */
  graceMs?: number | null;
}

/** A monitor row's freshness inputs (a heartbeat's grace lives in its check config). */
export function freshnessSubject(m: { type: MonitorType; intervalS: number; checkConfig: unknown }): FreshnessSubject {
  const grace = (m.checkConfig as { grace?: unknown } | null)?.grace;
  return { type: m.type, intervalS: m.intervalS, graceMs: typeof grace === "number" ? grace : null };
}

/**
 * How long after its latest result a monitor turns "no data".
 * - Probed monitors: STALE_AFTER_INTERVALS intervals (one late round is not silence).
 * - Heartbeat monitors: interval + grace (+ the coordinator's lag). A push missing that long is
 *   recorded as a "down" result by the coordinator (lib/heartbeats/push.ts), and that result
 *   keeps the monitor fresh: a missed heartbeat is down until a push arrives, never no data
 *   while the coordinator watches. No data means nobody is watching.
 */
export function noDataAfterMs(m: FreshnessSubject): number {
  const intervalMs = m.intervalS * 1000;
  if (isProbedType(m.type)) return STALE_AFTER_INTERVALS * intervalMs;
  return intervalMs + Math.max(0, m.graceMs ?? 0) + HEARTBEAT_WATCH_LAG_MS;
}

/** A monitor's stored state as the readers load it (no row: all null). */
export interface StoredStatus {
  status: MonitorStatus | null;
  since: number | null;
  lastResultAt: number | null;
}

export interface ReadStatus {
  status: MonitorStatus;
  /** Since when, epoch ms: the stored transition, or when the data went stale. */
  since: number | null;
}

/**
 * The status a reader may show: "paused" from the moment the team paused it (whatever the
 * coordinator has recorded yet); otherwise the stored one only while the monitor's latest result
 * is within its no-data rule and the coordinator, which turns results into state, has reported
 * within PULSE_STALE_MS; otherwise "no data", since the moment it went stale. A stored "paused"
 * of a monitor resumed since is no data: it waits for its first result.
 * `coordinatorBeatAt` is the newest coordinator pulse (null: none ever).
 */
export function readMonitorStatus(stored: StoredStatus, monitor: FreshnessSubject, coordinatorBeatAt: number | null, now: number): ReadStatus {
  if (monitor.pausedAt !== undefined && monitor.pausedAt !== null) return { status: "paused", since: Number(monitor.pausedAt) };
  if (stored.status === null || stored.status === "no_data" || stored.status === "paused") return { status: "no_data", since: stored.since };
  const staleAt: number[] = [];
  if (stored.lastResultAt === null) staleAt.push(stored.since ?? now);
  else if (now - stored.lastResultAt > noDataAfterMs(monitor)) staleAt.push(stored.lastResultAt + noDataAfterMs(monitor));
  if (coordinatorBeatAt === null) staleAt.push(stored.since ?? now);
  else if (isStale({ lastBeatAt: coordinatorBeatAt }, now)) staleAt.push(coordinatorBeatAt + PULSE_STALE_MS);
  if (staleAt.length === 0) return { status: stored.status, since: stored.since };
  return { status: "no_data", since: Math.max(stored.since ?? 0, Math.min(...staleAt)) };
}
