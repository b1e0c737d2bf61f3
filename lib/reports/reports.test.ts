import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { incidents, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { createIncident, scheduleMaintenance } from "../incidents/manage";
import { SYSTEM_ACTOR } from "../audit/log";
import { ensureRegion } from "../regions/store";
import { insertResults } from "../results/store";
import { rollupStatements } from "../uptime/rollup";
import { DAY_MS, HOUR_MS } from "../uptime/uptime";
import { csvCell, toCsv } from "./csv";
import { CHECK_COLUMNS, checksOf, UPTIME_COLUMNS, uptimeByDay } from "./exports";
import { lastFullMonth, reportPeriod, targetPct } from "./period";
import { slaReport } from "./sla";

const NOW = Date.UTC(2026, 11, 7, 12); // 7 December 2026: the last full month is November
const NOV = Date.UTC(2026, 10, 1);
const day = (n: number) => NOV + (n - 1) * DAY_MS; // day(10) = 10 November

describe("report periods", () => {
  it("defaults to the last full month, takes a month or a range of whole days, and refuses what it cannot answer", () => {
    expect(lastFullMonth(Date.UTC(2026, 0, 15))).toBe("2025-12");
    expect(reportPeriod({}, NOW)).toEqual({ from: NOV, to: Date.UTC(2026, 11, 1), month: "2026-11", firstDay: "2026-11-01", lastDay: "2026-11-30" });
    expect(reportPeriod({ month: "2024-02" }, NOW)).toMatchObject({ firstDay: "2024-02-01", lastDay: "2024-02-29" });
    expect(reportPeriod({ from: "2026-11-03", to: "2026-11-03" }, NOW)).toMatchObject({ from: day(3), to: day(4), month: null });
    const problem = (input: Parameters<typeof reportPeriod>[0]) => {
      try {
        reportPeriod(input, NOW);
      } catch (e) {
        return (e as { fieldErrors?: Record<string, string[]> }).fieldErrors;
      }
      return undefined;
    };
    expect(problem({ from: "2025-01-01", to: "2026-02-05" })!.from[0]).toMatch(/at most 400 days \(this range has 401\)/);
    expect(problem({ from: "2026-11-05", to: "2026-11-04" })).toHaveProperty("to");
    expect(problem({ from: "2026-02-30", to: "2026-03-01" })).toHaveProperty("from");
    expect(problem({ from: "2026-11-01" })).toHaveProperty("to");
    expect(problem({ month: "2026-13" })).toHaveProperty("month");
    expect(problem({ month: "2027-01" })!.month[0]).toMatch(/not started/);
    expect(problem({ month: "2026-11", from: "2026-11-01", to: "2026-11-02" })).toHaveProperty("month");
    expect(targetPct(undefined)).toBe(99.9);
    expect(targetPct("99.95")).toBe(99.95);
    expect(() => targetPct("101")).toThrow(/at most 100/);
    expect(() => targetPct("=1+1")).toThrow();
  });
});

describe("CSV", () => {
  it("quotes what needs quoting and defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(["+1", "-cmd", "@SUM(A1)", "\tx"].map(csvCell)).toEqual(["'+1", "'-cmd", "'@SUM(A1)", "'\tx"]);
    expect([-5, 0.5, null, undefined, "a,b", "line\nbreak", "plain"].map(csvCell)).toEqual(["-5", "0.5", "", "", '"a,b"', '"line\nbreak"', "plain"]);
    expect(toCsv(["a", "b"], [{ a: 1, b: "x" }])).toBe("a,b\r\n1,x\r\n");
  });
});

