import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb } from "../lib/db/test-db";
import { openDb, type Db } from "../lib/db/client";
import { makeHttpMonitors, startTarget, WorkerProcesses } from "./test-support";
import { waitUntil } from "../lib/testing/wait";

const MONITORS = 8;
const INTERVAL_S = 10;
const LOCK_MS = 10_000;

/**
 * The database locked by another writer for 10 s (a second connection holding a write
 * transaction, as a long migration or a stuck tool would): the worker (probe and coordinator in
 * one process, as `npm start` runs it) keeps probing on time and buffers its results; they land
 * once the lock is released; no result is a false failure, and nothing flips, opens or alerts.
 * Before, the driver's synchronous busy wait froze the process for 5 s per attempt, so checks in
 * flight timed out (false "down" results) and due checks started seconds late.
 */
describe("the database locked by another writer for 10 s", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let target: Awaited<ReturnType<typeof startTarget>>;
  /** When the target answered each request (ms). */
  const answeredAt: number[] = [];
  let passed = false;
  const workers = new WorkerProcesses("db-locked");

  beforeAll(async () => {
    ({ db, url, cleanup } = await createTestDb());
    target = await startTarget((_req, res) => {
      answeredAt.push(Date.now());
      // A little time in flight, as a real endpoint takes: a frozen probe would time such checks out.
      setTimeout(() => res.writeHead(200).end("ok"), 50);
    });
    await makeHttpMonitors(db, target.url, MONITORS, { intervalS: INTERVAL_S, timeoutMs: 2_000 });
    workers.start("worker", ["--role", "all", "--region", "local"], { DATABASE_URL: url, PUBLIC_URL: "http://127.0.0.1:1" });
  });

  afterAll(async () => {
    workers.stop(passed);
    await target.close();
    cleanup();
  });

  const statuses = () => db.all<{ key: string; status: string }>(sql`SELECT m.key, s.status FROM monitors m JOIN monitor_states s ON s.monitor_id = m.id ORDER BY m.key`);

  it("probes keep probing and buffer, the buffered results land after the release, and no monitor flips", async () => {
    const deadline = Date.now() + 100_000;
    await waitUntil("every monitor operational", statuses, (rows) => rows.length === MONITORS && rows.every((r) => r.status === "operational"), 40_000, { deadline });

    const holder = await openDb(url);
    const lock = await holder.$client.transaction("write");
    const lockedAt = Date.now();
    await new Promise((r) => setTimeout(r, LOCK_MS));
    const releasedAt = Date.now();
    await lock.rollback();
    lock.close();
    holder.$client.close();

    // Probing went on: every monitor's slot came round once during the lock, and the target was asked.
    const askedDuringLock = answeredAt.filter((t) => t >= lockedAt && t <= releasedAt).length;
    expect(askedDuringLock).toBeGreaterThanOrEqual(MONITORS - 1);

    // The results of those checks were held and written after the release, each monitor's at its slot.
    const during = () =>
      db.all<{ key: string; n: number; worst_us: number }>(sql`SELECT m.key, count(r.id) AS n, max(r.total_us) AS worst_us FROM monitors m
        LEFT JOIN check_results r ON r.monitor_id = m.id AND r.started_at BETWEEN ${lockedAt} AND ${releasedAt}
        GROUP BY m.key ORDER BY m.key`);
    const landed = await waitUntil("the results checked during the lock to land", during, (rows) => rows.length === MONITORS && rows.every((r) => r.n >= 1), 20_000, { deadline });
    // Timings were measured, not stretched by a frozen process (the target answers in ~50 ms).
    for (const row of landed) expect(row.worst_us, row.key).toBeLessThan(1_000_000);
    expect(workers.logs()).toMatch(/probe: could not write \d+ results, will retry: SQLITE_BUSY/);

    // Nothing failed, flipped, opened or alerted.
    const failures = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM check_results WHERE status <> 0`);
    expect(failures[0].n).toBe(0);
    expect((await statuses()).every((r) => r.status === "operational")).toBe(true);
    const transitions = await db.all<{ to_status: string }>(sql`SELECT to_status FROM monitor_transitions`);
    expect(transitions.map((t) => t.to_status)).toEqual(Array(MONITORS).fill("operational"));
    expect((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM incidents`))[0].n).toBe(0);
    expect((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM alerts`))[0].n).toBe(0);
    passed = true;
  }, 110_000);
});
