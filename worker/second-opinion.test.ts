import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { ensureRegion } from "../lib/regions/store";
import { insertResults, toResultRow } from "../lib/results/store";
import { assignmentsFor, ingestBatch } from "../lib/probes/ingest";
import { ProbeRole } from "./probe";
import { RemoteProbeRole } from "./remote-probe";
import { nextSlot, phaseOffsetMs } from "./scheduler";
import { holdsFor, waitUntil } from "../lib/testing/wait";

const HOUR_MS = 3_600_000;

describe("second opinion: a failure in one region is re-checked at once by the others", () => {
  let db: Db;
  let cleanup: () => void;
  let server: Server;
  let hits: string[];
  let probe: { stop(): Promise<void> } | undefined;
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

  /** An hourly monitor whose own slot is far away: any check within seconds is a second opinion. */
  async function hourlyMonitor() {
    let key = "";
    for (let i = 0; !key; i++) if (nextSlot(`so-${i}`, HOUR_MS, Date.now(), true, phaseOffsetMs(`so-${i}`, HOUR_MS)) - Date.now() > 20 * 60_000) key = `so-${i}`;
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    return makeMonitor(db, { key, intervalS: 3600, checkConfig: { url, method: "GET", headers: {}, expectedStatus: [[200, 299]], maxBodySize: 1_048_576, maxRedirects: 5, ignoreTlsErrors: false } });
  }

  it("direct mode: region b checks right after region a's failure, at most once per interval, and not on its own failures", async () => {
    const monitor = await hourlyMonitor();
    const a = await ensureRegion(db, "a");
    const role = new ProbeRole({ db, region: "b", flushMs: 100, secondOpinionMs: 100 });
    probe = role;
    await role.start();
    const b = await ensureRegion(db, "b");
    const fail = (regionId: number) =>
      insertResults(db, [toResultRow(monitor.id, regionId, { status: "down", startedAt: Date.now(), totalUs: 1000, phases: {}, message: "connect ECONNREFUSED", assertions: [] })]);
    const bResults = async () => (await db.$client.execute({ sql: "SELECT status FROM check_results WHERE region_id = ?", args: [b] })).rows;

    await holdsFor("no early check before any failure", () => hits.length, (n) => n === 0, 500);
    await fail(a);
    const rows = await waitUntil("region b's second opinion", bResults, (r) => r.length === 1, 5_000);
    expect(rows[0].status).toBe(0);
    expect(hits).toEqual(["status-monitor/0.1 (region b)"]);
    expect(role.stats.secondOpinions).toBe(1);

    // Another failure in the same interval, and b's own: no second early check.
    await fail(a);
    await fail(b);
    await holdsFor("one early check per interval", () => hits.length, (n) => n === 1, 1_000);
  });

  it("push mode: the hub's answer names the monitor another region saw fail, and the remote probe re-checks it at once, once", async () => {
    const monitor = await hourlyMonitor();
    const a = await ensureRegion(db, "a");
    // The hub: the app's two probe routes, on the real database (token checks left out).
    const hub = createServer((req, res) => {
      const reply = (body: unknown) => res.setHeader("content-type", "application/json").end(JSON.stringify(body));
      if (req.method === "GET") return void assignmentsFor(db, "b").then(reply);
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => void ingestBatch(db, "b", JSON.parse(text)).then(reply));
    });
    await new Promise<void>((r) => hub.listen(0, "127.0.0.1", r));
    const dir = mkdtempSync(join(tmpdir(), "second-opinion-"));
    const role = new RemoteProbeRole({ hub: `http://127.0.0.1:${(hub.address() as AddressInfo).port}`, token: "t", region: "b", outboxPath: join(dir, "outbox.db"), idleBeatMs: 200, flushMs: 100 });
    probe = {
      stop: async () => {
        await role.stop();
        await new Promise<void>((r) => hub.close(() => r()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
    await role.start();
    await holdsFor("no early check before any failure", () => hits.length, (n) => n === 0, 500);
    await insertResults(db, [toResultRow(monitor.id, a, { status: "down", startedAt: Date.now(), totalUs: 1000, phases: {}, message: "connect ECONNREFUSED", assertions: [] })]);
    await waitUntil("region b's second opinion", async () => hits.length, (n) => n === 1, 5_000);
    expect(hits).toEqual(["status-monitor/0.1 (region b)"]);
    // The failure stays in every answer for a minute: still one early check this interval.
    await holdsFor("one early check per interval", () => hits.length, (n) => n === 1, 1_000);
    expect(role.stats.secondOpinions).toBe(1);
  });
});
