import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { foldRollups, processResultBatch } from "../coordinator/fold";
import { stateTimeDaily, stateTimeHourly } from "../db/schema";
import { chartSeries, monitorDetail, RECENT_CHECKS_PAGE_SIZE, recentChecks } from "./monitors";
import { MAX_CUSTOM_RANGE_DAYS, parseChartRange, presetRange } from "./chart-range";

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
    await foldRollups(db, NOW);

    // Uptime is time per condition: an hour ago 50 min up and 10 min of major outage; two days
    // ago a 60-minute partial outage (30 % by default) and 3 hours of maintenance (left out).
    // (The coordinator's own state time for these results is replaced by the scripted one.)
    await db.delete(stateTimeHourly);
    await db.delete(stateTimeDaily);
    await db.insert(stateTimeHourly).values([
      { monitorId: m.id, bucketStart: NOW - HOUR - 30 * 60_000, upMs: 50 * 60_000, majorMs: 10 * 60_000 },
      { monitorId: m.id, bucketStart: NOW - 2 * 24 * HOUR - 30 * 60_000, partialMs: HOUR, maintenanceMs: 3 * HOUR },
    ]);
    const detail = await monitorDetail(db, "api", {}, NOW);
    const overview = detail!;
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

    // The last day comes from raw results in 15-minute buckets; the week from hourly rollups.
    expect(detail!.chart.range).toMatchObject({ source: "raw", bucketMs: 15 * 60_000 });
    expect(detail!.chart.all).toHaveLength(96);
    const busy = detail!.chart.all.filter((p) => p.total > 0);
    expect(busy.reduce((n, p) => n + p.total, 0)).toBe(100);
    expect(busy.reduce((n, p) => n + p.down, 0)).toBe(5);
    const week = await chartSeries(db, m.id, presetRange("7d", NOW));
    expect(week.range).toMatchObject({ source: "hourly", bucketMs: HOUR });
    expect(week.all.filter((p) => p.total > 0).map((p) => p.total)).toEqual([10, 100]);
    const hour = week.all.find((p) => p.total === 100)!;
    expect(hour.p50Ms).toBeGreaterThan(48 / 1.1);
    expect(hour.p50Ms).toBeLessThan(48 * 1.1);
    expect(week.phases).toHaveLength(1);
    expect(week.phases[0].at).toBe(NOW - HOUR - 30 * 60_000);
    expect(week.phases[0].connectMs).toBeCloseTo(0.2);
    expect(week.phases[0].firstByteMs).toBeCloseTo(0.8 * 48, 0);
    // One region: no per-region series (they would repeat "all").
    expect(week.regions).toEqual([]);

    expect(detail!.checks.checks).toHaveLength(RECENT_CHECKS_PAGE_SIZE);
    expect(detail!.checks.checks[0].startedAt).toBe(NOW - HOUR + 100_000);
    expect(await monitorDetail(db, "nope", {}, NOW)).toBeNull();
  });

  it("pages through recent checks newest first, filters failures, and carries assertions and the failed response", async () => {
    const m = await makeMonitor(db, { key: "web" });
    const east = await ensureRegion(db, "us-east");
    const west = await ensureRegion(db, "eu-west");
    const failed = [
      { name: "status", ok: false, expected: "200-299", actual: "503", severity: "down" as const },
      { name: "bodyContains", ok: true, expected: 'contains "ok"', actual: "found", severity: "down" as const },
    ];
    const rows = [];
    for (let i = 0; i < 60; i++) {
      const down = i % 10 === 0;
      rows.push(
        toResultRow(m.id, i % 2 ? east : west, {
          status: down ? "down" : "up",
          startedAt: NOW - (60 - i) * 30_000,
          totalUs: 20_000 + i * 100,
          phases: {},
          statusCode: down ? 503 : 200,
          errorClass: down ? "assertion" : undefined,
          message: down ? "status 503, expected 200-299" : undefined,
          assertions: down ? failed : [],
          response: { headers: "content-type: text/html\nretry-after: 30", body: "<b>maintenance</b>" },
        }),
      );
    }
    await insertResults(db, rows);
    const first = await recentChecks(db, m.id);
    expect(first.checks.map((c) => c.startedAt)).toEqual(Array.from({ length: 25 }, (_, i) => NOW - (1 + i) * 30_000));
    expect(first.older).not.toBeNull();
    const second = await recentChecks(db, m.id, { before: first.older });
    expect(second.checks[0].startedAt).toBe(NOW - 26 * 30_000);
    const third = await recentChecks(db, m.id, { before: second.older });
    expect(third.checks).toHaveLength(10);
    expect(third.older).toBeNull();
    expect((await recentChecks(db, m.id, { before: "'; DROP TABLE x; --" })).checks[0].startedAt).toBe(NOW - 30_000);

    const failures = await recentChecks(db, m.id, { failedOnly: true });
    expect(failures.checks).toHaveLength(6);
    const f = failures.checks[0];
    expect(f).toMatchObject({ status: "down", statusCode: 503, errorClass: "assertion", region: "eu-west", responseHeaders: "content-type: text/html\nretry-after: 30", responseBody: "<b>maintenance</b>" });
    expect(f.assertions).toEqual(failed);
    // A check that passed keeps neither assertions nor the response.
    const up = first.checks.find((c) => c.status === "up")!;
    expect([up.assertions, up.responseHeaders, up.responseBody]).toEqual([null, null, null]);

    // Two regions: a series for each beside the merged one.
    const chart = await chartSeries(db, m.id, presetRange("1h", NOW));
    expect(chart.range).toMatchObject({ source: "raw", bucketMs: 60_000 });
    expect(chart.regions.map((r) => r.region)).toEqual(["eu-west", "us-east"]);
    expect(chart.all.reduce((n, p) => n + p.total, 0)).toBe(60);
  });

  it("reads a custom range within bounds: at most 400 days, not in the future, from before to", () => {
    const ok = parseChartRange({ range: "custom", from: "2026-11-20T10:00", to: "2026-11-21T10:00" }, NOW);
    expect(ok.error).toBeNull();
    expect(ok.range).toMatchObject({ preset: "custom", from: Date.UTC(2026, 10, 20, 10), to: Date.UTC(2026, 10, 21, 10), source: "raw" });
    expect(parseChartRange({ range: "custom", from: "2026-11-10", to: "2026-11-14" }, NOW).range).toMatchObject({ source: "hourly" });
    expect(parseChartRange({ range: "custom", from: "2025-12-01", to: "2026-11-01" }, NOW).range).toMatchObject({ source: "daily" });
    expect(parseChartRange({ range: "custom", from: "2025-01-01", to: "2026-11-01" }, NOW).error).toBe(`A range is at most ${MAX_CUSTOM_RANGE_DAYS} days long.`);
    expect(parseChartRange({ range: "custom", from: "2026-11-26T10:00", to: "2026-11-27T10:00" }, NOW).error).toMatch(/^To is in the future/);
    expect(parseChartRange({ range: "custom", from: "2026-11-21", to: "2026-11-20" }, NOW).error).toBe("From must be before To.");
    expect(parseChartRange({ range: "custom", from: "2026-02-31", to: "2026-03-02" }, NOW).error).toMatch(/^Give both From and To/);
    const bad = parseChartRange({ range: "custom", from: "x".repeat(5000), to: "" }, NOW);
    expect(bad.fromText).toHaveLength(40);
    expect(bad.range).toMatchObject({ preset: "24h" });
    expect(parseChartRange({ range: "90d" }, NOW).range).toMatchObject({ preset: "90d", source: "daily" });
    expect(parseChartRange({ range: "bogus" }, NOW).range.preset).toBe("24h");
  });
});
