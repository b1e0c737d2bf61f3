import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { componentGroups, monitorStates, stateTimeDaily } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { processResultBatch } from "../coordinator/fold";
import { pulse } from "../workers/pulse";
import { monitorsStatus, pageStatusOf } from "../status/component";
import { getStatusPageData, overallStatus } from "./status-page";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = 86_400_000;

describe("status page data", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("ranks states so a component is never greener than its worst monitor", () => {
    const m = (status: "operational" | "degraded" | "down" | "no_data") => ({ status, condition: status === "down" ? ("major" as const) : null });
    expect(monitorsStatus([m("operational"), m("no_data")])).toBe("no_data");
    expect(monitorsStatus([m("operational"), m("degraded"), m("no_data")])).toBe("degraded");
    expect(monitorsStatus([])).toBe("no_data");
    const headline = (components: Parameters<typeof pageStatusOf>[0]["components"]) => overallStatus(pageStatusOf({ components, incidentImpacts: [] }), components.length).headline;
    expect(headline(["operational", "operational"])).toBe("All systems operational");
    expect(headline(["operational", "down"])).toBe("Partial outage");
    expect(headline(["down"])).toBe("Major outage");
    expect(headline(["no_data", "no_data"])).toBe("Waiting for the first checks");
    expect(headline([])).toBe("No components to show yet");
  });

  it("shows public components in group order with 90 days of bars, and hides private ones", async () => {
    const [g] = await db.insert(componentGroups).values({ key: "core", name: "Core", displayOrder: 0 }).returning();
    const api = await makeComponent(db, { name: "API", groupId: g.id });
    const secret = await makeComponent(db, { name: "Secret", isPublic: false });
    const m = await makeMonitor(db, { componentId: api.id, intervalS: 60 });
    const hidden = await makeMonitor(db, { componentId: secret.id });
    const privateMonitor = await makeMonitor(db, { componentId: api.id, isPublic: false });
    const region = await ensureRegion(db, "local");
    // The private monitor is down all the time, in results and in state time.
    await insertResults(db, [toResultRow(privateMonitor.id, region, { status: "down", startedAt: NOW - 30_000, totalUs: 20_000, phases: {}, assertions: [] })]);
    await processResultBatch(db, new Map([m, hidden, privateMonitor].map((x) => [x.id, x])), NOW);
    const day = (d: number) => NOW - (NOW % DAY) - d * DAY;
    const HOUR = 3_600_000;
    await db.insert(stateTimeDaily).values([
      // Two days ago: 20 h up, 2 h major outage, 2 h partial outage (counts 30 %).
      { monitorId: m.id, bucketStart: day(2), upMs: 20 * HOUR, majorMs: 2 * HOUR, partialMs: 2 * HOUR },
      // Yesterday: 12 h up, 12 h maintenance (left out).
      { monitorId: m.id, bucketStart: day(1), upMs: 12 * HOUR, maintenanceMs: 12 * HOUR },
      // Today: 12 h up.
      { monitorId: m.id, bucketStart: day(0), upMs: 12 * HOUR },
      { monitorId: privateMonitor.id, bucketStart: day(0), majorMs: 12 * HOUR },
      { monitorId: hidden.id, bucketStart: day(0), majorMs: 12 * HOUR },
    ]);
    await db.update(monitorStates).set({ status: "down", lastResultAt: NOW }); // even if private monitors are down…
    await db.insert(monitorStates).values({ monitorId: m.id, status: "operational", since: NOW, lastResultAt: NOW, updatedAt: NOW }).onConflictDoUpdate({ target: monitorStates.monitorId, set: { status: "operational" } });
    await pulse(db, "coordinator", "*", NOW, {}, NOW); // stored states count while the coordinator reports

    const data = await getStatusPageData(db, NOW);
    expect(data.groups.map((x) => x.name)).toEqual(["Core"]);
    const [c] = data.groups[0].components;
    expect(c.name).toBe("API");
    // …the public page shows only the public monitor's state and history.
    expect(c.status).toBe("operational");
    expect(c.days).toHaveLength(90);
    expect(c.days[89]).toMatchObject({ ratio: 1, worst: "up" });
    expect(c.days[88]).toMatchObject({ ratio: 1, worst: "up" });
    expect(c.days[87].worst).toBe("major");
    expect(c.days[87].ratio).toBeCloseTo(1 - (2 + 0.3 * 2) / 24, 10);
    expect(c.days[0].worst).toBe("no_data");
    expect(c.days[0].ratio).toBeNull();
    // 48 h counted (maintenance out), 2.6 h down.
    expect(c.uptimeRatio).toBeCloseTo(1 - 2.6 / 48, 10);
    expect(JSON.stringify(data)).not.toContain("Secret");
    expect(data.overall.status).toBe("operational");
  });
});
