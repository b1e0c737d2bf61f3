import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { alerts, incidents, stateTimeHourly } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { accrueStateTime, processResultBatch } from "../coordinator/fold";
import type { MonitorRow } from "../monitors/store";
import { pulse } from "../workers/pulse";
import { sumStateTime } from "../uptime/state-time";
import { acknowledgeAlert, checkRegionSilence, listAlerts } from "./store";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;

describe("monitor alerts and maintenance", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let componentId: number;
  let byId: Map<number, MonitorRow>;
  let regionId: number;

  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    componentId = (await makeComponent(db, { publishIncidents: true })).id;
    monitor = await makeMonitor(db, { name: "API", componentId, createdAt: T0 - MIN });
    byId = new Map([[monitor.id, monitor]]);
    regionId = await ensureRegion(db, "local");
  });
  afterEach(() => cleanup());

  async function round(at: number, up: boolean) {
    await insertResults(db, [
      toResultRow(monitor.id, regionId, { status: up ? "up" : "down", startedAt: at, totalUs: 1000, phases: {}, message: up ? undefined : "connect ECONNREFUSED", assertions: [] }),
    ]);
    return processResultBatch(db, byId, at + 500);
  }
  async function maintenance(from: number, until: number) {
    const res = await db.$client.execute({
      sql: `INSERT INTO incidents (kind, title, status, impact, source, published, started_at, scheduled_for, scheduled_until, created_at, updated_at)
            VALUES ('maintenance', 'Database upgrade', 'scheduled', 'none', 'manual', 1, ?, ?, ?, ?, ?) RETURNING id`,
      args: [from, from, until, T0, T0],
    });
    await db.$client.execute({ sql: "INSERT INTO incident_components (incident_id, component_id, impact) VALUES (?, ?, 'major_outage')", args: [res.rows[0].id, componentId] });
  }

  it("opens one alert when the monitor goes down, never a second on replay, and resolves it on recovery", async () => {
    await round(T0, true);
    await round(T0 + 30_000, false);
    await round(T0 + 60_000, false);
    // A second coordinator (or a restart) replaying the same transition opens nothing new.
    await db.$client.execute("UPDATE cursors SET position = 0");
    await processResultBatch(db, byId, T0 + 61_000);
    let rows = await db.select().from(alerts);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "monitor_down", monitorId: monitor.id, title: "API is down", openedAt: T0 + 60_000, resolvedAt: null });
    expect(rows[0].reason).toContain("connect ECONNREFUSED");

    expect(await acknowledgeAlert(db, rows[0].id, "ops@example.com", T0 + 70_000)).toBe(true);
    expect(await acknowledgeAlert(db, rows[0].id, "someone-else@example.com", T0 + 71_000)).toBe(false);

    await round(T0 + 90_000, true);
    await round(T0 + 120_000, true);
    // Recovered at +120 s; the alert keeps firing until that has held for two intervals, then
    // resolves as of the recovery.
    await round(T0 + 150_000, true);
    expect((await db.select().from(alerts))[0].resolvedAt).toBeNull();
    await round(T0 + 180_000, true);
    rows = await db.select().from(alerts);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ acknowledgedBy: "ops@example.com", resolvedAt: T0 + 120_000 });
    expect(rows[0].resolveReason).toBe("recovered: 1 of 1 region up, stable for 60s");
    expect((await listAlerts(db))[0].monitorKey).toBe(monitor.key);
  });

  it("inside a maintenance window failures open no incident and no alert, and the time is left out of uptime", async () => {
    await maintenance(T0 + 5 * MIN, T0 + 15 * MIN);
    await round(T0, true);
    for (let k = 0; k < 6; k++) await round(T0 + 6 * MIN + k * 30_000, false);
    expect(await db.select().from(incidents).then((r) => r.filter((i) => i.kind === "incident"))).toHaveLength(0);
    expect(await db.select().from(alerts)).toHaveLength(0);
    // It recovers before the window ends.
    await round(T0 + 10 * MIN, true);
    await round(T0 + 10 * MIN + 30_000, true);
    await accrueStateTime(db, [monitor], T0 + 20 * MIN);
    const t = sumStateTime(await db.select().from(stateTimeHourly));
    expect(t.maintenanceMs).toBe(10 * MIN);
    expect(t.majorMs).toBe(0);
    expect(t.upMs).toBe(10 * MIN);
  });

  it("a monitor still down when its window ends gets the held-back incident and alert then", async () => {
    await maintenance(T0 + 5 * MIN, T0 + 15 * MIN);
    await round(T0, true);
    for (let k = 0; k < 4; k++) await round(T0 + 6 * MIN + k * 30_000, false);
    await accrueStateTime(db, [monitor], T0 + 10 * MIN);
    expect(await db.select().from(alerts)).toHaveLength(0);
    await accrueStateTime(db, [monitor], T0 + 16 * MIN);
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", openedAt: T0 + 15 * MIN });
    expect(alert.reason).toMatch(/^still down when the maintenance window ended/);
    const opened = (await db.select().from(incidents)).filter((i) => i.kind === "incident");
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ source: "auto", startedAt: T0 + 15 * MIN, impact: "critical" });
    const t = sumStateTime(await db.select().from(stateTimeHourly));
    expect(t.maintenanceMs).toBe(10 * MIN);
    // Down from 6:30 in the window; after it ends, 1 min of major outage until 16:00.
    expect(t.majorMs).toBe(MIN);
  });

  it("a monitor partly down when its window ends gets a partial incident and an alert with the regions its region states show", async () => {
    const ids = { a: await ensureRegion(db, "a"), b: await ensureRegion(db, "b"), c: await ensureRegion(db, "c") };
    await maintenance(T0 + 5 * MIN, T0 + 15 * MIN);
    for (const [k, at] of [T0, ...[0, 1, 2, 3].map((k) => T0 + 6 * MIN + k * 30_000)].entries()) {
      const rows = Object.entries(ids).map(([name, id]) => {
        const up = k === 0 || name === "c";
        return toResultRow(monitor.id, id, { status: up ? "up" : "down", startedAt: at, totalUs: 1000, phases: {}, message: up ? undefined : "connect ECONNREFUSED", assertions: [] });
      });
      await insertResults(db, rows);
      await processResultBatch(db, byId, at + 500);
    }
    expect(await db.select().from(alerts)).toHaveLength(0);
    await accrueStateTime(db, [monitor], T0 + 16 * MIN);
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", openedAt: T0 + 15 * MIN, downRegions: ["a", "b"], liveRegions: ["a", "b", "c"] });
    const opened = (await db.select().from(incidents)).filter((i) => i.kind === "incident");
    expect(opened).toMatchObject([{ source: "auto", startedAt: T0 + 15 * MIN, impact: "major" }]);
  });
});

