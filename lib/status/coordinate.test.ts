import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { monitorStates, monitorTransitions, rollupsDaily, rollupsHourly } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { LatencyHistogram } from "../uptime/histogram";
import type { CheckResult } from "../checks/types";
import { markStale, processResultBatch, readCursor, RESULTS_CURSOR } from "./coordinate";
import type { MonitorRow } from "../monitors/store";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);

function result(at: number, status: CheckResult["status"], totalMs = 50, message?: string): CheckResult {
  return {
    status,
    startedAt: at,
    totalUs: totalMs * 1000,
    phases: { connectUs: 100, firstByteUs: totalMs * 900 },
    statusCode: status === "down" ? 503 : 200,
    errorClass: status === "down" ? "assertion" : undefined,
    message: message ?? (status === "down" ? "status 503, expected 200-299" : undefined),
    assertions: [],
  };
}

describe("coordinator", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let regionId: number;
  let byId: Map<number, MonitorRow>;

  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    const component = await makeComponent(db);
    monitor = await makeMonitor(db, { componentId: component.id, createdAt: T0 - 60_000 });
    regionId = await ensureRegion(db, "local");
    byId = new Map([[monitor.id, monitor]]);
  });
  afterEach(() => cleanup());

  async function feed(results: CheckResult[]) {
    await insertResults(db, results.map((r) => toResultRow(monitor.id, regionId, r)));
    return processResultBatch(db, byId, results[results.length - 1].startedAt + 1_000);
  }
  const state = async () => (await db.select().from(monitorStates).where(eq(monitorStates.monitorId, monitor.id)))[0];

  it("goes operational, then down after two failures with the reason in words, then recovers after two successes", async () => {
    let out = await feed([result(T0, "up")]);
    expect(out.transitions.map((t) => t.transition.to)).toEqual(["operational"]);

    out = await feed([result(T0 + 30_000, "down")]);
    expect(out.transitions).toEqual([]);
    expect((await state()).status).toBe("operational");

    out = await feed([result(T0 + 60_000, "down")]);
    expect(out.transitions.map((t) => t.transition.to)).toEqual(["down"]);
    expect(out.transitions[0].transition.reason).toContain("status 503, expected 200-299");
    expect((await state()).status).toBe("down");

    await feed([result(T0 + 90_000, "up")]);
    expect((await state()).status).toBe("down");
    out = await feed([result(T0 + 120_000, "up")]);
    expect(out.transitions.map((t) => t.transition.to)).toEqual(["operational"]);

    const stored = await db.select().from(monitorTransitions).where(eq(monitorTransitions.monitorId, monitor.id));
    expect(stored.map((t) => `${t.fromStatus}->${t.toStatus}`)).toEqual(["no_data->operational", "operational->down", "down->operational"]);
  });

  it("folds results into hourly and daily rollups exactly once, with latency only from answered checks", async () => {
    const results = [result(T0, "up", 40), result(T0 + 30_000, "up", 60), result(T0 + 60_000, "degraded", 900), result(T0 + 90_000, "down", 10_000)];
    await feed(results);
    // Nothing new: a second pass must not count anything again.
    const again = await processResultBatch(db, byId, T0 + 200_000);
    expect(again.processed).toBe(0);

    const [hour] = await db.select().from(rollupsHourly);
    expect(hour).toMatchObject({ bucketStart: T0, total: 4, down: 1, degraded: 1, latencySumUs: 1_000_000 });
    // Phase sums over the three answered checks (connect 100 µs each, first byte 0.9 × total).
    expect(hour).toMatchObject({ connectSumUs: 300, firstByteSumUs: 900_000, dnsSumUs: 0 });
    const [day] = await db.select().from(rollupsDaily);
    expect(day).toMatchObject({ bucketStart: Date.UTC(2026, 10, 26), total: 4, down: 1, degraded: 1 });
    const h = LatencyHistogram.decode(hour.histogram);
    expect(h.total).toBe(3);
    expect(await readCursor(db, RESULTS_CURSOR)).toBeGreaterThan(0);

    // Later results in the same hour merge into the same rows.
    await feed([result(T0 + 120_000, "up", 50)]);
    const [hour2] = await db.select().from(rollupsHourly);
    expect(hour2.total).toBe(5);
    expect(LatencyHistogram.decode(hour2.histogram).total).toBe(4);
  });

  it("marks a monitor without fresh results as no data (never green without data)", async () => {
    await feed([result(T0, "up")]);
    expect((await state()).status).toBe("operational");
    // 60 s later (two 30 s intervals) it is still fresh enough.
    expect(await markStale(db, [monitor], T0 + 60_000)).toEqual([]);
    const stale = await markStale(db, [monitor], T0 + 61_000 + 30_000);
    expect(stale.map((t) => t.transition.to)).toEqual(["no_data"]);
    expect(stale[0].transition.reason).toMatch(/no result for/);
    expect((await state()).status).toBe("no_data");
  });

  it("gives a monitor that never reported a no-data state row", async () => {
    const quiet = await makeMonitor(db);
    await markStale(db, [quiet], T0);
    const [row] = await db.select().from(monitorStates).where(eq(monitorStates.monitorId, quiet.id));
    expect(row.status).toBe("no_data");
  });
});

describe("coordinator with three regions", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let byId: Map<number, MonitorRow>;
  let region: Record<string, number>;

  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    monitor = await makeMonitor(db, { createdAt: T0 - 60_000 });
    byId = new Map([[monitor.id, monitor]]);
    region = {};
    for (const name of ["eu-west", "us-east", "ap-south"]) region[name] = await ensureRegion(db, name);
  });
  afterEach(() => cleanup());

  /** One round: every region reports at about the same time; `failing` regions get a 503. */
  async function round(i: number, failing: string[]) {
    const at = T0 + i * 30_000;
    await insertResults(
      db,
      Object.entries(region).map(([name, id], j) => toResultRow(monitor.id, id, result(at + j * 50, failing.includes(name) ? "down" : "up"))),
    );
    return processResultBatch(db, byId, at + 1_000);
  }
  const state = async () => (await db.select().from(monitorStates).where(eq(monitorStates.monitorId, monitor.id)))[0];

  it("does not alarm on one failing region but shows a warning; two failing regions make it down; recovery follows", async () => {
    await round(0, []);
    expect((await state()).status).toBe("operational");
    for (let i = 1; i <= 4; i++) expect((await round(i, ["eu-west"])).transitions).toEqual([]);
    const warned = await state();
    expect(warned.status).toBe("operational");
    expect(warned.warning).toMatch(/^eu-west failing below quorum \(1 of 3 regions, quorum 2\)/);

    await round(5, ["eu-west", "us-east"]);
    expect((await state()).status).toBe("operational"); // us-east has failed once: below its threshold
    const out = await round(6, ["eu-west", "us-east"]);
    expect(out.transitions.map((t) => t.transition.to)).toEqual(["down"]);
    expect(out.transitions[0].transition.reason).toBe(
      "2 of 3 regions down: eu-west: status 503, expected 200-299; us-east: status 503, expected 200-299",
    );

    await round(7, []);
    expect((await state()).status).toBe("down"); // one good round is not a recovery
    const back = await round(8, []);
    expect(back.transitions.map((t) => t.transition.to)).toEqual(["operational"]);
    expect((await state()).warning).toBeNull();
  });
});
