import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { LEASE_DURATION_MS } from "../lib/workers/lease";
import { startRecorder, type Recorder } from "../lib/notify/test-fixtures";
import { leaseHolderPid as leaseHolderPidOf, WorkerProcesses } from "./test-support";
import { holdsFor, waitUntil } from "../lib/testing/wait";

const HOOK_SECRET = "whsec_" + Buffer.alloc(32, 0x5a).toString("base64");

/**
 * Coordinator failover: one probe and two coordinator processes on one SQLite file. The lease
 * holder is killed with SIGKILL while its monitor is down with an open incident and alert; the
 * standby takes over, folds more failing rounds and then the recovery, and nothing is opened,
 * transitioned, resolved or sent twice: a webhook receiver hears "alert.opened" once and
 * "alert.resolved" once.
 */
describe("coordinator failover", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let server: Server;
  let hook: Recorder;
  let failing = false;
  let passed = false;
  let testStart = 0;
  /** Waits stop here at the latest, so a slow run fails with the name of what it waited for, not a bare test timeout. */
  let deadline = Infinity;
  const workers = new WorkerProcesses("failover");
  const children = workers.children;
  const startWorker = (name: string, args: string[]) => workers.start(name, args, { DATABASE_URL: url, PUBLIC_URL: "http://127.0.0.1:1" });

  beforeAll(async () => {
    ({ db, url, cleanup } = await createTestDb());
    server = createServer((_req, res) => {
      res.writeHead(failing ? 503 : 200).end(failing ? "down" : "ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    hook = await startRecorder(() => ({ status: 200, body: "ok" }));
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
          "monitors:",
          "  - key: api",
          "    name: API",
          "    component: api",
          "    type: http",
          "    interval: 10s",
          "    timeout: 2s",
          `    url: ${target}/`,
          "channels:",
          "  - key: hook",
          "    type: webhook",
          `    url: ${hook.url}/hook`,
          `    secret: ${HOOK_SECRET}`,
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
    testStart = Date.now();
    startWorker("probe", ["--role", "probe", "--region", "local"]);
    startWorker("coordinator-a", ["--role", "coordinator"]);
    startWorker("coordinator-b", ["--role", "coordinator"]);
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await hook.close();
    cleanup();
    workers.stop(passed);
  });

  const one = async <T>(query: ReturnType<typeof sql>) => (await db.all<T>(query))[0];
  const monitorId = async () => (await one<{ id: number }>(sql`SELECT id FROM monitors WHERE key = 'api'`)).id;
  const status = async () => (await one<{ status: string }>(sql`SELECT status FROM monitor_states WHERE monitor_id = ${await monitorId()}`))?.status;
  const leaseHolderPid = () => leaseHolderPidOf(db);
  const openIncidents = async () =>
    db.all<{ id: number; status: string }>(sql`SELECT id, status FROM incidents WHERE monitor_id = ${await monitorId()} AND source = 'auto' AND resolved_at IS NULL`);
  const outbox = () => db.all<{ dedupe_key: string; status: string; attempts: number }>(sql`SELECT dedupe_key, status, attempts FROM notification_outbox ORDER BY id`);
  const openAlerts = async () =>
    db.all<{ id: number }>(sql`SELECT id FROM alerts WHERE monitor_id = ${await monitorId()} AND kind = 'monitor_down' AND resolved_at IS NULL`);

  const waitFor = <T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number) => waitUntil(what, read, ok, timeoutMs, { deadline, intervalMs: 250 });

  it(
    "kill -9 of the lease holder during an open incident: the standby takes over without a duplicate incident, alert or transition",
    async () => {
      deadline = Date.now() + 145_000;
      await waitFor("the monitor to be operational", status, (s) => s === "operational", 25_000);
      const byPid = new Map([...children.values()].map((c) => [c.pid!, c]));
      const coordinatorPids = [children.get("coordinator-a")!.pid!, children.get("coordinator-b")!.pid!];
      const firstPid = await waitFor("a coordinator to hold the lease", leaseHolderPid, (p) => p !== undefined && coordinatorPids.includes(p), 5_000);
      const secondPid = coordinatorPids.find((p) => p !== firstPid)!;

      failing = true;
      await waitFor("the monitor to be down", status, (s) => s === "down", 30_000);
      await waitFor("an open automatic incident", openIncidents, (rows) => rows.length === 1, 5_000);
      const [openAlert] = await waitFor("an open monitor_down alert", openAlerts, (rows) => rows.length === 1, 5_000);
      const openedKey = `alert:${openAlert.id}:step:0:hook`;
      // Delivered before the kill: a holder killed between sending and recording sends that one
      // message again after the claim expires (at least once, by design), which is not what this tests.
      await waitFor("the alert.opened webhook to be delivered", outbox, (rows) => rows.some((r) => r.dedupe_key === openedKey && r.status === "delivered"), 10_000);

      const killedAt = Date.now();
      byPid.get(firstPid!)!.kill("SIGKILL");
      await waitFor(`coordinator ${secondPid} to take the lease from ${firstPid}`, leaseHolderPid, (p) => p === secondPid, LEASE_DURATION_MS + 5_000);

      // Several more failing rounds, folded by the new coordinator (the cursor is past them), while the monitor is already down.
      const id = await monitorId();
      const foldedFailuresSinceKill = async () =>
        (
          await one<{ n: number }>(sql`SELECT count(*) AS n FROM check_results
            WHERE monitor_id = ${id} AND status = 2 AND started_at > ${killedAt}
              AND id <= (SELECT position FROM cursors WHERE name = 'coordinator.results')`)
        ).n;
      await waitFor("3 failing rounds folded by the new coordinator", foldedFailuresSinceKill, (n) => n >= 3, 35_000);
      expect(await status()).toBe("down");
      expect(await openIncidents()).toHaveLength(1);
      expect(await openAlerts()).toHaveLength(1);

      failing = false;
      await waitFor("the monitor to recover", status, (s) => s === "operational", 30_000);
      await waitFor("the incident to be resolved", openIncidents, (rows) => rows.length === 0, 5_000);
      // The alert keeps firing for two intervals after the recovery, then resolves.
      await waitFor("the alert to be resolved", openAlerts, (rows) => rows.length === 0, 40_000);
      const resolvedKey = `alert:${openAlert.id}:recovery:hook`;
      await waitFor("the alert.resolved webhook to be delivered", outbox, (rows) => rows.some((r) => r.dedupe_key === resolvedKey && r.status === "delivered"), 10_000);
      // A few more ticks of the new holder: nothing more is queued or sent.
      await holdsFor("nothing more queued or sent", async () => [(await outbox()).length, hook.requests.length], ([queued, sent]) => queued === 2 && sent === 2, 2_000);

      const incidents = await db.all<{ id: number; status: string; resolved_at: number | null }>(
        sql`SELECT id, status, resolved_at FROM incidents WHERE monitor_id = ${id}`,
      );
      expect(incidents).toHaveLength(1);
      expect(incidents[0].status).toBe("resolved");
      const alerts = await db.all<{ kind: string; resolved_at: number | null }>(sql`SELECT kind, resolved_at FROM alerts WHERE monitor_id = ${id}`);
      expect(alerts).toHaveLength(1);
      expect(alerts[0].kind).toBe("monitor_down");
      expect(alerts[0].resolved_at).not.toBeNull();

      const transitions = await db.all<{ from_status: string; to_status: string }>(
        sql`SELECT from_status, to_status FROM monitor_transitions WHERE monitor_id = ${id} AND at >= ${testStart} ORDER BY at, id`,
      );
      expect(transitions.map((t) => `${t.from_status}→${t.to_status}`)).toEqual(["no_data→operational", "operational→down", "down→operational"]);

      const updates = await db.all<{ status: string }>(sql`SELECT status FROM incident_updates WHERE incident_id = ${incidents[0].id} ORDER BY created_at, id`);
      expect(updates.map((u) => u.status)).toEqual(["investigating", "resolved"]);

      const beat = await one<{ pid: number }>(sql`SELECT pid FROM worker_heartbeats WHERE role = 'coordinator'`);
      expect(beat.pid).toBe(secondPid);

      // One message per event reached the receiver across the takeover, each signed and delivered at the first attempt.
      expect(await outbox()).toEqual([
        { dedupe_key: openedKey, status: "delivered", attempts: 1 },
        { dedupe_key: resolvedKey, status: "delivered", attempts: 1 },
      ]);
      expect(hook.requests.map((r) => r.headers["webhook-id"])).toEqual([openedKey, resolvedKey]);
      const types = hook.requests.map((r) => (new Webhook(HOOK_SECRET).verify(r.body, r.headers as Record<string, string>) as { type: string }).type);
      expect(types).toEqual(["alert.opened", "alert.resolved"]);
      passed = true;
    },
    150_000,
  );
});
