import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { monitorStates, monitorTransitions, monitors } from "../lib/db/schema";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { isStale, listHeartbeats } from "../lib/workers/heartbeat";

/**
 * Three probe processes (eu-west, us-east, ap-south) and a coordinator process on one SQLite
 * file, against a loopback target that fails for the regions the test chooses (it tells them
 * apart by the probe's User-Agent).
 */
describe("three regions, quorum before alarm", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let server: Server;
  const failing = new Set<string>();
  const children = new Map<string, ChildProcess>();

  function startWorker(name: string, args: string[]) {
    const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts", ...args], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ["ignore", "ignore", "pipe"],
    });
    child.stderr!.resume();
    children.set(name, child);
  }

  beforeAll(async () => {
    ({ db, url, cleanup } = await createTestDb());
    server = createServer((req, res) => {
      const region = /region ([a-z0-9-]+)/.exec(req.headers["user-agent"] ?? "")?.[1] ?? "?";
      res.writeHead(failing.has(region) ? 503 : 200).end(failing.has(region) ? "down" : "ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await applyConfig(
      db,
      parseConfig(`page:\n  name: T\nmonitors:\n  - key: api\n    name: API\n    type: http\n    interval: 10s\n    timeout: 2s\n    url: ${target}/\n`, {}),
    );
    for (const region of ["eu-west", "us-east", "ap-south"]) startWorker(region, ["--role", "probe", "--region", region]);
    startWorker("coordinator", ["--role", "coordinator"]);
  });

  afterAll(async () => {
    for (const child of children.values()) child.kill("SIGKILL");
    await new Promise<void>((r) => server.close(() => r()));
    cleanup();
  });

  const state = async () => {
    const [m] = await db.select({ id: monitors.id }).from(monitors).where(eq(monitors.key, "api"));
    return (await db.select().from(monitorStates).where(eq(monitorStates.monitorId, m.id)))[0];
  };
  async function waitFor<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number): Promise<T> {
    const until = Date.now() + timeoutMs;
    let last: T | undefined;
    while (Date.now() < until) {
      last = await read();
      if (ok(last)) return last;
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
  }

  it(
    "one failing region is a warning, two are an outage, recovery resolves it, a killed probe goes silent",
    async () => {
      await waitFor("operational", state, (s) => s?.status === "operational", 30_000);

      failing.add("eu-west");
      const warned = await waitFor("a regional warning", state, (s) => !!s?.warning, 40_000);
      expect(warned.status).toBe("operational");
      expect(warned.warning).toMatch(/^eu-west failing below quorum \(1 of 3 regions, quorum 2\)/);

      failing.add("us-east");
      const down = await waitFor("down", state, (s) => s?.status === "down", 40_000);
      const [t] = await db.select().from(monitorTransitions).where(eq(monitorTransitions.toStatus, "down"));
      expect(t.reason).toMatch(/^2 of 3 regions down: eu-west: status 503, expected 200-299; us-east: status 503/);
      expect(down.warning).toBeNull();

      // A probe dies: its region goes silent (after 30 s without a heartbeat).
      children.get("ap-south")!.kill("SIGKILL");
      failing.clear();
      await waitFor("recovery", state, (s) => s?.status === "operational", 40_000);
      const beats = await waitFor(
        "ap-south silent",
        () => listHeartbeats(db),
        (hs) => hs.some((h) => h.region === "ap-south" && isStale(h)),
        45_000,
      );
      expect(beats.filter((h) => h.role === "probe" && !isStale(h)).map((h) => h.region).sort()).toEqual(["eu-west", "us-east"]);
    },
    180_000,
  );
});
