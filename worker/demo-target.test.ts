import { describe, expect, it } from "vitest";
import { isFlakyWindowBad, slowDelayMs, startDemoTarget } from "./demo-target";

const HOUR = 3_600_000;
const DAY0 = Date.UTC(2026, 11, 3);

/** Runs of consecutive failed checks at `intervalMs` from `phaseMs`, over `hours`. */
function failingRuns(intervalMs: number, phaseMs: number, hours: number) {
  const runs: { at: number; length: number }[] = [];
  let run = 0;
  for (let t = DAY0 + phaseMs; t < DAY0 + hours * HOUR; t += intervalMs) {
    if (isFlakyWindowBad(t)) run++;
    else if (run > 0) {
      runs.push({ at: t, length: run });
      run = 0;
    }
  }
  return runs;
}

describe("the demo target", () => {
  it("fails two checks in a row once an hour (one incident), whatever the interval and phase", () => {
    for (const intervalMs of [10_000, 15_000, 30_000]) {
      for (const phaseMs of [0, 3_000, 7_500, 12_000]) {
        const runs = failingRuns(intervalMs, phaseMs, 24);
        const outages = runs.filter((r) => r.length >= 2);
        expect(outages, `interval ${intervalMs}, phase ${phaseMs}`).toHaveLength(24);
        // Each in its own hour.
        expect(new Set(outages.map((r) => Math.floor((r.at - DAY0) / HOUR))).size).toBe(24);
      }
    }
  });

  it("also blips (a single failed check, no alert) a few times an hour", () => {
    const blips = failingRuns(15_000, 0, 24).filter((r) => r.length === 1);
    expect(blips.length).toBeGreaterThan(24);
    expect(blips.length).toBeLessThan(24 * 15);
  });

  it("is slow past 600 ms only four minutes an hour", () => {
    let slowMinutes = 0;
    for (let t = DAY0; t < DAY0 + HOUR; t += 60_000) if (slowDelayMs(t, 0.99) > 600) slowMinutes++;
    expect(slowMinutes).toBe(4);
    expect(slowDelayMs(DAY0, 0)).toBe(300);
  });

  it("serves the three endpoints on loopback", async () => {
    const target = await startDemoTarget();
    try {
      expect((await fetch(`${target.url}/healthy`)).status).toBe(200);
      expect([200, 503]).toContain((await fetch(`${target.url}/flaky`)).status);
      expect((await fetch(`${target.url}/nope`)).status).toBe(404);
    } finally {
      await target.close();
    }
  });
});
