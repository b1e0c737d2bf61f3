import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { componentGroups, monitorStates } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { processResultBatch } from "../status/coordinate";
import { getStatusPageData, overallStatus, worstStatus } from "./status-page";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const DAY = 86_400_000;

describe("status page data", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("ranks states so a component is never greener than its worst monitor", () => {
    expect(worstStatus(["operational", "no_data"])).toBe("no_data");
    expect(worstStatus(["operational", "degraded", "no_data"])).toBe("degraded");
    expect(worstStatus([])).toBe("no_data");
    expect(overallStatus(["operational", "operational"]).headline).toBe("All systems operational");
    expect(overallStatus(["operational", "down"]).headline).toBe("Partial outage");
    expect(overallStatus(["down"]).headline).toBe("Major outage");
    expect(overallStatus(["no_data", "no_data"]).headline).toBe("Waiting for the first checks");
  });

  it("shows public components in group order with 90 days of bars, and hides private ones", async () => {
    const [g] = await db.insert(componentGroups).values({ key: "core", name: "Core", displayOrder: 0 }).returning();
    const api = await makeComponent(db, { name: "API", groupId: g.id });
    const secret = await makeComponent(db, { name: "Secret", isPublic: false });
    const m = await makeMonitor(db, { componentId: api.id, intervalS: 60 });
    const hidden = await makeMonitor(db, { componentId: secret.id });
    const privateMonitor = await makeMonitor(db, { componentId: api.id, isPublic: false });
    const region = await ensureRegion(db, "local");
    // Two days ago: 3 checks, 1 down. Today: 2 up. The private monitor is down all the time.
    const r = (monitorId: number, at: number, status: "up" | "down") =>
      toResultRow(monitorId, region, { status, startedAt: at, totalUs: 20_000, phases: {}, assertions: [] });
    await insertResults(db, [
      r(m.id, NOW - 2 * DAY, "up"),
      r(m.id, NOW - 2 * DAY + 60_000, "down"),
      r(m.id, NOW - 2 * DAY + 120_000, "up"),
      r(m.id, NOW - 60_000, "up"),
      r(m.id, NOW - 30_000, "up"),
      r(privateMonitor.id, NOW - 30_000, "down"),
      r(hidden.id, NOW - 30_000, "down"),
    ]);
    const monitorsById = new Map([m, hidden, privateMonitor].map((x) => [x.id, x]));
    await processResultBatch(db, monitorsById, NOW);
    await db.update(monitorStates).set({ status: "down" }); // even if private monitors are down…
    await db.insert(monitorStates).values({ monitorId: m.id, status: "operational", since: NOW, updatedAt: NOW }).onConflictDoUpdate({ target: monitorStates.monitorId, set: { status: "operational" } });

    const data = await getStatusPageData(db, NOW);
    expect(data.groups.map((x) => x.name)).toEqual(["Core"]);
    const [c] = data.groups[0].components;
    expect(c.name).toBe("API");
    // …the public page shows only the public monitor's state and history.
    expect(c.status).toBe("operational");
    expect(c.days).toHaveLength(90);
    expect(c.days[89].ratio).toBe(1);
    expect(c.days[87].ratio).toBeCloseTo(2 / 3);
    expect(c.days[0].worst).toBe("no_data");
    expect(c.uptimeRatio).toBeCloseTo(4 / 5);
    expect(JSON.stringify(data)).not.toContain("Secret");
    expect(data.overall.status).toBe("operational");
  });
});
