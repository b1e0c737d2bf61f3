import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { monitorStates, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { foldRollups, processResultBatch } from "../coordinator/fold";
import { pulse } from "../workers/pulse";
import { findPublicSubject, subjectDays, subjectLatency, subjectUptime } from "./subjects";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const HOUR = 3_600_000;

describe("public subjects (badges, widgets, reports)", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("finds public monitors and components by key, never private ones, and sums their uptime and latency", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const secret = await makeComponent(db, { key: "secret", isPublic: false });
    const a = await makeMonitor(db, { key: "a", componentId: api.id });
    const b = await makeMonitor(db, { key: "b", componentId: api.id });
    const hiddenInPublic = await makeMonitor(db, { key: "h", componentId: api.id, isPublic: false });
    await makeMonitor(db, { key: "s", componentId: secret.id });
    expect(await findPublicSubject(db, "monitor", "h")).toBeNull();
    expect(await findPublicSubject(db, "monitor", "s")).toBeNull();
    expect(await findPublicSubject(db, "component", "secret")).toBeNull();
    expect(await findPublicSubject(db, "component", "nope")).toBeNull();

    await db.insert(monitorStates).values([
      { monitorId: a.id, status: "operational", since: NOW, lastResultAt: NOW, updatedAt: NOW },
      { monitorId: b.id, status: "degraded", since: NOW, lastResultAt: NOW, updatedAt: NOW },
      { monitorId: hiddenInPublic.id, status: "down", since: NOW, lastResultAt: NOW, updatedAt: NOW },
    ]);
    await pulse(db, "coordinator", "*", NOW, {}, NOW); // stored states count while the coordinator reports
    const component = (await findPublicSubject(db, "component", "api", NOW))!;
    expect(component).toMatchObject({ name: "API", status: "degraded" });
    expect(component.monitorIds.sort()).toEqual([a.id, b.id].sort());

    await db.insert(stateTimeHourly).values([
      { monitorId: a.id, bucketStart: NOW - 2 * HOUR, upMs: HOUR },
      { monitorId: b.id, bucketStart: NOW - 2 * HOUR, upMs: HOUR / 2, majorMs: HOUR / 2 },
      { monitorId: hiddenInPublic.id, bucketStart: NOW - 2 * HOUR, majorMs: HOUR },
    ]);
    await db.insert(stateTimeDaily).values([{ monitorId: a.id, bucketStart: NOW - (NOW % (24 * HOUR)), upMs: HOUR }]);
    expect(await subjectUptime(db, component, "24h", NOW)).toEqual({ range: "24h", ratio: 0.75, downtimeMs: HOUR / 2 });
    expect((await subjectUptime(db, (await findPublicSubject(db, "monitor", "a", NOW))!, "24h", NOW)).ratio).toBe(1);
    expect((await subjectUptime(db, component, "90d", NOW)).ratio).toBe(1);
    const days = await subjectDays(db, component, 90, NOW);
    expect(days).toHaveLength(90);
    expect(days[89].worst).toBe("up");
    expect(days[0].worst).toBe("no_data");

    const region = await ensureRegion(db, "local");
    await insertResults(db, [10, 20, 30].map((ms, i) => toResultRow(a.id, region, { status: "up", startedAt: NOW - HOUR + i * 1000, totalUs: ms * 1000, phases: {}, assertions: [] })));
    await insertResults(db, [toResultRow(hiddenInPublic.id, region, { status: "up", startedAt: NOW - HOUR, totalUs: 9_000_000, phases: {}, assertions: [] })]);
    await processResultBatch(db, new Map([a, b, hiddenInPublic].map((m) => [m.id, m])), NOW);
    await foldRollups(db, NOW);
    const latency = await subjectLatency(db, component, "24h", NOW);
    expect(latency.meanMs).toBeCloseTo(20);
    expect(latency.p95Ms!).toBeLessThan(35);
  });
});
