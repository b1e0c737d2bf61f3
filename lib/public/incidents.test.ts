import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { autoIncidentStatements } from "../incidents/auto";
import { advanceMaintenance, createIncident, mergeIncident, postUpdate, scheduleMaintenance } from "../incidents/manage";
import { publicIncidents } from "./incidents";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe("incidents on the public page", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("shows published open incidents with rendered, sanitized updates and public components only", async () => {
    const api = await makeComponent(db, { name: "API" });
    const secret = await makeComponent(db, { name: "Secret admin", isPublic: false });
    const archived = await makeComponent(db, { name: "Old thing", archivedAt: T0 - DAY });
    const id = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: "Errors on the API",
        status: "investigating",
        impact: "major",
        componentImpacts: [
          { componentId: api.id, impact: "partial_outage" },
          { componentId: secret.id, impact: "major_outage" },
        ],
        body: "We are **on it** <script>alert(1)</script> <img src=x onerror=alert(1)>",
        published: true,
      },
      T0,
    );
    // An archived component cannot be chosen any more.
    await expect(createIncident(db, SYSTEM_ACTOR, { title: "x", status: "investigating", impact: "minor", componentImpacts: [{ componentId: archived.id, impact: "major_outage" }], body: "x" })).rejects.toThrow(
      /no component/,
    );
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "identified", body: "Found it: [details](javascript:alert(1))" }, T0 + MIN);
    await createIncident(db, SYSTEM_ACTOR, { title: "Draft only", status: "investigating", impact: "minor", body: "not yet", published: false }, T0);
    await createIncident(db, SYSTEM_ACTOR, { title: "Old and resolved", status: "resolved", impact: "minor", body: "done", published: true }, T0 - DAY);

    const { active, maintenance } = await publicIncidents(db, T0 + 2 * MIN);
    expect(maintenance).toEqual([]);
    expect(active).toHaveLength(1);
    const [incident] = active;
    expect(incident).toMatchObject({ id, title: "Errors on the API", status: "identified", impact: "major", startedAt: T0 });
    expect(incident.components).toEqual([{ id: api.id, name: "API", impact: "partial_outage" }]);
    expect(incident.updates.map((u) => u.status)).toEqual(["identified", "investigating"]);
    expect(incident.updates[1].html).toBe("<p>We are <strong>on it</strong> &lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=alert(1)&gt;</p>");
    expect(incident.updates[0].html).toBe("<p>Found it: [details](javascript:alert(1))</p>");
    expect(JSON.stringify(active)).not.toContain("Secret admin");
  });

  it("shows a merged automatic incident only through the incident it was merged into", async () => {
    const api = await makeComponent(db, { name: "API", publishIncidents: true });
    const monitor = await makeMonitor(db, { name: "API health", componentId: api.id });
    await db.$client.batch(
      autoIncidentStatements({ id: monitor.id, name: "API health", componentId: api.id }, { from: "operational", to: "down", at: T0, reason: "3 of 3 regions failed" }, { down: 3, live: 3 }, T0),
      "write",
    );
    expect((await publicIncidents(db, T0)).active.map((i) => i.title)).toEqual(["API health is down"]);
    const manual = await createIncident(db, SYSTEM_ACTOR, { title: "API outage", status: "identified", impact: "major", body: "We know", published: true }, T0 + MIN);
    const { rows } = await db.$client.execute("SELECT id FROM incidents WHERE source = 'auto'");
    await mergeIncident(db, SYSTEM_ACTOR, Number(rows[0].id), manual, T0 + 2 * MIN);

    const { active } = await publicIncidents(db, T0 + 3 * MIN);
    expect(active.map((i) => i.title)).toEqual(["API outage"]);
    expect(active[0].impact).toBe("critical");
    expect(active[0].components).toEqual([{ id: api.id, name: "API", impact: "major_outage" }]);
    expect(active[0].updates.map((u) => u.html)).toContain("<p>API health is down: 3 of 3 regions failed</p>");
  });

  it("shows published maintenance starting within 14 days or in progress, in progress first", async () => {
    const api = await makeComponent(db, { name: "API" });
    const secret = await makeComponent(db, { name: "Secret", isPublic: false });
    const soon = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Soon", body: "Upgrading _Postgres_", componentIds: [api.id, secret.id], scheduledFor: T0 + 2 * DAY, scheduledUntil: T0 + 2 * DAY + HOUR, published: true }, T0);
    const now = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Now", body: "x", scheduledFor: T0 + HOUR, scheduledUntil: T0 + 3 * HOUR, published: true }, T0);
    await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Far", body: "x", scheduledFor: T0 + 20 * DAY, scheduledUntil: T0 + 20 * DAY + HOUR, published: true }, T0);
    const draft = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Hidden draft", body: "x", scheduledFor: T0 + HOUR, scheduledUntil: T0 + 2 * HOUR, published: false }, T0);
    const done = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Done", body: "x", scheduledFor: T0 + MIN, scheduledUntil: T0 + 2 * MIN, published: true }, T0);

    const at = T0 + HOUR + 10_000;
    // Even before the coordinator moves it, a window that has begun is shown as in progress…
    let { maintenance } = await publicIncidents(db, at);
    expect(maintenance.map((m) => [m.title, m.inProgress])).toEqual([
      ["Now", true],
      ["Soon", false],
    ]);
    // …and after it has, the same (drafts move too, unseen). A completed window is gone.
    expect(await advanceMaintenance(db, at)).toEqual({ started: [now, draft], completed: [done] });
    ({ maintenance } = await publicIncidents(db, at));
    expect(maintenance.map((m) => [m.id, m.status, m.inProgress])).toEqual([
      [now, "in_progress", true],
      [soon, "scheduled", false],
    ]);
    const upcoming = maintenance[1];
    expect(upcoming).toMatchObject({ scheduledFor: T0 + 2 * DAY, scheduledUntil: T0 + 2 * DAY + HOUR, components: [{ id: api.id, name: "API" }] });
    expect(upcoming.updates[0].html).toBe("<p>Upgrading <em>Postgres</em></p>");
    expect((await publicIncidents(db, T0 + 3 * HOUR)).maintenance.map((m) => m.title)).toEqual(["Soon"]);
  });

  it("is one query, with or without the recent history for the day bars", async () => {
    let statements = 0;
    const client = db.$client as unknown as { execute: (...a: unknown[]) => unknown };
    const execute = client.execute.bind(db.$client);
    client.execute = (...a: unknown[]) => (statements++, execute(...a));
    expect(await publicIncidents(db, T0)).toEqual({ active: [], maintenance: [], recent: [] });
    const api = await makeComponent(db, { name: "API" });
    const secret = await makeComponent(db, { name: "Secret", isPublic: false });
    const open = await createIncident(db, SYSTEM_ACTOR, { title: "Open", status: "investigating", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }], body: "x", published: true }, T0 - HOUR);
    const old = await createIncident(
      db,
      SYSTEM_ACTOR,
      { title: "Old", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }, { componentId: secret.id, impact: "major_outage" }], body: "x", published: true },
      T0 - 3 * DAY,
    );
    await postUpdate(db, SYSTEM_ACTOR, old, { status: "resolved", body: "fixed" }, T0 - 2 * DAY);
    const tooOld = await createIncident(db, SYSTEM_ACTOR, { title: "Too old", status: "investigating", impact: "minor", body: "x", published: true }, T0 - 100 * DAY);
    await postUpdate(db, SYSTEM_ACTOR, tooOld, { status: "resolved", body: "fixed" }, T0 - 99 * DAY);
    statements = 0;
    const out = await publicIncidents(db, T0, T0 - 90 * DAY);
    expect(statements).toBe(1);
    expect(out.active.map((i) => i.id)).toEqual([open]);
    expect(out.recent).toEqual([
      { id: open, title: "Open", startedAt: T0 - HOUR, resolvedAt: null, componentIds: [api.id] },
      { id: old, title: "Old", startedAt: T0 - 3 * DAY, resolvedAt: T0 - 2 * DAY, componentIds: [api.id] },
    ]);
  });
});
