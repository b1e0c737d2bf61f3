import { describe, expect, it } from "vitest";
import type { MonitorStatus } from "../db/schema/monitor-states";
import {
  applyRound,
  applyStaleness,
  DEFAULT_THRESHOLDS,
  initialState,
  type MonitorStateSnapshot,
  type Round,
  type Thresholds,
  type Transition,
} from "./state";

const T0 = 1_700_000_000_000;
const STEP_MS = 30_000;
const REFUSED = "connect ECONNREFUSED";
const SLOW = "812 ms, limit 500 ms";

/** "U" up, "G" degraded (grey area), "D" down; the round i is at T0 + (i + 1) steps. */
function rounds(pattern: string): Round[] {
  return pattern
    .split(" ")
    .filter(Boolean)
    .map((code, i) => {
      const at = T0 + (i + 1) * STEP_MS;
      if (code === "U") return { at, status: "up" };
      if (code === "G") return { at, status: "degraded", message: SLOW };
      if (code === "D") return { at, status: "down", message: REFUSED };
      throw new Error(`unknown round code ${code}`);
    });
}

/** A monitor that has been in `status` for a long while, with the streaks that got it there. */
function settled(status: MonitorStatus): MonitorStateSnapshot {
  const base = { status, since: T0 - 3_600_000, lastResultAt: T0, downStreak: 0, degradedStreak: 0, upStreak: 0, notDownStreak: 0 };
  if (status === "no_data") return initialState(T0);
  if (status === "operational") return { ...base, upStreak: 10, notDownStreak: 10 };
  if (status === "degraded") return { ...base, degradedStreak: 10, notDownStreak: 10 };
  return { ...base, downStreak: 10, degradedStreak: 10 };
}

function run(start: MonitorStateSnapshot, pattern: string, thresholds?: Thresholds) {
  let state = start;
  const transitions: (Transition & { round: number })[] = [];
  rounds(pattern).forEach((round, i) => {
    const step = applyRound(state, round, thresholds);
    state = step.state;
    if (step.transition) transitions.push({ ...step.transition, round: i + 1 });
  });
  return { state, transitions };
}

type Case = [
  from: MonitorStatus,
  rounds: string,
  thresholds: Partial<Thresholds>,
  end: MonitorStatus,
  transitions: [round: number, to: MonitorStatus, reason: string][],
];

