/**
 * The monitor state machine: folds check rounds into a status, with thresholds so that one bad
 * check never alarms and one good check never clears an outage. Pure; the coordinator
 * (lib/coordinator/fold.ts) loads a snapshot, applies rounds and stores the result and its transitions.
 *
 * A round is one evaluated check round for a monitor. Today that is one result; later it will
 * summarise several regions (quorum), which this machine does not need to know about.
 */
import type { ResultStatus } from "../checks/types";
import { formatDurationMs } from "../config/units";
import type { MonitorStatus } from "../db/schema/monitor-states";
import { STALE_AFTER_INTERVALS } from "./freshness";

export interface Round {
  /** Epoch milliseconds of the round. Rounds must be applied in order of `at`. */
  at: number;
  status: ResultStatus;
  /** Why it is not up, in words ("connect ECONNREFUSED"); becomes the evidence of a transition. */
  message?: string;
}

export interface MonitorStateSnapshot {
  status: MonitorStatus;
  /** Epoch milliseconds of the transition into `status`. */
  since: number;
  /** Consecutive rounds that were down. */
  downStreak: number;
  /** Consecutive rounds that were degraded or down (not up). */
  degradedStreak: number;
  /** Consecutive rounds that were up. */
  upStreak: number;
  /**
   * Consecutive rounds that were up or degraded (not down): what it takes to leave down.
   * It cannot be derived from the other streaks (down, degraded, up is two such rounds, yet
   * upStreak is 1 and degradedStreak 0). Optional only while monitor_states has no column for
   * it: when absent it is estimated from the other streaks as a lower bound (at most 1 after a
   * degraded round). That is exact for successThreshold ≤ 2; above, a monitor that is down and
   * then only degraded stays down until successThreshold rounds are up.
   */
  notDownStreak?: number;
  /** Epoch milliseconds of the latest round applied; null before the first. */
  lastResultAt: number | null;
}

