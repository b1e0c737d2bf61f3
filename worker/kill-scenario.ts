/**
 * Test and bench support (never imported by the product): the worker (`--role all`, probe and
 * coordinator in one process, as `npm start` runs it) killed with SIGKILL in the middle of its
 * result batches, again and again, on one SQLite file, with a loopback target and a webhook
 * receiver. Used by worker/kill-9.system.test.ts (a few kills) and bench/faults.ts (20).
 *
 * "Acknowledged" here means committed: a result row another connection could read before the
 * kill. Results still in the probe's memory when it dies were never acknowledged to anyone and
 * are checked again at the next slot.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import { createTestDb, makeMonitor } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { startRecorder, type Recorder } from "../lib/notify/test-fixtures";
import { waitUntil } from "../lib/testing/wait";
import { httpCheckOf, leaseHolderPid, WorkerProcesses } from "./test-support";

export interface KillScenarioOptions {
  /** Monitors answered 200; one more is down from the start (it opens one incident and one alert). */
  upMonitors: number;
  intervalS: number;
  /** Generous: on a loaded machine a short timeout turns slowness into false failures (more alerts than the kills made). */
  timeoutMs: number;
}

/** What was committed at the moment of a kill. */
export interface Committed {
  maxId: number;
  count: number;
}

export class KillScenario {
  readonly workers = new WorkerProcesses("kill-9");
  private starts = 0;

  private constructor(
    readonly db: Db,
    readonly url: string,
    private readonly cleanupDb: () => void,
    private readonly target: Server,
    readonly hook: Recorder,
    readonly opts: KillScenarioOptions,
  ) {}

  static async create(opts: KillScenarioOptions): Promise<KillScenario> {
    const { db, url, cleanup } = await createTestDb();
    const target = createServer((req, res) => void res.writeHead(req.url === "/down" ? 503 : 200).end(req.url === "/down" ? "down" : "ok"));
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    const hook = await startRecorder(() => ({ status: 200, body: "ok" }));
    await applyConfig(
      db,
      parseConfig(
        [
          "page:",
          "  name: T",
          "components:",
          "  - key: api",
          "    name: API",
          "    publishIncidents: true",
          "channels:",
          "  - key: hook",
          "    type: webhook",
          `    url: ${hook.url}/hook`,
          `    secret: whsec_${Buffer.alloc(32, 0x4b).toString("base64")}`,
          "escalation:",
          "  - key: default",
          "    steps:",
          "      - after: 0s",
          "        channels: [hook]",
          "",
        ].join("\n"),
        {},
      ),
    );
    const [component] = await db.all<{ id: number }>(sql`SELECT id FROM components WHERE key = 'api'`);
    const check = (path: string) => httpCheckOf(`${base}${path}`);
    // Below the config file's 10 s minimum, so that a few kills fit in a short test.
    for (let i = 0; i < opts.upMonitors; i++) await makeMonitor(db, { key: `up-${i}`, intervalS: opts.intervalS, timeoutMs: opts.timeoutMs, checkConfig: check(`/up-${i}`) });
    await makeMonitor(db, { key: "down", intervalS: opts.intervalS, timeoutMs: opts.timeoutMs, failureThreshold: 1, componentId: component.id, checkConfig: check("/down") });
    return new KillScenario(db, url, cleanup, target, hook, opts);
  }

  /**
   * Starts a worker process; resolves when its probe has written a result. `readyAt` is when that
   * first check started: the schedule is running from then on (start-up before it is the
   * process's, measured apart as readyAt - spawnedAt).
   */
  async startWorker(): Promise<{ pid: number; spawnedAt: number; readyAt: number }> {
    const spawnedAt = Date.now();
    const child = this.workers.start(`worker-${++this.starts}`, ["--role", "all", "--region", "local"], { DATABASE_URL: this.url, PUBLIC_URL: "http://127.0.0.1:1" });
    const first = await waitUntil(
      `worker ${this.starts} to write a result`,
      async () => (await this.db.all<{ at: number | null }>(sql`SELECT min(started_at) AS at FROM check_results WHERE started_at >= ${spawnedAt}`))[0].at,
      (at) => at !== null,
      60_000,
      { intervalMs: 50 },
    );
    return { pid: child.pid!, spawnedAt, readyAt: first! };
  }

  async committed(): Promise<Committed> {
    const [row] = await this.db.all<{ max_id: number | null; n: number }>(sql`SELECT max(id) AS max_id, count(*) AS n FROM check_results`);
    return { maxId: row.max_id ?? 0, count: row.n };
  }

