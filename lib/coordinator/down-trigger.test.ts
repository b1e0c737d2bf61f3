import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { alerts, monitorStates } from "../db/schema";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { listActiveMonitors, type MonitorRow } from "../monitors/store";
import { processResultBatch } from "./fold";
import { applyRound, DEFAULT_DOWN_TRIGGER, downChecksNeeded, downTriggerOf, initialState } from "../status/state";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const INTERVAL_MS = 30_000;

const config = (extra = "") => `
page:
  name: Test
monitors:
  - key: api
    name: API
    type: http
    url: http://127.0.0.1:9/health
    interval: 30s
${extra}`;

describe("time-based down trigger", () => {
  it("needs the share of the window's checks, never fewer than failureThreshold", () => {
    expect(DEFAULT_DOWN_TRIGGER).toEqual({ percent: 50, windowMs: 600_000 });
    expect(downChecksNeeded(DEFAULT_DOWN_TRIGGER, 30_000, 2)).toBe(10);
    expect(downChecksNeeded(DEFAULT_DOWN_TRIGGER, 300_000, 2)).toBe(2);
    expect(downChecksNeeded({ percent: 30, windowMs: 600_000 }, 60_000, 2)).toBe(3);
    expect(downTriggerOf({ url: "x" })).toEqual(DEFAULT_DOWN_TRIGGER);
    expect(downTriggerOf({ downTrigger: { percent: 40 } })).toEqual({ percent: 40, windowMs: 600_000 });
  });

  it("only a failed round fires it, with the count in words", () => {
    const trigger = DEFAULT_DOWN_TRIGGER;
    const s = { ...initialState(T0), status: "operational" as const, lastResultAt: T0 };
    expect(applyRound(s, { at: T0 + 1, status: "up" }, undefined, { downs: 12, needed: 10, trigger }).transition).toBeUndefined();
    expect(applyRound(s, { at: T0 + 1, status: "down", message: "connect ECONNREFUSED" }, undefined, { downs: 9, needed: 10, trigger }).transition).toBeUndefined();
    expect(applyRound(s, { at: T0 + 1, status: "down", message: "connect ECONNREFUSED" }, undefined, { downs: 10, needed: 10, trigger }).transition).toMatchObject({
      to: "down",
      reason: "10 checks failed in the last 10m (down at least 50% of the time): connect ECONNREFUSED",
    });
  });

  it("downPercent and downWindow are checked with words, and stored with the monitor", async () => {
    expect(() => parseConfig(config("    downPercent: 0\n"), {})).toThrow(/downPercent: must be from 1 to 100/);
    expect(() => parseConfig(config("    downWindow: 10s\n"), {})).toThrow(/downWindow: must be at least/);
    const { db, cleanup } = await createTestDb();
    try {
      await applyConfig(db, parseConfig(config("    downPercent: 40\n    downWindow: 5m\n"), {}), T0);
      const [m] = await listActiveMonitors(db);
      expect(downTriggerOf(m.checkConfig)).toEqual({ percent: 40, windowMs: 300_000 });
      expect(m.checkConfig).toMatchObject({ url: "http://127.0.0.1:9/health" });
    } finally {
      cleanup();
    }
  });

  describe("on the coordinator", () => {
    let db: Db;
    let cleanup: () => void;
    let monitor: MonitorRow;
    let regionIds: number[];
    beforeEach(async () => {
      ({ db, cleanup } = await createTestDb());
      await applyConfig(db, parseConfig(config(), {}), T0 - 60_000);
      [monitor] = await listActiveMonitors(db);
      regionIds = [await ensureRegion(db, "a"), await ensureRegion(db, "b"), await ensureRegion(db, "c")];
    });
    afterEach(() => cleanup());

    async function round(at: number, downIn: number[]) {
      await insertResults(
        db,
        regionIds.map((id, i) =>
          toResultRow(monitor.id, id, { status: downIn.includes(i) ? "down" : "up", startedAt: at + i * 100, totalUs: 1000, phases: {}, message: downIn.includes(i) ? "connect ECONNREFUSED" : undefined, assertions: [] }),
        ),
      );
      await processResultBatch(db, new Map([[monitor.id, monitor]]), at + 1_000);
    }

    it("a service bouncing down/up every round in every region opens one alert once half of the last 10 min failed", async () => {
      // Thresholds 2/2: no two failures in a row ever, so the consecutive rule never fires.
      for (let k = 0; k < 40; k++) await round(T0 + k * INTERVAL_MS, k % 2 === 0 ? [0, 1, 2] : []);
      const rows = await db.select().from(alerts);
      expect(rows).toHaveLength(1);
      // The 10th failure in a region (round 18, 9 min in) makes 2 of 3 regions down.
      expect(rows[0].openedAt).toBe(T0 + 18 * INTERVAL_MS + 100);
      expect(rows[0].reason).toMatch(/^2 of 3 regions down/);
      // Bouncing on, it stays down: a good round in between is never two in a row.
      const [state] = await db.select().from(monitorStates);
      expect(state.status).toBe("down");
    });

    it("one region bouncing is a warning, not an alert", async () => {
      for (let k = 0; k < 40; k++) await round(T0 + k * INTERVAL_MS, k % 2 === 0 ? [1] : []);
      expect(await db.select().from(alerts)).toHaveLength(0);
      const [state] = await db.select().from(monitorStates);
      expect(state.status).toBe("operational");
      expect(state.warning).toMatch(/failing below quorum/);
    });
  });
});
