import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { alerts, monitorStates, monitorTransitions, rollupsDaily, rollupsHourly } from "../db/schema";
import { listAlerts } from "../alerts/store";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { LatencyHistogram } from "../uptime/histogram";
import { DAY_MS, HOUR_MS } from "../uptime/uptime";
import type { CheckResult } from "../checks/types";
import { readCursor, RESULTS_CURSOR, ROLLUPS_CURSOR } from "../db/cursors";
import { openDb } from "../db/client";
import { accrueStateTime, foldRollups, markStale, processResultBatch } from "./fold";
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
  let url: string;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let regionId: number;
  let byId: Map<number, MonitorRow>;

  beforeEach(async () => {
    ({ db, url, cleanup } = await createTestDb());
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

  it("folds results into hourly and daily rollups exactly once, in their own pass, with latency only from answered checks", async () => {
    const results = [result(T0, "up", 40), result(T0 + 30_000, "up", 60), result(T0 + 60_000, "degraded", 900), result(T0 + 90_000, "down", 10_000)];
    await feed(results);
    // The state fold leaves the rollups to their own pass and cursor.
    expect(await db.select().from(rollupsHourly)).toEqual([]);
    expect(await readCursor(db, ROLLUPS_CURSOR)).toBe(0);
    expect(await foldRollups(db, T0 + 200_000)).toEqual({ processed: 4 });
    // Nothing new: a second pass must not count anything again.
    expect(await foldRollups(db, T0 + 200_000)).toEqual({ processed: 0 });

    const [hour] = await db.select().from(rollupsHourly);
    expect(hour).toMatchObject({ bucketStart: T0, total: 4, down: 1, degraded: 1, latencySumUs: 1_000_000 });
    // Phase sums over the three answered checks (connect 100 µs each, first byte 0.9 × total).
    expect(hour).toMatchObject({ connectSumUs: 300, firstByteSumUs: 900_000, dnsSumUs: 0 });
    const [day] = await db.select().from(rollupsDaily);
    expect(day).toMatchObject({ bucketStart: Date.UTC(2026, 10, 26), total: 4, down: 1, degraded: 1 });
    const h = LatencyHistogram.decode(hour.histogram);
    expect(h.total).toBe(3);
    expect(await readCursor(db, ROLLUPS_CURSOR)).toBe(await readCursor(db, RESULTS_CURSOR));

    // Later results in the same hour merge into the same rows.
    await feed([result(T0 + 120_000, "up", 50)]);
    await foldRollups(db, T0 + 200_000);
    const [hour2] = await db.select().from(rollupsHourly);
    expect(hour2.total).toBe(5);
    expect(LatencyHistogram.decode(hour2.histogram).total).toBe(4);
  });

  it("merges pass after pass into the rows of several monitors and regions exactly as one pass over all results would, through a crash and late results", async () => {
    const other = await makeMonitor(db, { createdAt: T0 - 60_000 });
    const regionB = await ensureRegion(db, "other");
    byId.set(other.id, other);
    // Four batches over three hours, the last one late (for the first hour, after later hours
    // were folded): each touches existing rows of every (monitor, region) and creates new ones.
    const batches = [0, 1, 2, 0].map((b, n) =>
      [monitor.id, other.id].flatMap((m, mi) =>
        [regionId, regionB].flatMap((r, ri) =>
          [0, 1].map((k) => {
            const at = T0 + b * 40 * 60_000 + k * 35 * 60_000 + mi * 1_000 + ri * 500 + n * 7;
            return toResultRow(m, r, result(at, (b + k + mi + n) % 3 === 2 ? "down" : (b + ri) % 2 ? "degraded" : "up", 20 + 37 * b + 11 * k + 5 * mi + 3 * ri + n));
          }),
        ),
      ),
    );
    const now = T0 + 3 * HOUR_MS;
    let conn = db;
    for (const [n, rows] of batches.entries()) {
      await insertResults(conn, rows);
      await processResultBatch(conn, byId, now);
      // Batch 1: a crash after its state batch, before any rollup pass; the next process
      // (another connection) continues from the rollup cursor and folds batches 1 and 2 in one pass.
      if (n === 1) {
        conn = await openDb(url);
        continue;
      }
      // Several passes: one smaller than what waits (batches 1 and 2, 16 results), then the rest.
      if (n === 2) expect(await foldRollups(conn, now, { limit: 10 })).toEqual({ processed: 10 });
      while ((await foldRollups(conn, now)).processed > 0);
    }
    if (conn !== db) conn.$client.close();
    expect(await readCursor(db, ROLLUPS_CURSOR)).toBe(await readCursor(db, RESULTS_CURSOR));
    const all = batches.flat();
    for (const [table, bucket] of [[rollupsHourly, HOUR_MS], [rollupsDaily, DAY_MS]] as const) {
      const stored = await db.select().from(table);
      const expected = new Map<string, { total: number; down: number; degraded: number; latencySumUs: number; connectSumUs: number; firstByteSumUs: number; histogram: LatencyHistogram }>();
      for (const r of all) {
        const key = `${r.monitorId}:${r.regionId}:${r.startedAt - (r.startedAt % bucket)}`;
        const e = expected.get(key) ?? { total: 0, down: 0, degraded: 0, latencySumUs: 0, connectSumUs: 0, firstByteSumUs: 0, histogram: new LatencyHistogram() };
        e.total++;
        if (r.status === 2) e.down++;
        else {
          if (r.status === 1) e.degraded++;
          e.latencySumUs += r.totalUs;
          e.connectSumUs += r.connectUs ?? 0;
          e.firstByteSumUs += r.firstByteUs ?? 0;
          e.histogram.add(r.totalUs);
        }
        expected.set(key, e);
      }
      expect(stored.length).toBe(expected.size);
      for (const row of stored) {
        const e = expected.get(`${row.monitorId}:${row.regionId}:${row.bucketStart}`)!;
        expect(row).toMatchObject({ total: e.total, down: e.down, degraded: e.degraded, latencySumUs: e.latencySumUs, connectSumUs: e.connectSumUs, firstByteSumUs: e.firstByteSumUs });
        expect(Buffer.from(row.histogram!).equals(e.histogram.encode())).toBe(true);
      }
    }
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

  it("a quorum's transition carries its live and down regions, and the alert it opens stores them", async () => {
    await round(0, []);
    await round(1, ["eu-west", "us-east"]);
    const out = await round(2, ["eu-west", "us-east"]);
    expect(out.transitions[0].transition).toMatchObject({ to: "down", liveRegions: ["ap-south", "eu-west", "us-east"], downRegions: ["eu-west", "us-east"] });
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", liveRegions: ["ap-south", "eu-west", "us-east"], downRegions: ["eu-west", "us-east"] });
    expect(await listAlerts(db)).toMatchObject([{ id: alert.id, liveRegions: ["ap-south", "eu-west", "us-east"], downRegions: ["eu-west", "us-east"] }]);
  });
});

describe("results dated in the future (a broken probe clock, a forged push, rows from before the ingest checked times)", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let regionId: number;
  let byId: Map<number, MonitorRow>;

  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    monitor = await makeMonitor(db, { createdAt: T0 - 60_000 });
    regionId = await ensureRegion(db, "eu-west");
    byId = new Map([[monitor.id, monitor]]);
  });
  afterEach(() => cleanup());

  const state = async () => (await db.select().from(monitorStates).where(eq(monitorStates.monitorId, monitor.id)))[0];
  const insert = (results: CheckResult[]) => insertResults(db, results.map((r) => toResultRow(monitor.id, regionId, r)));
  const maxBucket = async (table: string) => Number((await db.$client.execute(`SELECT coalesce(max(bucket_start), 0) AS b FROM ${table}`)).rows[0].b);
  const count = async (table: string) => Number((await db.$client.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it("leaves them out: a down monitor stays down, no row is written in the future, and accrual stays bounded", async () => {
    await insert([result(T0, "up"), result(T0 + 30_000, "up"), result(T0 + 60_000, "down"), result(T0 + 90_000, "down")]);
    await processResultBatch(db, byId, T0 + 91_000);
    expect((await state()).status).toBe("down");

    // A probe machine a year ahead sends "up" twice (enough to recover), then a forged push.
    const now = T0 + 120_000;
    const yearAhead = now + 365 * DAY_MS;
    await insert([result(yearAhead, "up"), result(yearAhead + 30_000, "up"), result(Number.MAX_SAFE_INTEGER, "up")]);
    const startedAt = Date.now();
    const out = await processResultBatch(db, byId, now);
    expect(Date.now() - startedAt).toBeLessThan(5_000);
    expect(out.processed).toBe(3);
    expect(out.future).toBe(3);
    expect(out.transitions).toEqual([]);
    const s = await state();
    expect(s.status).toBe("down");
    expect(s.lastResultAt).toBe(T0 + 90_000);
    expect(s.accruedUntil).toBeLessThanOrEqual(now);
    expect(await readCursor(db, RESULTS_CURSOR)).toBeGreaterThan(0);

    expect(await accrueStateTime(db, [monitor], now + 60_000)).toBe(1);
    expect(await maxBucket("state_time_hourly")).toBeLessThanOrEqual(now + 60_000);
    expect(await count("state_time_hourly")).toBeLessThanOrEqual(2);
    // The rollup pass moves past them too, and writes no row for them.
    expect(await foldRollups(db, now)).toEqual({ processed: 7 });
    expect(await maxBucket("rollups_hourly")).toBeLessThanOrEqual(now);
    expect(await maxBucket("rollups_daily")).toBeLessThanOrEqual(now);
    // The rollups count the four real results only.
    expect((await db.select().from(rollupsHourly)).reduce((n, r) => n + r.total, 0)).toBe(4);
  });

  it("does not trust a last result stored in the future: the monitor turns no data, then follows real results", async () => {
    await insert([result(T0, "up"), result(T0 + 30_000, "up")]);
    await processResultBatch(db, byId, T0 + 31_000);
    expect((await state()).status).toBe("operational");
    // What the old ingest let through: a monitor and its region "last seen" a year from now.
    const yearAhead = T0 + 365 * DAY_MS;
    await db.update(monitorStates).set({ lastResultAt: yearAhead }).where(eq(monitorStates.monitorId, monitor.id));
    await db.$client.execute({ sql: "UPDATE monitor_region_states SET last_result_at = ? WHERE monitor_id = ?", args: [yearAhead, monitor.id] });
    // No result for 10 minutes: the old rule saw a result "in the future" and kept it green for a year.
    const now = T0 + 10 * 60_000;
    const stale = await markStale(db, [monitor], now);
    expect(stale.map((t) => t.transition.to)).toEqual(["no_data"]);
    expect(stale[0].transition.reason).toMatch(/dated in the future/);
    // Real results dated now are not skipped as "older" than the stored future one.
    await insert([result(now + 1_000, "down"), result(now + 31_000, "down")]);
    await processResultBatch(db, byId, now + 32_000);
    expect((await state()).status).toBe("down");
  });

  it("pulls a clock stored in the future back to now and counts time up to now only", async () => {
    await insert([result(T0, "down"), result(T0 + 30_000, "down")]);
    await processResultBatch(db, byId, T0 + 31_000);
    // What the old ingest let through: a clock and a last result far in the future.
    await db.update(monitorStates).set({ accruedUntil: Number.MAX_SAFE_INTEGER }).where(eq(monitorStates.monitorId, monitor.id));
    const now = T0 + 60_000;
    expect(await accrueStateTime(db, [monitor], now)).toBe(1);
    expect((await state()).accruedUntil).toBe(now);
    expect(await maxBucket("state_time_hourly")).toBeLessThanOrEqual(now);
    const before = Number((await db.$client.execute("SELECT coalesce(sum(major_ms), 0) AS ms FROM state_time_hourly")).rows[0].ms);
    // From there on, time is counted again, exactly.
    await accrueStateTime(db, [monitor], now + HOUR_MS);
    const after = Number((await db.$client.execute("SELECT coalesce(sum(major_ms), 0) AS ms FROM state_time_hourly")).rows[0].ms);
    expect(after - before).toBe(HOUR_MS);
    expect(await count("state_time_hourly")).toBeLessThanOrEqual(3);
  });
});