// prettier-ignore
const CASES: Case[] = [
  // From no_data: an up round is operational at once; bad rounds wait for the threshold.
  ["no_data", "U", {}, "operational", [[1, "operational", "first check succeeded"]]],
  ["no_data", "D", {}, "no_data", []],
  ["no_data", "G", {}, "no_data", []],
  ["no_data", "D D", {}, "down", [[2, "down", `2 consecutive checks failed: ${REFUSED}`]]],
  ["no_data", "G G", {}, "degraded", [[2, "degraded", `degraded for 2 consecutive checks: ${SLOW}`]]],
  ["no_data", "G D", {}, "degraded", [[2, "degraded", `degraded or failing for 2 consecutive checks: ${REFUSED}`]]],
  ["no_data", "D G", {}, "degraded", [[2, "degraded", `degraded for 2 consecutive checks: ${SLOW}`]]],
  ["no_data", "D U", {}, "operational", [[2, "operational", "check succeeded"]]],
  ["no_data", "G D D", {}, "down", [[2, "degraded", `degraded or failing for 2 consecutive checks: ${REFUSED}`], [3, "down", `2 consecutive checks failed: ${REFUSED}`]]],
  ["no_data", "D", { failureThreshold: 1 }, "down", [[1, "down", `check failed: ${REFUSED}`]]],
  ["no_data", "G", { failureThreshold: 1 }, "degraded", [[1, "degraded", `degraded: ${SLOW}`]]],
  ["no_data", "U", { successThreshold: 5 }, "operational", [[1, "operational", "first check succeeded"]]],

  // From operational: one bad round changes nothing; consecutive ones do.
  ["operational", "D", {}, "operational", []],
  ["operational", "G", {}, "operational", []],
  ["operational", "D U D U G U", {}, "operational", []],
  ["operational", "D D", {}, "down", [[2, "down", `2 consecutive checks failed: ${REFUSED}`]]],
  ["operational", "D D D D", {}, "down", [[2, "down", `2 consecutive checks failed: ${REFUSED}`]]],
  ["operational", "G G", {}, "degraded", [[2, "degraded", `degraded for 2 consecutive checks: ${SLOW}`]]],
  ["operational", "G D", {}, "degraded", [[2, "degraded", `degraded or failing for 2 consecutive checks: ${REFUSED}`]]],
  ["operational", "G G D D", {}, "down", [[2, "degraded", `degraded for 2 consecutive checks: ${SLOW}`], [4, "down", `2 consecutive checks failed: ${REFUSED}`]]],
  ["operational", "D D", { failureThreshold: 3 }, "operational", []],
  ["operational", "D D D", { failureThreshold: 3 }, "down", [[3, "down", `3 consecutive checks failed: ${REFUSED}`]]],
  ["operational", "G G D", { failureThreshold: 3 }, "degraded", [[3, "degraded", `degraded or failing for 3 consecutive checks: ${REFUSED}`]]],
  ["operational", "D", { failureThreshold: 1 }, "down", [[1, "down", `check failed: ${REFUSED}`]]],
  ["operational", "G", { failureThreshold: 1 }, "degraded", [[1, "degraded", `degraded: ${SLOW}`]]],

  // From degraded: successThreshold up rounds recover it; failureThreshold down rounds take it down.
  ["degraded", "U", {}, "degraded", []],
  ["degraded", "U G U G", {}, "degraded", []],
  ["degraded", "U U", {}, "operational", [[2, "operational", "recovered: 2 consecutive checks succeeded"]]],
  ["degraded", "D", {}, "degraded", []],
  ["degraded", "D G D", {}, "degraded", []],
  ["degraded", "D D", {}, "down", [[2, "down", `2 consecutive checks failed: ${REFUSED}`]]],
  ["degraded", "U", { successThreshold: 1 }, "operational", [[1, "operational", "recovered: check succeeded"]]],
  ["degraded", "U U", { successThreshold: 3 }, "degraded", []],
  ["degraded", "D", { failureThreshold: 1 }, "down", [[1, "down", `check failed: ${REFUSED}`]]],

  // From down: one good round never clears it; degraded rounds count toward leaving.
  ["down", "U", {}, "down", []],
  ["down", "G", {}, "down", []],
  ["down", "U D U D G D", {}, "down", []],
  ["down", "U U", {}, "operational", [[2, "operational", "recovered: 2 consecutive checks succeeded"]]],
  ["down", "G G", {}, "degraded", [[2, "degraded", `no longer failing for 2 consecutive checks, still degraded: ${SLOW}`]]],
  ["down", "U G", {}, "degraded", [[2, "degraded", `no longer failing for 2 consecutive checks, still degraded: ${SLOW}`]]],
  ["down", "G U", {}, "degraded", [[2, "degraded", "no longer failing for 2 consecutive checks; degraded until 2 consecutive checks succeed"]]],
  ["down", "G U U", {}, "operational", [[2, "degraded", "no longer failing for 2 consecutive checks; degraded until 2 consecutive checks succeed"], [3, "operational", "recovered: 2 consecutive checks succeeded"]]],
  ["down", "G G D D", {}, "down", [[2, "degraded", `no longer failing for 2 consecutive checks, still degraded: ${SLOW}`], [4, "down", `2 consecutive checks failed: ${REFUSED}`]]],
  ["down", "U", { successThreshold: 1 }, "operational", [[1, "operational", "recovered: check succeeded"]]],
  ["down", "G", { successThreshold: 1 }, "degraded", [[1, "degraded", `no longer failing, still degraded: ${SLOW}`]]],
  ["down", "U U", { successThreshold: 3 }, "down", []],
  ["down", "U U U", { successThreshold: 3 }, "operational", [[3, "operational", "recovered: 3 consecutive checks succeeded"]]],
  ["down", "G U U U", { successThreshold: 3 }, "operational", [[3, "degraded", "no longer failing for 3 consecutive checks; degraded until 3 consecutive checks succeed"], [4, "operational", "recovered: 3 consecutive checks succeeded"]]],
];