describe("silent probe regions", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("raises 'probe eu-west silent for 3 min' once, and resolves it when the region reports again", async () => {
    await ensureRegion(db, "eu-west");
    await ensureRegion(db, "us-east");
    await pulse(db, "probe", "eu-west", T0, {}, T0);
    await pulse(db, "probe", "us-east", T0, {}, T0);
    expect(await checkRegionSilence(db, T0 + 2 * MIN)).toEqual({ opened: [], resolved: [] });

    await pulse(db, "probe", "us-east", T0, {}, T0 + 3 * MIN);
    expect(await checkRegionSilence(db, T0 + 3 * MIN + 1_000)).toEqual({ opened: ["eu-west"], resolved: [] });
    expect(await checkRegionSilence(db, T0 + 4 * MIN)).toEqual({ opened: [], resolved: [] });
    let [alert, ...more] = await db.select().from(alerts);
    expect(more).toHaveLength(0);
    expect(alert).toMatchObject({ kind: "region_silent", title: "probe eu-west silent for 3 min", resolvedAt: null });
    expect(alert.reason).toContain("fall back to the remaining regions");

    await pulse(db, "probe", "eu-west", T0, {}, T0 + 5 * MIN);
    expect(await checkRegionSilence(db, T0 + 5 * MIN + 1_000)).toEqual({ opened: [], resolved: ["eu-west"] });
    [alert] = await db.select().from(alerts);
    expect(alert.resolvedAt).toBe(T0 + 5 * MIN + 1_000);
  });
});
