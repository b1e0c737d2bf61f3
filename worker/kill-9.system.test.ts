import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LEASE_DURATION_MS } from "../lib/workers/lease";
import { holdsFor, waitUntil } from "../lib/testing/wait";
import { KillScenario } from "./kill-scenario";

const INTERVAL_S = 3;

/**
 * kill -9 of the worker in the middle of its result batches, twice (bench/faults.ts does it 20
 * times and prints the figures): no committed result is lost, the schedule resumes within an
 * interval of the restart, and the one down monitor has one incident, one alert and one webhook
 * delivery, across two coordinator takeovers.
 */
describe("kill -9 of the worker in the middle of a result batch", () => {
  let scenario: KillScenario;
  let passed = false;

  beforeAll(async () => {
    scenario = await KillScenario.create({ upMonitors: 20, intervalS: INTERVAL_S, timeoutMs: 2_500 });
  });
  afterAll(async () => {
    await scenario.close(passed);
  });

  it("loses no committed result, resumes the schedule, and opens, alerts and sends nothing twice", async () => {
    let worker = await scenario.startWorker();
    await waitUntil("the alert for the down monitor to be delivered", () => scenario.counts(), (c) => c.delivered === 1, 30_000);

    // The first kill hits the acting coordinator; the second, the next process while it waits for the dead one's lease.
    for (let kill = 1; kill <= 2; kill++) {
      const committed = await scenario.killMidBatch();
      worker = await scenario.startWorker();
      expect(await scenario.lost(committed), `kill ${kill}: committed results lost`).toBe(0);
      // Every monitor is checked again within one interval of the new process's first check (a second of slack for a loaded machine).
      expect(await scenario.resumedAfter(worker.readyAt, 30_000), `kill ${kill}: resume`).toBeLessThanOrEqual(INTERVAL_S * 1_000 + 1_000);
    }
    // The last process takes over as coordinator once the lease runs out, and folds what was written meanwhile.
    await scenario.coordinatorActing(worker.pid, LEASE_DURATION_MS + 15_000);
    await holdsFor("one incident, one alert, one message delivered once", () => scenario.counts(), (c) => c.incidents === 1 && c.alerts === 1 && c.queued === 1 && c.delivered === 1, 2_000);
    // The rollups count every result their cursor covers once (its pass runs first thing on a new coordinator).
    const rollups = await scenario.rollups();
    expect(rollups.folded).toBeGreaterThan(0);
    expect(rollups.counted).toBe(rollups.folded);
    expect(await scenario.integrity()).toBe("ok");
    passed = true;
  }, 110_000);
});
