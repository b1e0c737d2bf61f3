import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, makeMonitor } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { monitorStates } from "../lib/db/schema";
import type { MonitorRow } from "../lib/monitors/store";
import { ensureRegion } from "../lib/regions/store";
import { insertResults, toResultRow } from "../lib/results/store";
import { readCursor, RESULTS_CURSOR } from "../lib/db/cursors";
import type { CheckResult } from "../lib/checks/types";
import { WorkerProcesses } from "./test-support";
import { waitUntil } from "../lib/testing/wait";

const YEAR_MS = 365 * 86_400_000;

function result(at: number, status: CheckResult["status"]): CheckResult {
  return { status, startedAt: at, totalUs: 50_000, phases: {}, statusCode: status === "down" ? 503 : 200, errorClass: status === "down" ? "assertion" : undefined, message: status === "down" ? "status 503" : undefined, assertions: [] };
}

/**
 * A coordinator process on a database that holds results dated in the future: "up" from a
 * probe machine a year ahead and one at 9007199254740991 (what one probe token could push).
 * Before, folding them looped hour by hour to that date ("Reached heap limit", on every
 * restart) or showed the down monitor operational for a year. The process runs with a small
 * heap so that such a loop fails in seconds, not after eating the machine's memory.
 */
describe("a coordinator process with results from the future in the database", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let passed = false;
  const workers = new WorkerProcesses("future-results");

  beforeAll(async () => {
    ({ db, url, cleanup } = await createTestDb());
    const now = Date.now();
    // A long interval: nothing goes stale while the test runs.
    monitor = await makeMonitor(db, { key: "api", intervalS: 300, createdAt: now - 3_600_000 });
    const regionId = await ensureRegion(db, "eu-west");
    const at = (ms: number) => now - 120_000 + ms;
    const rows = [result(at(0), "up"), result(at(30_000), "up"), result(at(60_000), "down"), result(at(90_000), "down"), result(now + YEAR_MS, "up"), result(Number.MAX_SAFE_INTEGER, "up")];
    await insertResults(db, rows.map((r) => toResultRow(monitor.id, regionId, r)));
  });

  afterAll(() => {
    workers.stop(passed);
    cleanup();
  });

  it("folds them promptly without moving the monitor or writing rows in the future, and says why", async () => {
    const startedAt = Date.now();
    const child = workers.start("coordinator", ["--role", "coordinator"], { DATABASE_URL: url, NODE_OPTIONS: "--max-old-space-size=256" });
    const lastId = Number((await db.$client.execute("SELECT max(id) AS id FROM check_results")).rows[0].id);
    const state = async () => (await db.select().from(monitorStates).where(eq(monitorStates.monitorId, monitor.id)))[0];
    // The pass is done when the cursor is past every result and the monitor's time is counted up to now.
    const done = await waitUntil(
      "the coordinator to fold every result and count the monitor's time",
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the coordinator died (${child.exitCode ?? child.signalCode}):\n${workers.logs()}`);
        return { cursor: await readCursor(db, RESULTS_CURSOR), state: await state() };
      },
      (v) => v.cursor >= lastId && (v.state?.accruedUntil ?? 0) >= startedAt,
      30_000,
    );
    expect(done.state.status).toBe("down");
    expect(done.state.lastResultAt).toBeLessThan(startedAt);
    expect(done.state.accruedUntil).toBeLessThanOrEqual(Date.now());

    const now = Date.now();
    const stateTime = await db.$client.execute("SELECT count(*) AS n, max(bucket_start) AS last FROM state_time_hourly");
    expect(Number(stateTime.rows[0].n)).toBeLessThanOrEqual(2);
    expect(Number(stateTime.rows[0].last)).toBeLessThanOrEqual(now);
    const rollups = await db.$client.execute("SELECT sum(total) AS n, max(bucket_start) AS last FROM rollups_hourly");
    expect(Number(rollups.rows[0].n)).toBe(4);
    expect(Number(rollups.rows[0].last)).toBeLessThanOrEqual(now);
    const transitions = await db.$client.execute("SELECT to_status FROM monitor_transitions ORDER BY id");
    expect(transitions.rows.map((r) => r.to_status)).toEqual(["operational", "down"]);
    expect(workers.logs()).toContain("ignored 2 result(s) dated more than 60 s ahead of this machine's clock: is a probe machine's clock wrong?");
    expect(child.exitCode).toBeNull();
    passed = true;
  }, 60_000);
});
