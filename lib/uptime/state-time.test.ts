import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { monitorStates, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { accrueStateTime, processResultBatch } from "../coordinator/fold";
import type { MonitorRow } from "../monitors/store";
import {
  conditionOf,
  DEFAULT_UPTIME_FORMULA,
  EMPTY_STATE_TIME,
  MAX_ACCRUAL_SPAN_MS,
  splitIntoBuckets,
  stateTimeDaySeries,
  StateTimeWrites,
  sumStateTime,
  uptimeFromStateTime,
  worstCondition,
} from "./state-time";
import { HOUR_MS, hourStartUtc } from "./uptime";

const MIN = 60_000;

describe("the uptime formula (Statuspage's)", () => {
  it("counts major outage fully, partial outage at 30 %, degraded not at all, and leaves maintenance and no data out", () => {
    const t = { ...EMPTY_STATE_TIME, upMs: 900 * MIN, majorMs: 10 * MIN, partialMs: 50 * MIN, degradedMs: 40 * MIN, maintenanceMs: 300 * MIN, noDataMs: 999 * MIN };
    // counted = 900 + 10 + 50 + 40 = 1000 min; down = 10 + 0.3·50 = 25 min
    expect(uptimeFromStateTime(t)).toBeCloseTo(0.975, 10);
    expect(uptimeFromStateTime(t, { partialOutageWeight: 1, degradedWeight: 0.5 })).toBeCloseTo(1 - (10 + 50 + 20) / 1000, 10);
    expect(DEFAULT_UPTIME_FORMULA).toEqual({ partialOutageWeight: 0.3, degradedWeight: 0 });
  });

  it("has no uptime without counted time: only maintenance or no data is null, never 100 %", () => {
    expect(uptimeFromStateTime(EMPTY_STATE_TIME)).toBeNull();
    expect(uptimeFromStateTime({ ...EMPTY_STATE_TIME, maintenanceMs: HOUR_MS, noDataMs: HOUR_MS })).toBeNull();
  });

  it("colours by the worst condition with any time", () => {
    expect(worstCondition({ ...EMPTY_STATE_TIME, upMs: 10, partialMs: 1 })).toBe("partial");
    expect(worstCondition({ ...EMPTY_STATE_TIME, upMs: 10, majorMs: 1, partialMs: 5 })).toBe("major");
    expect(worstCondition({ ...EMPTY_STATE_TIME, maintenanceMs: 5 })).toBe("maintenance");
    expect(worstCondition({ ...EMPTY_STATE_TIME, noDataMs: 5 })).toBe("no_data");
  });

  it("derives the condition from the quorum state: down in some live regions is partial, in all is major", () => {
    expect(conditionOf("down", { downRegions: 2, liveRegions: 3, maintenance: false })).toBe("partial");
    expect(conditionOf("down", { downRegions: 3, liveRegions: 3, maintenance: false })).toBe("major");
    expect(conditionOf("down", { downRegions: 3, liveRegions: 3, maintenance: true })).toBe("maintenance");
    expect(conditionOf("no_data", { downRegions: 0, liveRegions: 0, maintenance: false })).toBe("no_data");
  });

  it("splits spans at hour boundaries and carves maintenance out", () => {
    const h = Date.UTC(2026, 0, 1, 10);
    expect(splitIntoBuckets(h - 10 * MIN, h + 70 * MIN, hourStartUtc, HOUR_MS)).toEqual([
      [h - HOUR_MS, 10 * MIN],
      [h, 60 * MIN],
      [h + HOUR_MS, 10 * MIN],
    ]);
    const w = new StateTimeWrites(h + 2 * HOUR_MS);
    w.addAround(1, "major", h, h + 60 * MIN, [[h + 10 * MIN, h + 40 * MIN]]);
    const [hourly] = w.statements() as { sql: string; args: unknown[] }[];
    const rows = JSON.parse(String(hourly.args![0])) as number[][];
    expect(rows).toEqual([[1, h, 0, 0, 0, 30 * MIN, 30 * MIN, 0, 0]]);
  });
});

describe("StateTimeWrites bounds", () => {
  it("counts nothing past now and nothing older than MAX_ACCRUAL_SPAN_MS, whatever the span says", () => {
    const now = Date.UTC(2026, 0, 1, 10, 30);
    const w = new StateTimeWrites(now);
    w.add(1, "up", now - 10 * MIN, now + 365 * 86_400_000);
    w.add(3, "major", 0, now);
    w.add(4, "up", Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER);
    const [hourly] = w.statements() as { sql: string; args: unknown[] }[];
    const rows = JSON.parse(String(hourly.args![0])) as number[][];
    const of = (id: number) => rows.filter((r) => r[0] === id);
    expect(of(1)).toEqual([[1, now - 30 * MIN, 10 * MIN, 0, 0, 0, 0, 0, 0]]);
    expect(of(3).reduce((ms, r) => ms + r[5], 0)).toBe(MAX_ACCRUAL_SPAN_MS);
    expect(of(3).length).toBeLessThanOrEqual(MAX_ACCRUAL_SPAN_MS / HOUR_MS + 1);
    expect(of(4)).toEqual([]);
  });
});

describe("stateTimeDaySeries", () => {
  const day = (d: number, h = 0) => Date.UTC(2024, 2, d, h);
  const HOUR = HOUR_MS;

  it("sums rows per UTC day, oldest first, colours each day by its worst condition, and fills days without rows with no data", () => {
    const rows = [
      { bucketStart: day(26), majorMs: 24 * HOUR }, // before the range
      { bucketStart: day(27), upMs: 23 * HOUR, partialMs: HOUR }, // monitor 1
      { bucketStart: day(27), upMs: 24 * HOUR }, // monitor 2
      { bucketStart: day(29), upMs: 20 * HOUR, degradedMs: 4 * HOUR },
      { bucketStart: day(30), maintenanceMs: 2 * HOUR, noDataMs: 22 * HOUR },
      { bucketStart: day(31, 13), upMs: HOUR }, // an hourly row
      { bucketStart: day(31, 14), upMs: HOUR },
      { bucketStart: Date.UTC(2024, 3, 1), majorMs: HOUR }, // after the range
    ];
    const series = stateTimeDaySeries(rows, { endDayStart: day(31), days: 5 });
    expect(series.map((d) => [d.dayStart, d.worst, d.ratio])).toEqual([
      [day(27), "partial", 1 - (0.3 * HOUR) / (48 * HOUR)],
      [day(28), "no_data", null],
      [day(29), "degraded", 1],
      [day(30), "maintenance", null],
      [day(31), "up", 1],
    ]);
    expect(series[4].time.upMs).toBe(2 * HOUR);
  });

  it("gives 90 days of no data without rows, and rejects a start that is not a UTC midnight", () => {
    const bars = stateTimeDaySeries([], { endDayStart: day(31), days: 90 });
    expect(bars).toHaveLength(90);
    expect(bars[0].dayStart).toBe(day(31) - 89 * 86_400_000);
    expect(bars.every((b) => b.worst === "no_data" && b.ratio === null)).toBe(true);
    expect(() => stateTimeDaySeries([], { endDayStart: day(31, 5), days: 90 })).toThrow("endDayStart must be a UTC midnight, got 2024-03-31T05:00:00.000Z");
    expect(() => stateTimeDaySeries([], { endDayStart: day(31), days: 0 })).toThrow(/days must be a positive integer/);
  });
});

describe("state time from the coordinator", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let byId: Map<number, MonitorRow>;
  let regions: Record<string, number>;
  const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);

  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    const component = await makeComponent(db);
    monitor = await makeMonitor(db, { componentId: component.id, createdAt: T0 - MIN });
    byId = new Map([[monitor.id, monitor]]);
    regions = {};
    for (const r of ["a", "b", "c"]) regions[r] = await ensureRegion(db, r);
  });
  afterEach(() => cleanup());

  async function round(at: number, down: string[]) {
    await insertResults(
      db,
      Object.entries(regions).map(([name, id]) =>
        toResultRow(monitor.id, id, { status: down.includes(name) ? "down" : "up", startedAt: at, totalUs: 1000, phases: {}, message: down.includes(name) ? "connect ECONNREFUSED" : undefined, assertions: [] }),
      ),
    );
    await processResultBatch(db, byId, at + 500);
  }

  it("counts time exactly at transitions: up, partial (2 of 3 down), major (3 of 3), up again, across an hour boundary", async () => {
    // 30 s rounds from 10:00. Down needs 2 failing rounds per region.
    let i = 0;
    const at = () => T0 + i++ * 30_000;
    for (let k = 0; k < 4; k++) await round(at(), []); // operational from 10:00:00
    for (let k = 0; k < 4; k++) await round(at(), ["a", "b"]); // down (2 of 3) from the 2nd failing round: 10:02:30
    for (let k = 0; k < 4; k++) await round(at(), ["a", "b", "c"]); // c down from its 2nd failure: 10:04:30 → major
    for (let k = 0; k < 4; k++) await round(at(), []); // recovery after 2 good rounds: 10:06:30
    const end = T0 + 2 * HOUR_MS;
    await accrueStateTime(db, [monitor], end);

    const hourly = await db.select().from(stateTimeHourly).where(eq(stateTimeHourly.monitorId, monitor.id));
    const total = sumStateTime(hourly);
    expect(total.partialMs).toBe(2 * MIN);
    expect(total.majorMs).toBe(2 * MIN);
    expect(total.upMs).toBe(end - T0 - 4 * MIN);
    expect(hourly.map((r) => r.bucketStart).sort()).toEqual([T0, T0 + HOUR_MS]);
    const daily = sumStateTime(await db.select().from(stateTimeDaily).where(eq(stateTimeDaily.monitorId, monitor.id)));
    expect(daily).toEqual(total);
    // 2 h counted: down = 2 min + 0.3 · 2 min = 2.6 min.
    expect(uptimeFromStateTime(total)).toBeCloseTo(1 - 2.6 / 120, 10);

    // Accruing again at the same instant adds nothing: each span is counted once.
    await accrueStateTime(db, [monitor], end);
    expect(sumStateTime(await db.select().from(stateTimeHourly))).toEqual(total);
    const [state] = await db.select().from(monitorStates);
    expect(state.accruedUntil).toBe(end);
    expect(state.condition).toBe("up");
  });
});
