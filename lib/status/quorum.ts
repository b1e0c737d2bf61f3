/**
 * Quorum before alarm: a monitor's state is decided by its live regions together. Each region
 * runs the state machine (./state.ts) on its own results, so "failed m consecutive rounds" is
 * judged per region; the monitor is down when at least k of its n live regions are down
 * (default k: a majority), degraded by the same rule, and a region failing below quorum is a
 * warning, not an outage. Pure.
 */
import type { MonitorStatus } from "../db/schema/monitor-states";
import { STALE_AFTER_INTERVALS, type MonitorStateSnapshot } from "./state";

export interface RegionView {
  region: string;
  state: MonitorStateSnapshot;
  lastMessage: string | null;
}

export interface QuorumVerdict {
  status: MonitorStatus;
  /** Why, in words, with the evidence: which regions, which errors. */
  reason: string;
  /** Regions failing below quorum, in words; null when none. */
  warning: string | null;
  /** How many regions are live: liveRegions.length. */
  live: number;
  /** How many live regions are down: downRegions.length. */
  down: number;
  quorum: number;
  /** The live regions (reported within STALE_AFTER_INTERVALS intervals), by name, sorted. */
  liveRegions: string[];
  /** The live regions whose own state is down, by name, sorted. */
  downRegions: string[];
}

/** k of n: the configured quorum (capped at the live count), else a majority. */
export function quorumSize(live: number, configured?: number | null): number {
  if (live <= 0) return 1;
  return configured ? Math.min(configured, live) : Math.floor(live / 2) + 1;
}

/** "2 of 3 regions": how many of how many regions, in words. */
export function regionsOfCount(count: number, of: number): string {
  return `${count} of ${of} region${of === 1 ? "" : "s"}`;
}

function evidence(views: RegionView[]): string {
  return views.map((v) => (v.lastMessage ? `${v.region}: ${v.lastMessage}` : v.region)).join("; ");
}

/** A region counts when it reported within the last STALE_AFTER_INTERVALS intervals. */
export function isLive(view: RegionView, now: number, intervalMs: number): boolean {
  const last = view.state.lastResultAt;
  return last !== null && now - last <= STALE_AFTER_INTERVALS * intervalMs;
}

export function evaluateQuorum(views: RegionView[], opts: { now: number; intervalMs: number; quorum?: number | null }): QuorumVerdict {
  const live = views.filter((v) => isLive(v, opts.now, opts.intervalMs)).sort((a, b) => a.region.localeCompare(b.region));
  const n = live.length;
  const k = quorumSize(n, opts.quorum);
  const of = (count: number) => regionsOfCount(count, n);
  const down = live.filter((v) => v.state.status === "down");
  const facts = { live: n, down: down.length, quorum: k, liveRegions: live.map((v) => v.region), downRegions: down.map((v) => v.region) };
  if (n === 0) return { status: "no_data", reason: "no region has reported recently", warning: null, ...facts };

  const failing = live.filter((v) => v.state.status === "down" || v.state.status === "degraded");
  const belowQuorum = failing.length > 0 && failing.length < k;
  const warning = belowQuorum ? `${failing.map((v) => v.region).join(", ")} failing below quorum (${of(failing.length)}, quorum ${k}): ${evidence(failing)}` : null;

  if (down.length >= k) return { status: "down", reason: `${of(down.length)} down: ${evidence(down)}`, warning: null, ...facts };
  if (failing.length >= k) return { status: "degraded", reason: `${of(failing.length)} degraded or down: ${evidence(failing)}`, warning: null, ...facts };
  // Green needs at least one region that says so: never green without a verdict.
  const up = live.filter((v) => v.state.status === "operational");
  if (up.length === 0) return { status: "no_data", reason: "no region has a verdict yet", warning, ...facts };
  return { status: "operational", reason: `${of(up.length)} up`, warning, ...facts };
}

/**
 * Whether a recovery is confirmed for the alert: the success threshold holds (operational, at
 * least successThreshold good checks in a row) in at least two live regions where two or more
 * are live, else in the one. One region's good minute does not close an outage for everyone.
 */
export function recoveryConfirmed(
  views: RegionView[],
  opts: { now: number; intervalMs: number; successThreshold: number },
): { confirmed: boolean; up: number; live: number; since: number | null } {
  const live = views.filter((v) => isLive(v, opts.now, opts.intervalMs));
  const up = live.filter((v) => v.state.status === "operational" && v.state.upStreak >= opts.successThreshold).sort((a, b) => a.state.since - b.state.since);
  const needed = Math.min(2, live.length);
  const confirmed = live.length > 0 && up.length >= needed;
  // Since when it has held: the needed-th region to recover.
  return { confirmed, up: up.length, live: live.length, since: confirmed ? up[needed - 1].state.since : null };
}