describe("SLA report and exports", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  /** November: api-health down an hour on the 10th; api-db in maintenance 4 h on the 11th and paused 12 h on the 12th; cron without data. */
  async function seed() {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const a = await makeMonitor(db, { key: "api-health", name: "API health", componentId: api.id });
    const b = await makeMonitor(db, { key: "api-db", name: "API database", componentId: api.id });
    await makeMonitor(db, { key: "cron", name: "=cmd|' /C calc'!A0" });
    const rows = [];
    for (let n = 1; n <= 30; n++) {
      rows.push({ monitorId: a.id, bucketStart: day(n), upMs: n === 10 ? 23 * HOUR_MS : 24 * HOUR_MS, majorMs: n === 10 ? HOUR_MS : 0 });
      rows.push({ monitorId: b.id, bucketStart: day(n), upMs: n === 11 ? 20 * HOUR_MS : n === 12 ? 12 * HOUR_MS : 24 * HOUR_MS, maintenanceMs: n === 11 ? 4 * HOUR_MS : 0, pausedMs: n === 12 ? 12 * HOUR_MS : 0 });
    }
    // 31 October: a whole day down, outside the month.
    rows.push({ monitorId: a.id, bucketStart: NOV - DAY_MS, majorMs: 24 * HOUR_MS });
    await db.insert(stateTimeDaily).values(rows);
    // The 10th hour by hour too (the coordinator accrues both), down from 05:00 to 06:00.
    await db.insert(stateTimeHourly).values(Array.from({ length: 24 }, (_, h) => ({ monitorId: a.id, bucketStart: day(10) + h * HOUR_MS, upMs: h === 5 ? 0 : HOUR_MS, majorMs: h === 5 ? HOUR_MS : 0 })));

    // Results through the real store and rollups: 100 checks of api-health on the 10th, 1..100 ms, the last 5 down.
    const region = await ensureRegion(db, "eu-west");
    const results = Array.from({ length: 100 }, (_, i) => ({ monitorId: a.id, regionId: region, startedAt: day(10) + i * 60_000, status: i >= 95 ? 2 : 0, totalUs: (i + 1) * 1000, message: i === 99 ? "=2+5 injected" : null }));
    await insertResults(db, results);
    await db.$client.batch(await rollupStatements(db, results, NOW), "write");

    // Incidents: api-health's own on the 10th; one naming the API from 31 October to 2 November; one in December; maintenance.
    const base = { kind: "incident" as const, status: "resolved" as const, impact: "major" as const, createdAt: NOW, updatedAt: NOW };
    await db.insert(incidents).values({ ...base, title: "API health is down", source: "auto", monitorId: a.id, startedAt: day(10), resolvedAt: day(10) + HOUR_MS });
    const named = await createIncident(db, SYSTEM_ACTOR, { title: "Slow API", status: "investigating", impact: "minor", body: "x", componentImpacts: [{ componentId: api.id, impact: "degraded_performance" }] }, NOV - HOUR_MS);
    await db.$client.execute({ sql: "UPDATE incidents SET resolved_at = ? WHERE id = ?", args: [day(2), named] });
    await createIncident(db, SYSTEM_ACTOR, { title: "Later", status: "investigating", impact: "minor", body: "x", componentImpacts: [{ componentId: api.id, impact: "degraded_performance" }] }, Date.UTC(2026, 11, 2));
    await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "DB upgrade", body: "x", componentIds: [api.id], scheduledFor: day(11), scheduledUntil: day(11) + 4 * HOUR_MS, published: true }, day(1));
    return { a, b };
  }

  it("gives each monitor and component the month's uptime (maintenance and paused time left out), downtime, incidents, p95 and the target's verdict", async () => {
    await seed();
    const r = await slaReport(db, reportPeriod({}, NOW), 99.9, NOW);
    expect(r.bucket).toBe("daily");
    const health = r.monitors.find((m) => m.key === "api-health")!;
    expect(health).toMatchObject({ component: "API", downtimeMs: HOUR_MS, incidents: 1, checks: 100, met: false });
    expect(health.uptime).toBeCloseTo(1 - 1 / 720, 10);
    expect(health.p95Ms).toBeGreaterThanOrEqual(85); // a log-scale histogram bucket
    expect(health.p95Ms).toBeLessThanOrEqual(100);
    expect(r.monitors.find((m) => m.key === "api-db")).toMatchObject({ uptime: 1, downtimeMs: 0, incidents: 0, checks: 0, p95Ms: null, met: true });
    expect(r.monitors.find((m) => m.key === "cron")).toMatchObject({ uptime: null, met: null, incidents: 0 });
    const api = r.components.find((c) => c.key === "api")!;
    expect(api).toMatchObject({ monitors: 2, downtimeMs: HOUR_MS, incidents: 2, met: true });
    // Counted time: 720 h of api-health and 720 − 4 − 12 h of api-db.
    expect(api.uptime).toBeCloseTo(1 - 1 / (720 + 704), 10);

    // A lower target is met; a custom range of the 10th alone is summed from the hourly rollups.
    expect((await slaReport(db, reportPeriod({}, NOW), 99.8, NOW)).monitors.find((m) => m.key === "api-health")!.met).toBe(true);
    const tenth = await slaReport(db, reportPeriod({ from: "2026-11-10", to: "2026-11-10" }, NOW), 99.9, NOW);
    expect(tenth.bucket).toBe("hourly");
    expect(tenth.monitors.find((m) => m.key === "api-health")).toMatchObject({ downtimeMs: HOUR_MS, incidents: 1, checks: 100 });
    expect(tenth.monitors.find((m) => m.key === "api-health")!.uptime).toBeCloseTo(23 / 24, 10);
  });

  it("exports uptime per monitor per day and one monitor's checks, formula-safe as CSV, bounded in rows", async () => {
    await seed();
    const period = reportPeriod({}, NOW);
    const days = await uptimeByDay(db, period);
    expect(days).toHaveLength(30 * 3);
    expect(days.find((d) => d.day === "2026-11-10" && d.monitor === "api-health")).toEqual({ day: "2026-11-10", monitor: "api-health", name: "API health", uptime_percent: 95.8333, downtime_s: 3600, checks: 100, failed_checks: 5, p95_ms: expect.any(Number) });
    expect(days.find((d) => d.day === "2026-11-11" && d.monitor === "api-db")).toMatchObject({ uptime_percent: 100, downtime_s: 0, checks: 0, p95_ms: null });
    expect(days.find((d) => d.day === "2026-11-11" && d.monitor === "cron")).toMatchObject({ uptime_percent: null, downtime_s: null });
    const csv = toCsv(UPTIME_COLUMNS, days);
    expect(csv.split("\r\n")[0]).toBe("day,monitor,name,uptime_percent,downtime_s,checks,failed_checks,p95_ms");
    expect(csv).toContain(`2026-11-01,cron,'=cmd|' /C calc'!A0,,,0,0,\r\n`);

    const checks = await checksOf(db, "api-health", period);
    expect(checks.rows).toHaveLength(100);
    expect(checks.rows[0]).toEqual({ started_at: "2026-11-10T00:00:00.000Z", region: "eu-west", status: "up", status_code: null, error_class: null, message: null, total_ms: 1, dns_ms: null, connect_ms: null, tls_ms: null, first_byte_ms: null, transfer_ms: null });
    expect(toCsv(CHECK_COLUMNS, checks.rows)).toContain(",down,,,'=2+5 injected,100,");
    expect((await checksOf(db, "api-health", reportPeriod({ from: "2026-11-11", to: "2026-11-30" }, NOW))).rows).toEqual([]);
    await expect(checksOf(db, "api-health", period, 99)).rejects.toThrow(/more than 99 check results in that period; one file holds at most 99: choose a shorter range/);
    await expect(checksOf(db, "nope", period)).rejects.toMatchObject({ code: "not_found" });
    await expect(uptimeByDay(db, reportPeriod({ from: "2025-11-10", to: "2026-12-07" }, NOW))).resolves.toHaveLength(393 * 3);
  });
});