  /**
   * Waits for the next committed batch, then kills the running worker with SIGKILL after a random
   * part of the probe's 500 ms flush period (so kills land before, during and after writes of the
   * probe and the coordinator); returns what was committed just before the kill.
   */
  async killMidBatch(random: () => number = Math.random): Promise<Committed> {
    const name = `worker-${this.starts}`;
    const child = this.workers.children.get(name)!;
    const before = await this.committed();
    await waitUntil(`${name} to commit another batch`, () => this.committed(), (c) => c.maxId > before.maxId, 30_000, { intervalMs: 20 });
    await new Promise((r) => setTimeout(r, Math.floor(random() * 500)));
    const snapshot = await this.committed();
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
    return snapshot;
  }

  /** Committed rows missing now: every id up to the snapshot's maxId must still be there. */
  async lost(snapshot: Committed): Promise<number> {
    const [row] = await this.db.all<{ n: number }>(sql`SELECT count(*) AS n FROM check_results WHERE id <= ${snapshot.maxId}`);
    return snapshot.count - row.n;
  }

  /** How long after `since` every monitor had a new result (the schedule resumed), in ms. */
  async resumedAfter(since: number, timeoutMs: number): Promise<number> {
    const firsts = await waitUntil(
      "every monitor to be checked again",
      () => this.db.all<{ first: number | null }>(sql`SELECT (SELECT min(started_at) FROM check_results r WHERE r.monitor_id = m.id AND r.started_at >= ${since}) AS first FROM monitors m`),
      (rows) => rows.every((r) => r.first !== null),
      timeoutMs,
      { intervalMs: 100 },
    );
    return Math.max(...firsts.map((r) => r.first! - since));
  }

  /** Waits until the newest worker holds the coordinator lease and has folded results committed after that. */
  async coordinatorActing(pid: number, timeoutMs: number): Promise<void> {
    await waitUntil(`worker ${pid} to hold the coordinator lease`, () => leaseHolderPid(this.db), (p) => p === pid, timeoutMs, { intervalMs: 100 });
    const { maxId } = await this.committed();
    await waitUntil(
      "the coordinator to fold results written after it took the lease",
      async () => (await this.db.all<{ position: number }>(sql`SELECT position FROM cursors WHERE name = 'coordinator.results'`))[0]?.position ?? 0,
      (p) => p > maxId,
      timeoutMs,
      { intervalMs: 100 },
    );
  }

  /** Incidents, alerts, outbox rows and webhook deliveries: each must be 1 for the one down monitor. */
  async counts(): Promise<{ incidents: number; alerts: number; queued: number; keys: string[]; delivered: number; deliveriesPerMessage: number }> {
    const one = async (q: ReturnType<typeof sql>) => (await this.db.all<{ n: number }>(q))[0].n;
    const perId = new Map<string, number>();
    for (const r of this.hook.requests) perId.set(String(r.headers["webhook-id"]), (perId.get(String(r.headers["webhook-id"])) ?? 0) + 1);
    return {
      incidents: await one(sql`SELECT count(*) AS n FROM incidents`),
      alerts: await one(sql`SELECT count(*) AS n FROM alerts`),
      queued: await one(sql`SELECT count(*) AS n FROM notification_outbox`),
      keys: (await this.db.all<{ dedupe_key: string }>(sql`SELECT dedupe_key FROM notification_outbox ORDER BY id`)).map((r) => r.dedupe_key),
      delivered: this.hook.requests.length,
      deliveriesPerMessage: Math.max(0, ...perId.values()),
    };
  }

  /**
   * Results up to the rollup cursor, and what the hourly rollups count: equal when every folded
   * result counts once, through the kills (one statement: one snapshot).
   */
  async rollups(): Promise<{ folded: number; counted: number }> {
    const [row] = await this.db.all<{ folded: number; counted: number }>(sql`SELECT
      (SELECT count(*) FROM check_results WHERE id <= coalesce((SELECT position FROM cursors WHERE name = 'coordinator.rollups'), 0)) AS folded,
      (SELECT coalesce(sum(total), 0) FROM rollups_hourly) AS counted`);
    return { folded: Number(row.folded), counted: Number(row.counted) };
  }

  async integrity(): Promise<string> {
    return String((await this.db.$client.execute("PRAGMA integrity_check")).rows[0].integrity_check);
  }

  async close(passed: boolean): Promise<void> {
    this.workers.stop(passed);
    await this.hook.close();
    await new Promise<void>((r) => this.target.close(() => r()));
    this.cleanupDb();
  }
}
