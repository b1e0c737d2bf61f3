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
import { backoffMs } from "../lib/notify/outbox";
import { startRecorder, type Recorder } from "../lib/notify/test-fixtures";
import { leaseHolderPid as leaseHolderPidOf, WorkerProcesses } from "./test-support";
import { holdsFor, waitUntil } from "../lib/testing/wait";

const SECRET_A = "whsec_" + Buffer.alloc(32, 0xa1).toString("base64");
const SECRET_B = "whsec_" + Buffer.alloc(32, 0xb2).toString("base64");
const PUBLIC_URL = "http://127.0.0.1:1";
/** The second step fires this long after the alert opens: early enough to fail once before the kill, before step 0 retries. */
const SECOND_STEP_AFTER_MS = 4_000;

/**
 * Pending deliveries survive a crash: a probe and a coordinator process on one SQLite file, an
 * alert whose webhooks fail (503, retryable), the coordinator killed with SIGKILL while they wait
 * for their retry, the receiver fixed, a new coordinator started. Each message reaches the
 * receiver with a 2xx exactly once, nothing is queued again, and the delivery log reads
 * failure(s) then one success.
 */
describe("notification delivery across a coordinator restart", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let target: Server;
  let hooks: Recorder;
  /** What the receiver answers now. */
  let hookStatus = 503;
  /** Every request the receiver got, with the status it answered. */
  const answered: { id: string; path: string; status: number }[] = [];
  let passed = false;
  /** Waits stop here at the latest, so a slow run fails with the name of what it waited for, not a bare test timeout. */
  let deadline = Infinity;
  const workers = new WorkerProcesses("notify-restart");
  const children = workers.children;
  const startWorker = (name: string, args: string[]) => workers.start(name, args, { DATABASE_URL: url, PUBLIC_URL });

  beforeAll(async () => {
    ({ db, url, cleanup } = await createTestDb());
    // The monitored target is down from the start, so the alert opens after the first failing rounds.
    target = createServer((_req, res) => res.writeHead(503).end("down"));
    await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
    const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
    hooks = await startRecorder((req) => {
      const status = hookStatus;
      answered.push({ id: String(req.headers["webhook-id"]), path: req.url, status });
      return { status, body: status === 200 ? "ok" : "busy" };
    });
    await applyConfig(
      db,
      parseConfig(
        [
          "page:",
          "  name: T",
          "monitors:",
          "  - key: api",
          "    name: API",
          "    type: http",
          "    interval: 10s",
          "    timeout: 2s",
          "    failureThreshold: 1",
          `    url: ${targetUrl}/`,
          "channels:",
          "  - key: hook-a",
          "    type: webhook",
          `    url: ${hooks.url}/a`,
          `    secret: ${SECRET_A}`,
          "  - key: hook-b",
          "    type: webhook",
          `    url: ${hooks.url}/b`,
          `    secret: ${SECRET_B}`,
          "escalation:",
          "  - key: default",
          "    steps:",
          "      - after: 0s",
          "        channels: [hook-a, hook-b]",
          `      - after: ${SECOND_STEP_AFTER_MS / 1_000}s`,
          "        channels: [hook-b]",
          "",
        ].join("\n"),
        {},
      ),
    );
    startWorker("probe", ["--role", "probe", "--region", "local"]);
    startWorker("coordinator-1", ["--role", "coordinator"]);
  });

  afterAll(async () => {
    await hooks.close();
    await new Promise<void>((r) => target.close(() => r()));
    cleanup();
    workers.stop(passed);
  });

  interface OutboxRow {
    id: number;
    dedupe_key: string;
    status: string;
    attempts: number;
    claimed_until: number | null;
    delivered_at: number | null;
  }
  const outbox = () => db.all<OutboxRow>(sql`SELECT id, dedupe_key, status, attempts, claimed_until, delivered_at FROM notification_outbox ORDER BY dedupe_key`);
  const alertRows = () => db.all<{ id: number; next_step: number; resolved_at: number | null }>(sql`SELECT id, next_step, resolved_at FROM alerts WHERE kind = 'monitor_down'`);
  const leaseHolderPid = () => leaseHolderPidOf(db);

  const waitFor = <T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number) => waitUntil(what, read, ok, timeoutMs, { deadline, intervalMs: 200 });

  it(
    "kill -9 while deliveries wait for their retry: after a restart each is delivered exactly once",
    async () => {
      deadline = Date.now() + 145_000;
      const [alert] = await waitFor("one open monitor_down alert", alertRows, (rows) => rows.length === 1, 40_000);
      const expectedKeys = [`alert:${alert.id}:step:0:hook-a`, `alert:${alert.id}:step:0:hook-b`, `alert:${alert.id}:step:1:hook-b`].sort();

      // Every message queued and failed once, none claimed (no send in flight), before the first retry is due.
      const pendingAfterFailure = (rows: OutboxRow[]) =>
        rows.length === expectedKeys.length && rows.every((r) => r.status === "pending" && r.attempts >= 1 && r.claimed_until === null);
      await waitFor("every delivery attempted, failed and waiting for its retry", outbox, pendingAfterFailure, SECOND_STEP_AFTER_MS + 10_000);

      const coordinator = children.get("coordinator-1")!;
      const exited = new Promise((r) => coordinator.once("exit", r));
      coordinator.kill("SIGKILL");
      await exited;
      const atKill = await outbox();
      expect(atKill.map((r) => r.dedupe_key)).toEqual(expectedKeys);
      expect(pendingAfterFailure(atKill)).toBe(true);
      const failedAtKill = new Map(atKill.map((r) => [r.dedupe_key, r.attempts]));
      const requestsAtKill = answered.length;
      expect(answered.every((a) => a.status === 503)).toBe(true);
      for (const key of expectedKeys) expect(answered.filter((a) => a.id === key)).toHaveLength(failedAtKill.get(key)!);

      hookStatus = 200;
      const restarted = startWorker("coordinator-2", ["--role", "coordinator"]);
      // The dead holder's lease runs out first; then the new process acts.
      await waitFor("the restarted coordinator to take the lease", leaseHolderPid, (pid) => pid === restarted.pid, LEASE_DURATION_MS + 15_000);
      // The retries are due backoffMs(1) after the first failure; a claim left by a killed sender would add a minute.
      const delivered = await waitFor("every delivery to be delivered", outbox, (rows) => rows.length > 0 && rows.every((r) => r.status === "delivered"), backoffMs(1) + 30_000);
      const answeredAtDelivery = answered.length;
      // A few more ticks of the new coordinator: nothing is queued or sent again.
      await holdsFor("nothing queued or sent again", async () => [(await outbox()).length, answered.length], ([queued, sent]) => queued === delivered.length && sent === answeredAtDelivery, 3_000);

      const final = await outbox();
      expect(final.map((r) => r.dedupe_key)).toEqual(expectedKeys);
      expect(final).toEqual(delivered);
      for (const row of final) {
        expect(row.status).toBe("delivered");
        expect(row.attempts).toBe(failedAtKill.get(row.dedupe_key)! + 1);
      }
      expect(await alertRows()).toEqual([{ id: alert.id, next_step: 2, resolved_at: null }]);

      // The receiver's view: per webhook-id, the failed attempts, then exactly one 200.
      expect(answered.slice(requestsAtKill).every((a) => a.status === 200)).toBe(true);
      expect(new Set(answered.map((a) => a.id))).toEqual(new Set(expectedKeys));
      for (const key of expectedKeys) {
        const forKey = answered.filter((a) => a.id === key);
        expect(forKey.filter((a) => a.status === 200), key).toHaveLength(1);
        expect(forKey.map((a) => a.status), key).toEqual([...Array(failedAtKill.get(key)!).fill(503), 200]);
        expect(new Set(forKey.map((a) => a.path)), key).toEqual(new Set([key.endsWith("hook-a") ? "/a" : "/b"]));
      }

      // The delivery log: the failed attempts, then one success, numbered from 1.
      for (const row of final) {
        const attempts = await db.all<{ attempt: number; ok: number; detail: string }>(
          sql`SELECT attempt, ok, detail FROM notification_attempts WHERE outbox_id = ${row.id} ORDER BY attempt, id`,
        );
        const failed = failedAtKill.get(row.dedupe_key)!;
        expect(attempts.map((a) => a.attempt), row.dedupe_key).toEqual(Array.from({ length: failed + 1 }, (_, i) => i + 1));
        expect(attempts.map((a) => a.ok), row.dedupe_key).toEqual([...Array(failed).fill(0), 1]);
        for (const a of attempts.slice(0, failed)) expect(a.detail).toMatch(/503/);
      }

      // The successful request is a valid Standard Webhooks message about this alert, with links from PUBLIC_URL.
      const ok = hooks.requests.find((r) => r.headers["webhook-id"] === `alert:${alert.id}:step:0:hook-a` && answered[hooks.requests.indexOf(r)].status === 200)!;
      const payload = new Webhook(SECRET_A).verify(ok.body, ok.headers as Record<string, string>) as { type: string; data: { title: string; links: { url: string }[] } };
      expect(payload.type).toBe("alert.opened");
      expect(payload.data.title).toMatch(/API/);
      expect(payload.data.links.map((l) => l.url)).toContain(`${PUBLIC_URL}/dashboard/monitors/api`);
      expect(() => new Webhook(SECRET_B).verify(ok.body, ok.headers as Record<string, string>)).toThrow();
      passed = true;
    },
    150_000,
  );
});
