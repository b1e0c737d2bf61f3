import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { incidentComponents, incidents, incidentUpdates } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { processResultBatch } from "../coordinator/fold";
import type { MonitorRow } from "../monitors/store";
import { autoIncidentStatements, impactOf } from "./auto";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);

describe("automatic incidents", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let byId: Map<number, MonitorRow>;
  let regions: Record<string, number>;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    const component = await makeComponent(db, { name: "API", publishIncidents: true });
    monitor = await makeMonitor(db, { name: "API health", componentId: component.id, createdAt: T0 - 60_000 });
    byId = new Map([[monitor.id, monitor]]);
    regions = {};
    for (const r of ["a", "b", "c"]) regions[r] = await ensureRegion(db, r);
  });
  afterEach(() => cleanup());

  async function round(i: number, down: string[]) {
    const at = T0 + i * 30_000;
    await insertResults(
      db,
      Object.entries(regions).map(([name, id]) =>
        toResultRow(monitor.id, id, { status: down.includes(name) ? "down" : "up", startedAt: at, totalUs: 1000, phases: {}, message: down.includes(name) ? "connect ECONNREFUSED" : undefined, assertions: [] }),
      ),
    );
    await processResultBatch(db, byId, at + 500);
  }

  it("derives impact from state and how many regions fail", () => {
    expect(impactOf("degraded", 0, 3)).toMatchObject({ incident: "minor", component: "degraded_performance" });
    expect(impactOf("down", 2, 3)).toMatchObject({ incident: "major", component: "partial_outage" });
    expect(impactOf("down", 3, 3)).toMatchObject({ incident: "critical", component: "major_outage" });
    expect(impactOf("operational", 0, 3)).toBeNull();
  });

  it("opens one incident on an outage, escalates it, and resolves it on recovery with its duration", async () => {
    await round(0, []);
    await round(1, ["a", "b"]);
    await round(2, ["a", "b"]);
    let [inc] = await db.select().from(incidents);
    expect(inc).toMatchObject({ title: "API health is partly down", status: "investigating", impact: "major", source: "auto", published: true, startedAt: T0 + 60_000, resolvedAt: null });
    expect(await db.select().from(incidentComponents)).toEqual([{ incidentId: inc.id, componentId: monitor.componentId, impact: "partial_outage" }]);

    // Processing the same results again (as after a restart) changes nothing.
    await processResultBatch(db, byId, T0 + 70_000);
    expect(await db.select().from(incidents)).toHaveLength(1);

    // All regions down: the same incident, now critical.
    await round(3, ["a", "b", "c"]);
    await round(4, ["a", "b", "c"]);
    const all = await db.select().from(incidents);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ title: "API health is down", impact: "critical" });
    expect((await db.select().from(incidentComponents))[0].impact).toBe("major_outage");

    // Regions recover one by one: a total outage is never stepped back down to partial.
    await round(5, ["b", "c"]);
    [inc] = await db.select().from(incidents);
    expect(inc).toMatchObject({ title: "API health is down", impact: "critical", resolvedAt: null });
    expect((await db.select().from(incidentComponents))[0].impact).toBe("major_outage");
    await round(6, []);
    await round(7, []);
    [inc] = await db.select().from(incidents);
    expect(inc).toMatchObject({ status: "resolved", resolvedAt: T0 + 210_000, impact: "critical" });
    const updates = await db.select().from(incidentUpdates).orderBy(asc(incidentUpdates.id));
    expect(updates.map((u) => u.status)).toEqual(["investigating", "investigating", "resolved"]);
    expect(updates[0].body).toMatch(/^API health is partly down: 2 of 3 regions down: a: connect ECONNREFUSED; b: connect ECONNREFUSED$/);
    expect(updates[1].body).toBe("Escalated: API health is down");
    expect(updates[2].body).toBe("Resolved automatically after 2 min: 2 of 3 regions up");

    // A bounce straight back down (within the keep-firing time) reopens it: one incident, not one per bounce.
    await round(8, ["a", "b", "c"]);
    await round(9, ["a", "b", "c"]);
    [inc] = await db.select().from(incidents);
    expect(await db.select().from(incidents)).toHaveLength(1);
    expect(inc).toMatchObject({ status: "investigating", resolvedAt: null, startedAt: T0 + 60_000 });
    await round(10, []);
    await round(11, []);
    expect((await db.select().from(incidents))[0]).toMatchObject({ status: "resolved", resolvedAt: T0 + 330_000 });

    // An outage after the monitor has been stable opens a new incident.
    for (let i = 12; i < 16; i++) await round(i, []);
    await round(16, ["a", "b", "c"]);
    await round(17, ["a", "b", "c"]);
    expect(await db.select().from(incidents)).toHaveLength(2);
  });

  it("publishes at once only a public monitor's incident, by the public scope's rule (its component public too)", async () => {
    // A private component that would publish incidents: its public-flagged monitor is still not public.
    const hidden = await makeComponent(db, { name: "Hidden", publishIncidents: true, isPublic: false });
    const cases = [
      { name: "On a private component", over: { componentId: hidden.id } },
      { name: "Private itself", over: { componentId: monitor.componentId, isPublic: false } },
      { name: "Public", over: { componentId: monitor.componentId } },
    ];
    for (const c of cases) {
      const m = await makeMonitor(db, { name: c.name, ...c.over });
      await db.$client.batch(autoIncidentStatements({ id: m.id, name: c.name, componentId: m.componentId }, { from: "operational", to: "down", at: T0, reason: "x" }, { down: 3, live: 3 }, T0), "write");
    }
    const rows = await db.select({ title: incidents.title, published: incidents.published }).from(incidents).orderBy(asc(incidents.id));
    expect(rows).toEqual([
      { title: "On a private component is down", published: false },
      { title: "Private itself is down", published: false },
      { title: "Public is down", published: true },
    ]);
  });
});
