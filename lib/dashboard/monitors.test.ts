import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { processResultBatch } from "../coordinator/fold";
import { stateTimeDaily, stateTimeHourly } from "../db/schema";
import { listMonitorOverviews, monitorDetail, phaseSeries } from "./monitors";

const NOW = Date.UTC(2026, 10, 26, 12, 30, 0);
const HOUR = 3_600_000;

describe("dashboard data", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("computes uptime and percentiles per window from rollups, and phase means per hour", async () => {
    const m = await makeMonitor(db, { key: "api" });
    const region = await ensureRegion(db, "local");
    const rows = [];
    // 100 checks an hour ago (latency 1..100 ms, 5 of them down), and 10 checks two days ago, all down.
    for (let i = 1; i <= 100; i++) {
      const down = i > 95;
      rows.push(
        toResultRow(m.id, region, {
          status: down ? "down" : "up",
          startedAt: NOW - HOUR + i * 1000,
          totalUs: i * 1000,
          phases: { connectUs: 200, firstByteUs: i * 800 },
          assertions: [],
        }),
      );
    }
    for (let i = 0; i < 10; i++) rows.push(toResultRow(m.id, region, { status: "down", startedAt: NOW - 2 * 24 * HOUR + i, totalUs: 5_000_000, phases: {}, assertions: [] }));
    await insertResults(db, rows);
    await processResultBatch(db, new Map([[m.id, m]]), NOW);

    // Uptime is time per condition: an hour ago 50 min up and 10 min of major outage; two days
    // ago a 60-minute partial outage (30 % by default) and 3 hours of maintenance (left out).
    // (The coordinator's own state time for these results is replaced by the scripted one.)
    await db.delete(stateTimeHourly);
    await db.delete(stateTimeDaily);
    await db.insert(stateTimeHourly).values([
      { monitorId: m.id, bucketStart: NOW - HOUR - 30 * 60_000, upMs: 50 * 60_000, majorMs: 10 * 60_000 },
      { monitorId: m.id, bucketStart: NOW - 2 * 24 * HOUR - 30 * 60_000, partialMs: HOUR, maintenanceMs: 3 * HOUR },
    ]);
    const [overview] = await listMonitorOverviews(db, NOW);
    expect(overview.windows["24h"].total).toBe(100);
    expect(overview.windows["24h"].checkRatio).toBeCloseTo(0.95);
    expect(overview.windows["24h"].ratio).toBeCloseTo(50 / 60);
    expect(overview.windows["24h"].downtimeMs).toBe(10 * 60_000);
    expect(overview.windows["7d"].total).toBe(110);
    expect(overview.windows["7d"].checkRatio).toBeCloseTo(95 / 110);
    expect(overview.windows["7d"].ratio).toBeCloseTo(1 - (10 + 0.3 * 60) / 120);
    // No daily state time was written: no uptime, never 100 %.
    expect(overview.windows["30d"].ratio).toBeNull();
    // p50 of 1..95 ms is 48 ms; the histogram answers within one bucket (~9%).
    expect(overview.windows["24h"].p50Ms).toBeGreaterThan(48 / 1.1);
    expect(overview.windows["24h"].p50Ms).toBeLessThan(48 * 1.1);
    expect(overview.windows["90d"].p99Ms).toBeGreaterThan(94 / 1.1);

    const phases = await phaseSeries(db, m.id, NOW);
    expect(phases).toHaveLength(1);
    expect(phases[0].at).toBe(NOW - HOUR - 30 * 60_000);
    expect(phases[0].connectMs).toBeCloseTo(0.2);
    expect(phases[0].firstByteMs).toBeCloseTo((0.8 * 48), 0);

    const detail = await monitorDetail(db, "api", NOW);
    expect(detail?.failures).toHaveLength(10);
    expect(detail?.failures[0].startedAt).toBe(NOW - HOUR + 100_000);
    expect(await monitorDetail(db, "nope", NOW)).toBeNull();
  });
});