export interface Thresholds {
  /** Consecutive bad rounds before the status turns degraded or down. */
  failureThreshold: number;
  /** Consecutive good rounds before the status leaves down or degraded. */
  successThreshold: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { failureThreshold: 2, successThreshold: 2 };

/**
 * The time-based trigger beside the consecutive one: down in at least `percent` of the last
 * `windowMs` (status.config.yaml downPercent / downWindow). It catches a service that bounces,
 * whose good checks in between keep resetting the consecutive count.
 */
export interface DownTrigger {
  percent: number;
  windowMs: number;
}
export const DEFAULT_DOWN_TRIGGER: DownTrigger = { percent: 50, windowMs: 10 * 60_000 };

/** A monitor's trigger, from its stored check_config (lib/config/schema.ts DOWN_TRIGGER_KEY), defaults applied. */
export function downTriggerOf(checkConfig: unknown): DownTrigger {
  const t = (checkConfig as { downTrigger?: Partial<DownTrigger> } | null)?.downTrigger;
  const ok = (v: unknown): v is number => typeof v === "number" && v > 0;
  return { percent: ok(t?.percent) ? t.percent : DEFAULT_DOWN_TRIGGER.percent, windowMs: ok(t?.windowMs) ? t.windowMs : DEFAULT_DOWN_TRIGGER.windowMs };
}

/**
 * Failed checks it takes within the window: the share of the window's checks, and never fewer
 * than failureThreshold, so the trigger never fires sooner than the consecutive rule would.
 */
export function downChecksNeeded(trigger: DownTrigger, intervalMs: number, failureThreshold: number): number {
  return Math.max(failureThreshold, Math.ceil(((trigger.percent / 100) * trigger.windowMs) / intervalMs - 1e-9));
}

/** What the time-based trigger saw for a round: failed checks within the window ending at the round, the round included. */
export interface RecentFailures {
  downs: number;
  needed: number;
  trigger: DownTrigger;
}

export { STALE_AFTER_INTERVALS } from "./freshness";

export interface Transition {
  from: MonitorStatus;
  to: MonitorStatus;
  /** Epoch milliseconds: the round's time, or `now` for staleness. */
  at: number;
  /** Why, in words, with the evidence ("2 consecutive checks failed: connect ECONNREFUSED"). */
  reason: string;
  /**
   * The regions behind a monitor's transition, as data, when the quorum of its regions decided
   * it (./quorum.ts, via the coordinator): the live regions and those whose own state was down,
   * by name, sorted. Absent on one region's own transitions and on staleness.
   */
  liveRegions?: string[];
  downRegions?: string[];
}

export interface StateStep {
  state: MonitorStateSnapshot;
  transition?: Transition;
}

/** A monitor that has not been checked yet: no data, never operational. */
export function initialState(now: number): MonitorStateSnapshot {
  return { status: "no_data", since: now, downStreak: 0, degradedStreak: 0, upStreak: 0, notDownStreak: 0, lastResultAt: null };
}

/**
 * Applies one round. A round older than the latest one applied is ignored (results can arrive
 * late); rounds at the same millisecond, e.g. from two regions, both count.
 */
export function applyRound(state: MonitorStateSnapshot, round: Round, thresholds: Thresholds = DEFAULT_THRESHOLDS, recent?: RecentFailures): StateStep {
  const { failureThreshold, successThreshold } = thresholds;
  checkThreshold("failureThreshold", failureThreshold);
  checkThreshold("successThreshold", successThreshold);
  if (state.lastResultAt !== null && round.at < state.lastResultAt) return { state };

  const down = round.status === "down";
  const up = round.status === "up";
  const streaks = {
    downStreak: down ? state.downStreak + 1 : 0,
    degradedStreak: up ? 0 : state.degradedStreak + 1,
    upStreak: up ? state.upStreak + 1 : 0,
    notDownStreak: down ? 0 : notDownStreakOf(state) + 1,
  };
  const next: MonitorStateSnapshot = { ...state, ...streaks, lastResultAt: round.at };
  const evidence = round.message ? `: ${round.message}` : "";
  // The time-based trigger: only a failed round can fire it, like the consecutive one.
  const downByTime = down && recent !== undefined && recent.downs >= recent.needed;
  const byTime = () => `${recent!.downs} checks failed in the last ${formatDurationMs(recent!.trigger.windowMs)} (down at least ${recent!.trigger.percent}% of the time)${evidence}`;

  let to: MonitorStatus = state.status;
  let reason = "";
  switch (state.status) {
    case "no_data":
    case "operational":
      if (state.status === "no_data" && up) {
        // Fresh good data: nothing to alarm about, so no threshold to wait for.
        to = "operational";
        reason =
          state.lastResultAt === null
            ? "first check succeeded"
            : state.lastResultAt < state.since // no_data came from staleness, not from a fresh start
              ? "check succeeded after a gap without results"
              : "check succeeded";
      } else if (streaks.downStreak >= failureThreshold) {
        to = "down";
        reason = `${consecutive(streaks.downStreak, "failed")}${evidence}`;
      } else if (downByTime) {
        to = "down";
        reason = byTime();
      } else if (streaks.degradedStreak >= failureThreshold) {
        to = "degraded";
        reason = `${down ? "degraded or failing" : "degraded"}${forChecks(streaks.degradedStreak)}${evidence}`;
      }
      break;
    case "degraded":
      if (streaks.downStreak >= failureThreshold) {
        to = "down";
        reason = `${consecutive(streaks.downStreak, "failed")}${evidence}`;
      } else if (downByTime) {
        to = "down";
        reason = byTime();
      } else if (streaks.upStreak >= successThreshold) {
        to = "operational";
        reason = `recovered: ${consecutive(streaks.upStreak, "succeeded")}`;
      }
      break;
    case "down":
      // Degraded rounds count toward leaving down; the latest rounds decide where to.
      if (streaks.notDownStreak >= successThreshold) {
        if (streaks.upStreak >= successThreshold) {
          to = "operational";
          reason = `recovered: ${consecutive(streaks.upStreak, "succeeded")}`;
        } else {
          to = "degraded";
          const lead = `no longer failing${forChecks(streaks.notDownStreak)}`;
          reason = up
            ? `${lead}; degraded until ${consecutive(successThreshold, "succeed")}`
            : `${lead}, still degraded${evidence}`;
        }
      }
      break;
  }

  if (to === state.status) return { state: next };
  return { state: { ...next, status: to, since: round.at }, transition: { from: state.status, to, at: round.at, reason } };
}

/**
 * Turns a monitor without a fresh result within its no-data rule (`noDataAfterMs`, from
 * ./freshness.ts; default STALE_AFTER_INTERVALS check intervals) into no_data (never green
 * without data), and resets its streaks: rounds on either side of a gap are not consecutive.
 * Call it on a timer, and before a round that follows a gap.
 */
export function applyStaleness(state: MonitorStateSnapshot, opts: { now: number; intervalMs: number; noDataAfterMs?: number }): StateStep {
  const { now, intervalMs } = opts;
  if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be positive, got ${intervalMs}`);
  const limitMs = opts.noDataAfterMs ?? STALE_AFTER_INTERVALS * intervalMs;
  if (!(limitMs > 0)) throw new RangeError(`noDataAfterMs must be positive, got ${limitMs}`);
  const lastSeen = state.lastResultAt ?? state.since;
  const silentMs = now - lastSeen;
  if (silentMs <= limitMs) return { state };

  const reset: MonitorStateSnapshot = { ...state, downStreak: 0, degradedStreak: 0, upStreak: 0, notDownStreak: 0 };
  if (state.status === "no_data") return { state: reset };
  const silence = formatDurationMs(silentMs >= 1_000 ? Math.ceil(silentMs / 1_000) * 1_000 : Math.ceil(silentMs));
  const reason =
    state.lastResultAt === null
      ? `no result yet after ${silence} (interval ${formatDurationMs(intervalMs)})`
      : `no result for ${silence} (interval ${formatDurationMs(intervalMs)})`;
  return {
    state: { ...reset, status: "no_data", since: now },
    transition: { from: state.status, to: "no_data", at: now, reason },
  };
}

/** notDownStreak, or its lower bound from the other streaks when the snapshot lacks it. */
function notDownStreakOf(state: MonitorStateSnapshot): number {
  if (state.notDownStreak !== undefined) return state.notDownStreak;
  if (state.downStreak > 0) return 0; // the latest round was down
  if (state.upStreak > 0) return state.upStreak; // the latest rounds were up; degraded ones before are unknown
  return state.degradedStreak > 0 ? 1 : 0; // the latest round was degraded
}

function checkThreshold(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a whole number of checks, at least 1, got ${value}`);
}

/** "check failed" for one, "3 consecutive checks failed" for more. */
function consecutive(n: number, verb: string): string {
  return n === 1 ? `check ${verb}` : `${n} consecutive checks ${verb}`;
}

/** "" for one check, " for 3 consecutive checks" for more. */
function forChecks(n: number): string {
  return n === 1 ? "" : ` for ${n} consecutive checks`;
}