describe("applyRound", () => {
  it.each(CASES)("%s + [%s] %o → %s", (from, pattern, thresholds, end, expected) => {
    const { state, transitions } = run(settled(from), pattern, { ...DEFAULT_THRESHOLDS, ...thresholds });
    expect(state.status).toBe(end);
    expect(transitions.map((t) => [t.round, t.to, t.reason])).toEqual(expected);
    // Each transition starts where the previous one ended, at its round's time.
    let status = from;
    for (const t of transitions) {
      expect(t.from).toBe(status);
      expect(t.at).toBe(T0 + t.round * STEP_MS);
      status = t.to;
    }
  });

  it("keeps the streaks: down counts down rounds, degraded counts not-up rounds, up counts up rounds", () => {
    let state = initialState(T0);
    const seen: number[][] = [];
    for (const round of rounds("D D G U U G D U")) {
      state = applyRound(state, round).state;
      seen.push([state.downStreak, state.degradedStreak, state.upStreak, state.notDownStreak!]);
    }
    expect(seen).toEqual([
      [1, 1, 0, 0],
      [2, 2, 0, 0],
      [0, 3, 0, 1],
      [0, 0, 1, 2],
      [0, 0, 2, 3],
      [0, 1, 0, 4],
      [1, 2, 0, 0],
      [0, 0, 1, 1],
    ]);
  });

  it("moves since only on a transition, and lastResultAt on every round", () => {
    const start = settled("operational");
    const [first, second] = rounds("D D");
    const one = applyRound(start, first);
    expect(one.transition).toBeUndefined();
    expect(one.state.since).toBe(start.since);
    expect(one.state.lastResultAt).toBe(first.at);
    const two = applyRound(one.state, second);
    expect(two.state.since).toBe(second.at);
    expect(two.state.lastResultAt).toBe(second.at);
  });

  it("does not change the snapshot it is given", () => {
    const start = settled("operational");
    const copy = structuredClone(start);
    applyRound(start, rounds("D")[0], { failureThreshold: 1, successThreshold: 1 });
    expect(start).toEqual(copy);
  });

  it("ignores a round older than the latest one, and counts rounds at the same millisecond", () => {
    const start = settled("operational");
    const late = applyRound(start, { at: T0 - 1, status: "down", message: REFUSED });
    expect(late.state).toBe(start);
    const a = applyRound(start, { at: T0 + 5, status: "down", message: REFUSED });
    const b = applyRound(a.state, { at: T0 + 5, status: "down", message: REFUSED });
    expect(b.transition?.to).toBe("down");
  });

  it("uses the defaults (2 and 2) when no thresholds are given", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ failureThreshold: 2, successThreshold: 2 });
    const [first, second] = rounds("D D");
    expect(applyRound(settled("operational"), first).transition).toBeUndefined();
    expect(applyRound(applyRound(settled("operational"), first).state, second).transition?.to).toBe("down");
  });

  it("says only what it knows when a round has no message", () => {
    const at = T0 + STEP_MS;
    const step = applyRound(settled("operational"), { at, status: "down" }, { failureThreshold: 1, successThreshold: 1 });
    expect(step.transition?.reason).toBe("check failed");
  });

  it.each([0, -1, 1.5, NaN])("rejects threshold %d", (bad) => {
    const round = rounds("U")[0];
    expect(() => applyRound(settled("operational"), round, { failureThreshold: bad, successThreshold: 2 })).toThrow(
      /failureThreshold must be a whole number of checks, at least 1/,
    );
    expect(() => applyRound(settled("operational"), round, { failureThreshold: 2, successThreshold: bad })).toThrow(RangeError);
  });

  // monitor_states has no column for notDownStreak yet: a snapshot loaded from a row lacks it.
  describe("snapshots without notDownStreak", () => {
    function runStored(start: MonitorStateSnapshot, pattern: string, thresholds: Thresholds) {
      let state = start;
      const to: MonitorStatus[] = [];
      for (const round of rounds(pattern)) {
        const { notDownStreak: _dropped, ...stored } = state;
        state = applyRound(stored, round, thresholds).state;
        to.push(state.status);
      }
      return to;
    }

    function runFull(start: MonitorStateSnapshot, pattern: string, thresholds: Thresholds) {
      let state = start;
      return rounds(pattern).map((round) => (state = applyRound(state, round, thresholds).state).status);
    }

    it.each([
      "G U U", "U G U U", "G G", "G G G U", "D U D U", "U G G U U", "G D G G U U",
    ])("behave like full snapshots with successThreshold 2: [%s] from every status", (pattern) => {
      for (const from of ["down", "degraded", "operational", "no_data"] as const) {
        expect(runStored(settled(from), pattern, DEFAULT_THRESHOLDS)).toEqual(runFull(settled(from), pattern, DEFAULT_THRESHOLDS));
      }
    });

    it("with successThreshold 3, stay down through degraded rounds until the up rounds recover it", () => {
      const thresholds = { failureThreshold: 2, successThreshold: 3 };
      expect(runFull(settled("down"), "G G G U U U", thresholds)).toEqual(["down", "down", "degraded", "degraded", "degraded", "operational"]);
      expect(runStored(settled("down"), "G G G U U U", thresholds)).toEqual(["down", "down", "down", "down", "down", "operational"]);
    });
  });
});

