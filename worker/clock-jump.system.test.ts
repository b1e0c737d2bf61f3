import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { UserError } from "../lib/errors";
import { assignmentsFor, ingestBatch } from "../lib/probes/ingest";
import { makeHttpMonitors, startTarget, WorkerProcesses } from "./test-support";
import { waitUntil } from "../lib/testing/wait";

const MONITORS = 3;
const INTERVAL_S = 2;
const HOUR_MS = 3_600_000;
/** How long each clock runs: forward an hour, then back two (an hour behind the truth). */
const PHASE_MS = 2 * INTERVAL_S * 1_000;

/**
 * A clock jump on a remote probe's machine, forwards then back: a push-mode probe process whose
 * wall clock steps (a test-only --import preload; timers and the monotonic clock are untouched,
 * as on a real machine), a hub serving the real assignments and ingest on loopback, and a
 * coordinator process. On the hub, each monitor's results keep their order and their interval,
 * none is refused, and no monitor flips. Before, the step forward dated results an hour ahead,
 * which the hub refused (lost), and the step back held every check for an hour (stale, no data).
 */
describe("a clock jump on the probe machine", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let target: Awaited<ReturnType<typeof startTarget>>;
  let hub: Server;
  let dir: string;
  const refused: string[] = [];
  let passed = false;
  const workers = new WorkerProcesses("clock-jump");

  beforeAll(async () => {
    ({ db, url, cleanup } = await createTestDb());
    dir = mkdtempSync(join(tmpdir(), "clock-jump-"));
    target = await startTarget();
    await makeHttpMonitors(db, target.url, MONITORS, { intervalS: INTERVAL_S, timeoutMs: 1_000 });
    // The app's two probe endpoints, thinly: the same lib functions its route handlers call (tokens aside).
    hub = createServer(async (req, res) => {
      const json = (status: number, body: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
      if (req.method === "GET" && req.url === "/api/probe/assignments") return json(200, await assignmentsFor(db, "eu-west"));
      let text = "";
      for await (const chunk of req) text += chunk;
      try {
        const outcome = await ingestBatch(db, "eu-west", JSON.parse(text));
        refused.push(...outcome.rejected.map((r) => r.reason));
        json(200, outcome);
      } catch (err) {
        json(err instanceof UserError ? 422 : 500, { error: (err as Error).message });
      }
    });
    await new Promise<void>((r) => hub.listen(0, "127.0.0.1", r));
    const hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
    workers.start("coordinator", ["--role", "coordinator"], { DATABASE_URL: url });
    workers.start("probe", ["--role", "probe", "--region", "eu-west", "--hub", hubUrl, "--outbox", join(dir, "outbox.db")], {
      PROBE_TOKEN: "test",
      NODE_OPTIONS: `--import ${resolve("worker/clock-jump.preload.mjs")}`,
      CLOCK_JUMPS_MS: `${HOUR_MS},${-2 * HOUR_MS}`,
    });
  });

  afterAll(async () => {
    workers.stop(passed);
    await new Promise<void>((r) => hub.close(() => r()));
    await target.close();
    rmSync(dir, { recursive: true, force: true });
    cleanup();
  });

  const statuses = () => db.all<{ status: string }>(sql`SELECT status FROM monitor_states`);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it("results keep their order and interval on the hub, none is refused, and no monitor flips", async () => {
    const deadline = Date.now() + 80_000;
    await waitUntil("every monitor operational", statuses, (rows) => rows.length === MONITORS && rows.every((r) => r.status === "operational"), 30_000, { deadline });
    const probe = workers.children.get("probe")!;
    const from = Date.now();
    await sleep(PHASE_MS);
    probe.kill("SIGUSR2"); // an hour forward
    await sleep(PHASE_MS);
    probe.kill("SIGUSR2"); // two hours back
    await sleep(PHASE_MS);
    const to = Date.now();
    // What was checked until now has reached the hub (the probe sends within a second).
    await sleep(1_500);

    const rows = await db.all<{ key: string; started_at: number; status: number }>(
      sql`SELECT m.key, r.started_at, r.status FROM check_results r JOIN monitors m ON m.id = r.monitor_id WHERE r.id > 0 ORDER BY r.id`,
    );
    expect(refused).toEqual([]);
    for (let i = 0; i < MONITORS; i++) {
      const times = rows.filter((r) => r.key === `m${i}`).map((r) => r.started_at);
      const inWindow = times.filter((t) => t >= from && t <= to);
      // Every slot of the three phases, dated by the hub's clock within a second.
      expect(inWindow.length, `m${i}`).toBeGreaterThanOrEqual((3 * PHASE_MS) / (INTERVAL_S * 1_000) - 1);
      const intervals = times.slice(1).map((t, j) => t - times[j]);
      for (const d of intervals) {
        expect(d, `m${i}: ${JSON.stringify(intervals)}`).toBeGreaterThan(INTERVAL_S * 1_000 * 0.5);
        expect(d, `m${i}: ${JSON.stringify(intervals)}`).toBeLessThan(INTERVAL_S * 1_000 * 1.5);
      }
    }
    expect(rows.every((r) => r.status === 0)).toBe(true);
    const transitions = await db.all<{ to_status: string }>(sql`SELECT to_status FROM monitor_transitions`);
    expect(transitions.map((t) => t.to_status)).toEqual(Array(MONITORS).fill("operational"));
    expect((await statuses()).every((r) => r.status === "operational")).toBe(true);
    expect((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM incidents`))[0].n).toBe(0);
    passed = true;
  }, 90_000);
});
