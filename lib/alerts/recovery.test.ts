import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { alerts, monitorStates } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { processResultBatch } from "../coordinator/fold";
import type { MonitorRow } from "../monitors/store";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const INTERVAL_MS = 60_000;

describe("an alert resolves only when the recovery holds in two regions", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let regionIds: Record<string, number>;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    monitor = await makeMonitor(db, { name: "API", createdAt: T0 - INTERVAL_MS });
    regionIds = {};
  });
  afterEach(() => cleanup());

  async function round(k: number, regions: Record<string, boolean>) {
    const at = T0 + k * INTERVAL_MS;
    const rows = [];
    for (const [name, up] of Object.entries(regions)) {
      regionIds[name] ??= await ensureRegion(db, name);
      rows.push(toResultRow(monitor.id, regionIds[name], { status: up ? "up" : "down", startedAt: at, totalUs: 1000, phases: {}, message: up ? undefined : "connect ECONNREFUSED", assertions: [] }));
    }
    await insertResults(db, rows);
    await processResultBatch(db, new Map([[monitor.id, monitor]]), at + 500);
  }
  const alert = async () => (await db.select().from(alerts))[0];
  const status = async () => (await db.select().from(monitorStates))[0].status;

  it("with two live regions, one region's recovery keeps the alert open until the other recovers too", async () => {
    await round(0, { a: true, b: true });
    await round(1, { a: false, b: false });
    await round(2, { a: false, b: false });
    expect(await alert()).toMatchObject({ resolvedAt: null });
    // a recovers; b keeps failing: the monitor is no longer down by quorum (1 of 2), but the alert stays open.
    for (let k = 3; k < 9; k++) await round(k, { a: true, b: false });
    expect(await status()).toBe("operational");
    expect((await alert()).resolvedAt).toBeNull();
    // b recovers: two regions hold the success threshold, and after the keep-firing time it resolves, as of b's recovery.
    for (let k = 9; k < 13; k++) await round(k, { a: true, b: true });
    const done = await alert();
    expect(done.resolvedAt).toBe(T0 + 10 * INTERVAL_MS);
    expect(done.resolveReason).toMatch(/^recovered: 2 of 2 regions up/);
  });

  it("with three live regions, the region that never failed counts toward the two", async () => {
    await round(0, { a: true, b: true, c: true });
    await round(1, { a: false, b: false, c: true });
    await round(2, { a: false, b: false, c: true });
    expect(await alert()).toMatchObject({ resolvedAt: null });
    for (let k = 3; k < 7; k++) await round(k, { a: true, b: false, c: true });
    expect((await alert()).resolvedAt).toBe(T0 + 4 * INTERVAL_MS);
  });
});
