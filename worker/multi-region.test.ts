import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { alerts, incidents, monitorStates, monitorTransitions, monitors } from "../lib/db/schema";
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
      // A region silent for 20 s raises its alert (3 min by default), to keep the test short.
      env: { ...process.env, DATABASE_URL: url, REGION_SILENT_AFTER: "20s" },
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
    "one failing region is a warning, two are an outage with one incident and one alert, recovery resolves them, a killed probe goes silent and raises its alert",
    async () => {
      await waitFor("operational", state, (s) => s?.status === "operational", 30_000);

      failing.add("eu-west");
      const warned = await waitFor("a regional warning", state, (s) => !!s?.warning, 40_000);
      expect(warned.status).toBe("operational");
      expect(warned.warning).toMatch(/^eu-west failing below quorum \(1 of 3 regions, quorum 2\)/);
      // One failing region opens no incident and alerts nobody.
      expect(await db.select().from(incidents)).toEqual([]);
      expect(await db.select().from(alerts)).toEqual([]);

      failing.add("us-east");
      const down = await waitFor("down", state, (s) => s?.status === "down", 40_000);
      const [t] = await db.select().from(monitorTransitions).where(eq(monitorTransitions.toStatus, "down"));
      expect(t.reason).toMatch(/^2 of 3 regions down: eu-west: status 503, expected 200-299; us-east: status 503/);
      expect(down.warning).toBeNull();
      const [incident] = await waitFor("an incident", () => db.select().from(incidents), (rows) => rows.length === 1, 10_000);
      expect(incident).toMatchObject({ source: "auto", status: "investigating", resolvedAt: null, impact: "major" });
      expect(incident.title).toBe("API is partly down");
      const [alert] = await db.select().from(alerts);
      expect(alert).toMatchObject({ kind: "monitor_down", title: "API is down", resolvedAt: null });

      // A probe dies: its region goes silent (after 30 s without a heartbeat).
      children.get("ap-south")!.kill("SIGKILL");
      failing.clear();
      await waitFor("recovery", state, (s) => s?.status === "operational", 40_000);
      const resolved = await waitFor("the incident resolved", () => db.select().from(incidents), (rows) => rows[0]?.resolvedAt !== null, 10_000);
      expect(resolved).toHaveLength(1);
      // The alert keeps firing for two intervals after the recovery (no recovery spam on a bounce), then resolves.
      await waitFor("the alert resolved", () => db.select().from(alerts).where(eq(alerts.kind, "monitor_down")), (rows) => rows[0]?.resolvedAt !== null, 40_000);
      const silent = await waitFor(
        "a silent-region alert",
        () => db.select().from(alerts).where(eq(alerts.kind, "region_silent")),
        (rows) => rows.length > 0,
        45_000,
      );
      expect(silent).toHaveLength(1);
      expect(silent[0].title).toMatch(/^probe ap-south silent for \d+ min$/);
      expect(silent[0].resolvedAt).toBeNull();
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
