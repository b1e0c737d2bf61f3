import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { ensureRegion } from "../lib/regions/store";
import { insertResults, toResultRow } from "../lib/results/store";
import { ProbeRole } from "./probe";
import { nextSlot, phaseOffsetMs } from "./scheduler";
import { waitUntil } from "./test-support";

const HOUR_MS = 3_600_000;

describe("second opinion: a failure in one region is re-checked at once by the others", () => {
  let db: Db;
  let cleanup: () => void;
  let server: Server;
  let hits: string[];
  let probe: ProbeRole | undefined;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    hits = [];
    server = createServer((req, res) => {
      hits.push(String(req.headers["user-agent"]));
      res.end("ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  });
  afterEach(async () => {
    await probe?.stop();
    await new Promise<void>((r) => server.close(() => r()));
    cleanup();
  });

  it("region b checks right after region a's failure, at most once per interval, and not on its own failures", async () => {
    // An hourly monitor whose own slot is far away: any check within seconds is a second opinion.
    let key = "";
    for (let i = 0; !key; i++) if (nextSlot(`so-${i}`, HOUR_MS, Date.now(), true, phaseOffsetMs(`so-${i}`, HOUR_MS)) - Date.now() > 20 * 60_000) key = `so-${i}`;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const monitor = await makeMonitor(db, { key, intervalS: 3600, checkConfig: { url, method: "GET", headers: {}, expectedStatus: [[200, 299]], maxBodySize: 1_048_576, maxRedirects: 5, ignoreTlsErrors: false } });
    const a = await ensureRegion(db, "a");
    probe = new ProbeRole({ db, region: "b", flushMs: 100, secondOpinionMs: 100 });
    await probe.start();
    const b = await ensureRegion(db, "b");
    const fail = (regionId: number) =>
      insertResults(db, [toResultRow(monitor.id, regionId, { status: "down", startedAt: Date.now(), totalUs: 1000, phases: {}, message: "connect ECONNREFUSED", assertions: [] })]);
    const bResults = async () => (await db.$client.execute({ sql: "SELECT status FROM check_results WHERE region_id = ?", args: [b] })).rows;

    await new Promise((r) => setTimeout(r, 500));
    expect(hits).toEqual([]);
    await fail(a);
    const rows = await waitUntil("region b's second opinion", bResults, (r) => r.length === 1, 5_000);
    expect(rows[0].status).toBe(0);
    expect(hits).toEqual(["status-monitor/0.1 (region b)"]);
    expect(probe.stats.secondOpinions).toBe(1);

    // Another failure in the same interval, and b's own: no second early check.
    await fail(a);
    await fail(b);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(hits).toHaveLength(1);
  });
});