describe("applyStaleness", () => {
  const intervalMs = 30_000;

  it.each<[MonitorStatus, number, MonitorStatus, string | undefined]>([
    ["operational", 60_000, "operational", undefined],
    ["operational", 60_001, "no_data", "no result for 61s (interval 30s)"],
    ["operational", 65_000, "no_data", "no result for 65s (interval 30s)"],
    ["degraded", 65_000, "no_data", "no result for 65s (interval 30s)"],
    ["down", 65_000, "no_data", "no result for 65s (interval 30s)"],
    ["down", 7_200_000, "no_data", "no result for 2h (interval 30s)"],
    ["no_data", 65_000, "no_data", undefined],
  ])("%s with the last result %d ms ago → %s", (from, silentMs, to, reason) => {
    const start = settled(from);
    const now = (start.lastResultAt ?? start.since) + silentMs;
    const step = applyStaleness(start, { now, intervalMs });
    expect(step.state.status).toBe(to);
    expect(step.transition?.reason).toBe(reason);
    if (reason) {
      expect(step.transition).toMatchObject({ from, to: "no_data", at: now });
      expect(step.state.since).toBe(now);
      expect(step.state.lastResultAt).toBe(start.lastResultAt);
    } else {
      expect(step.state.since).toBe(start.since);
    }
  });

  it("resets the streaks once stale, so rounds either side of a gap are not consecutive", () => {
    const oneFailure = applyRound(initialState(T0), rounds("D")[0]).state;
    const stale = applyStaleness(oneFailure, { now: oneFailure.lastResultAt! + 3 * intervalMs, intervalMs });
    expect(stale.transition).toBeUndefined();
    expect(stale.state).toMatchObject({ status: "no_data", downStreak: 0, degradedStreak: 0, upStreak: 0, notDownStreak: 0 });
    const afterGap = applyRound(stale.state, { at: oneFailure.lastResultAt! + 4 * intervalMs, status: "down", message: REFUSED });
    expect(afterGap.state.status).toBe("no_data");

    const operational = settled("operational");
    expect(applyStaleness(operational, { now: T0 + 3 * intervalMs, intervalMs }).state).toMatchObject({ upStreak: 0, notDownStreak: 0 });
  });

  it("leaves a fresh monitor without results alone until two intervals have passed since it started", () => {
    const fresh = initialState(T0);
    expect(applyStaleness(fresh, { now: T0 + 10 * intervalMs, intervalMs }).transition).toBeUndefined();
    const neverChecked: MonitorStateSnapshot = { ...fresh, status: "operational" };
    expect(applyStaleness(neverChecked, { now: T0 + 2 * intervalMs, intervalMs }).transition).toBeUndefined();
    expect(applyStaleness(neverChecked, { now: T0 + 65_000, intervalMs }).transition?.reason).toBe(
      "no result yet after 65s (interval 30s)",
    );
  });

  it("recovers from stale with the next good round", () => {
    const stale = applyStaleness(settled("operational"), { now: T0 + 65_000, intervalMs }).state;
    const step = applyRound(stale, { at: T0 + 70_000, status: "up" });
    expect(step.transition).toEqual({
      from: "no_data",
      to: "operational",
      at: T0 + 70_000,
      reason: "check succeeded after a gap without results",
    });
  });

  it("rejects a non-positive interval", () => {
    expect(() => applyStaleness(settled("operational"), { now: T0, intervalMs: 0 })).toThrow(/intervalMs must be positive/);
  });
});
