import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { alerts, incidents, monitorStates, monitorTransitions } from "../lib/db/schema";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { runCheck } from "../lib/checks";
import { listActiveMonitors, type MonitorRow } from "../lib/monitors/store";
import { ensureRegion } from "../lib/regions/store";
import { insertResults, toResultRow } from "../lib/results/store";
import { pulse, isStale, listPulses } from "../lib/workers/pulse";
import { CoordinatorRole } from "./coordinator";

const REGIONS = ["eu-west", "us-east", "ap-south"] as const;
type Region = (typeof REGIONS)[number];
const INTERVAL_MS = 10_000;

/**
 * Three probe regions and the coordinator on one SQLite file, on a clock the test moves: each
 * round, every live region really checks a loopback target (which fails for the regions the test
 * chooses, told apart by the probe's User-Agent), its result is stored at the round's time, and
 * the coordinator's tick runs at that time. Minutes of quorum, recovery and silence take a few
 * seconds and do not depend on the machine's load. (Real processes and kill -9 are covered by
 * failover.system.test.ts.)
 */
describe("three regions, quorum before alarm", () => {
  let db: Db;
  let cleanup: () => void;
  let server: Server;
  let monitor: MonitorRow;
  let coordinator: CoordinatorRole;
  const failing = new Set<Region>();
  const live = new Set<Region>(REGIONS);
  const regionIds = new Map<Region, number>();
  const startedAt = Date.now();
  let now = startedAt;

  beforeAll(async () => {
    ({ db, cleanup } = await createTestDb());
    server = createServer((req, res) => {
      const region = /region ([a-z0-9-]+)/.exec(req.headers["user-agent"] ?? "")?.[1] as Region;
      res.writeHead(failing.has(region) ? 503 : 200).end(failing.has(region) ? "down" : "ok");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await applyConfig(
      db,
      parseConfig(`page:\n  name: T\nmonitors:\n  - key: api\n    name: API\n    type: http\n    interval: 10s\n    timeout: 2s\n    url: ${target}/\n`, {}),
    );
    [monitor] = await listActiveMonitors(db);
    for (const region of REGIONS) regionIds.set(region, await ensureRegion(db, region));
    // A region silent for 20 s raises its alert (3 min by default), as the worker's REGION_SILENT_AFTER does.
    coordinator = new CoordinatorRole({ db, regionSilentAfterMs: 20_000 });
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    cleanup();
  });

  /** One interval: each live region beats, checks the target for real and stores the result at the round's time; then the coordinator folds. */
  async function round(): Promise<void> {
    now += INTERVAL_MS;
    for (const region of live) {
      await pulse(db, "probe", region, startedAt, {}, now);
      const result = await runCheck(monitor, { userAgent: `status-monitor/0.1 (region ${region})` });
      await insertResults(db, [toResultRow(monitor.id, regionIds.get(region)!, { ...result, startedAt: now - 500 })]);
    }
    await coordinator.tick(now);
  }
  /** Rounds until `ok` holds, at most `max` of them; names what it waited for if it never does. */
  async function roundsUntil<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, max: number): Promise<{ value: T; rounds: number }> {
    for (let rounds = 1; rounds <= max; rounds++) {
      await round();
      const value = await read();
      if (ok(value)) return { value, rounds };
    }
    throw new Error(`no ${what} after ${max} intervals; last seen: ${JSON.stringify(await read())}`);
  }
  const state = async () => (await db.select().from(monitorStates).where(eq(monitorStates.monitorId, monitor.id)))[0];

  it("one failing region is a warning, two are an outage with one incident and one alert, recovery resolves them, a silent probe raises its alert", async () => {
    await roundsUntil("operational state", state, (s) => s?.status === "operational", 3);

    failing.add("eu-west");
    const warned = await roundsUntil("regional warning", state, (s) => !!s?.warning, 4);
    expect(warned.value.status).toBe("operational");
    expect(warned.value.warning).toMatch(/^eu-west failing below quorum \(1 of 3 regions, quorum 2\)/);
    // A few more intervals of one failing region: still no incident, nobody alerted.
    for (let i = 0; i < 3; i++) await round();
    expect((await state()).status).toBe("operational");
    expect(await db.select().from(incidents)).toEqual([]);
    expect(await db.select().from(alerts)).toEqual([]);

    failing.add("us-east");
    const down = await roundsUntil("outage", state, (s) => s?.status === "down", 4);
    // Two failing rounds in two regions: down within the second one.
    expect(down.rounds).toBeLessThanOrEqual(2);
    const [t] = await db.select().from(monitorTransitions).where(eq(monitorTransitions.toStatus, "down"));
    expect(t.reason).toMatch(/^2 of 3 regions down: eu-west: status 503, expected 200-299; us-east: status 503/);
    expect(down.value.warning).toBeNull();
    const [incident] = await db.select().from(incidents);
    expect(incident).toMatchObject({ source: "auto", status: "investigating", resolvedAt: null, impact: "major" });
    expect(incident.title).toBe("API is partly down");
    expect(await db.select().from(incidents)).toHaveLength(1);
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", title: "API is down", resolvedAt: null });

    // A probe dies (no more beats or results from ap-south) while the other two recover.
    live.delete("ap-south");
    failing.clear();
    await roundsUntil("recovery", state, (s) => s?.status === "operational", 4);
    const resolved = await db.select().from(incidents);
    expect(resolved).toHaveLength(1);
    expect(resolved[0].resolvedAt).not.toBeNull();
    // The alert keeps firing for two intervals after the recovery (no recovery spam on a bounce), then resolves.
    const monitorDown = () => db.select().from(alerts).where(eq(alerts.kind, "monitor_down"));
    expect((await monitorDown())[0].resolvedAt).toBeNull();
    const alertResolved = await roundsUntil("resolved alert", monitorDown, (rows) => rows[0]?.resolvedAt !== null, 5);
    expect(alertResolved.rounds).toBeGreaterThanOrEqual(2);
    expect(alertResolved.value).toHaveLength(1);

    const silent = await roundsUntil("silent-region alert", () => db.select().from(alerts).where(eq(alerts.kind, "region_silent")), (rows) => rows.length > 0, 6);
    expect(silent.value).toHaveLength(1);
    expect(silent.value[0].title).toMatch(/^probe ap-south silent for \d+ min$/);
    expect(silent.value[0].resolvedAt).toBeNull();
    const beats = await listPulses(db);
    expect(beats.filter((h) => h.role === "probe" && isStale(h, now)).map((h) => h.region)).toEqual(["ap-south"]);
    expect(beats.filter((h) => h.role === "probe" && !isStale(h, now)).map((h) => h.region).sort()).toEqual(["eu-west", "us-east"]);
  });
});
