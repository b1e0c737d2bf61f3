import { userErrorOf } from "../testing/user-error";
import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { incidentComponents, incidents, incidentUpdates } from "../db/schema";
import { autoIncidentStatements } from "./auto";
import {
  advanceMaintenance,
  createIncident,
  editIncident,
  getIncident,
  listIncidents,
  listMergeTargets,
  maintenancePhase,
  mergeIncident,
  postUpdate,
  publishIncident,
  scheduleMaintenance,
} from "./manage";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;


describe("manual incidents and maintenance", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  const row = async (id: number) => (await db.select().from(incidents).where(eq(incidents.id, id)))[0];
  const updates = (id: number) =>
    db.select({ status: incidentUpdates.status, body: incidentUpdates.body, createdAt: incidentUpdates.createdAt }).from(incidentUpdates).where(eq(incidentUpdates.incidentId, id)).orderBy(asc(incidentUpdates.id));
  const affected = (id: number) =>
    db.select({ componentId: incidentComponents.componentId, impact: incidentComponents.impact }).from(incidentComponents).where(eq(incidentComponents.incidentId, id)).orderBy(asc(incidentComponents.componentId));

  /** An automatic incident as the coordinator opens it: a monitor of `componentId` going down. */
  async function openAuto(componentId: number, name = "API health") {
    const monitor = await makeMonitor(db, { name, componentId });
    await db.$client.batch(autoIncidentStatements({ id: monitor.id, name, componentId }, { from: "operational", to: "down", at: T0, reason: "3 of 3 regions failed twice: connect ECONNREFUSED" }, { down: 3, live: 3 }, T0), "write");
    const [auto] = await db.select().from(incidents).where(eq(incidents.monitorId, monitor.id));
    return { auto, monitor };
  }

  it("opens an incident with its first update and affected components", async () => {
    const api = await makeComponent(db, { name: "API" });
    const web = await makeComponent(db, { name: "Web" });
    const id = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: "  Elevated API errors ",
        status: "investigating",
        impact: "major",
        componentImpacts: [
          { componentId: api.id, impact: "partial_outage" },
          { componentId: web.id, impact: "degraded_performance" },
        ],
        body: "We are looking into it.",
        published: true,
      },
      T0,
    );
    expect(await row(id)).toMatchObject({ title: "Elevated API errors", kind: "incident", status: "investigating", impact: "major", source: "manual", published: true, startedAt: T0, resolvedAt: null });
    expect(await updates(id)).toEqual([{ status: "investigating", body: "We are looking into it.", createdAt: T0 }]);
    expect(await affected(id)).toEqual([
      { componentId: api.id, impact: "partial_outage" },
      { componentId: web.id, impact: "degraded_performance" },
    ]);
    // A second incident gets its own children (the new id is found inside the transaction).
    const second = await createIncident(db, SYSTEM_ACTOR, { title: "Second", status: "identified", impact: "minor", componentImpacts: [{ componentId: web.id, impact: "major_outage" }], body: "b" }, T0 + MIN);
    expect(second).toBe(id + 1);
    expect(await affected(second)).toEqual([{ componentId: web.id, impact: "major_outage" }]);
    expect(await updates(id)).toHaveLength(1);
    expect((await row(second)).published).toBe(false);
  });

  it("refuses bad input with a message that says what to change, writing nothing", async () => {
    const api = await makeComponent(db);
    const base = { title: "Outage", status: "investigating" as const, impact: "major" as const, body: "text" };
    expect((await userErrorOf(() => createIncident(db, SYSTEM_ACTOR, { ...base, title: "   " }))).message).toBe("Give it a title.");
    expect((await userErrorOf(() => createIncident(db, SYSTEM_ACTOR, { ...base, body: "" }))).message).toMatch(/^Write a message/);
    expect((await userErrorOf(() => createIncident(db, SYSTEM_ACTOR, { ...base, title: "x".repeat(201) }))).message).toMatch(/at most 200 characters/);
    expect((await userErrorOf(() => createIncident(db, SYSTEM_ACTOR, { ...base, status: "completed" as never }))).message).toBe("Choose a status: investigating, identified, monitoring, resolved.");
    expect((await userErrorOf(() => createIncident(db, SYSTEM_ACTOR, { ...base, impact: "huge" as never }))).message).toBe("Choose an impact: none, minor, major, critical.");
    const unknown = await userErrorOf(() => createIncident(db, SYSTEM_ACTOR, { ...base, componentImpacts: [{ componentId: 9999, impact: "major_outage" }] }));
    expect(unknown.message).toBe("There is no component with id 9999: choose components from the list.");
    expect(unknown.code).toBe("invalid_input");
    const twice = await userErrorOf(() =>
      createIncident(db, SYSTEM_ACTOR, { ...base, componentImpacts: [{ componentId: api.id, impact: "major_outage" }, { componentId: api.id, impact: "partial_outage" }] }),
    );
    expect(twice.message).toBe("Each component can be listed once.");
    expect(await db.select().from(incidents)).toHaveLength(0);
  });

  it("moves an incident through its statuses; resolving records the time and cannot be undone", async () => {
    const id = await createIncident(db, SYSTEM_ACTOR, { title: "Outage", status: "investigating", impact: "major", body: "Looking" }, T0);
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "identified", body: "A bad deploy" }, T0 + MIN);
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "monitoring", body: "Rolled back" }, T0 + 2 * MIN);
    expect((await row(id)).resolvedAt).toBeNull();
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "All good" }, T0 + 3 * MIN);
    expect(await row(id)).toMatchObject({ status: "resolved", resolvedAt: T0 + 3 * MIN, updatedAt: T0 + 3 * MIN });
    expect((await updates(id)).map((u) => u.status)).toEqual(["investigating", "identified", "monitoring", "resolved"]);

    const back = await userErrorOf(() => postUpdate(db, SYSTEM_ACTOR, id, { status: "investigating", body: "again?" }, T0 + 4 * MIN));
    expect(back.message).toBe("Incident #" + id + " is resolved and cannot go back to “investigating”: post a “resolved” note, or open a new incident.");
    expect(back.code).toBe("conflict");
    // A postmortem note in the final status is fine and keeps the resolution time.
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Postmortem: …" }, T0 + 60 * MIN);
    expect((await row(id)).resolvedAt).toBe(T0 + 3 * MIN);

    const wrongKind = await userErrorOf(() => postUpdate(db, SYSTEM_ACTOR, id, { status: "in_progress", body: "x" }));
    expect(wrongKind.message).toBe("“in progress” is not a status for incident: choose investigating, identified, monitoring, resolved.");
    expect((await userErrorOf(() => postUpdate(db, SYSTEM_ACTOR, 424242, { status: "identified", body: "x" }))).code).toBe("not_found");
    expect((await userErrorOf(() => postUpdate(db, SYSTEM_ACTOR, id, { status: "nope" as never, body: "x" }))).message).toMatch(/^Choose a status/);
    expect(await updates(id)).toHaveLength(5);
  });

  it("edits title, impact and components, and publishes or hides", async () => {
    const [a, b] = [await makeComponent(db), await makeComponent(db)];
    const id = await createIncident(db, SYSTEM_ACTOR, { title: "Old", status: "investigating", impact: "minor", componentImpacts: [{ componentId: a.id, impact: "degraded_performance" }], body: "x" }, T0);
    await editIncident(db, SYSTEM_ACTOR, id, { title: "New title", impact: "critical", componentImpacts: [{ componentId: b.id, impact: "major_outage" }] }, T0 + MIN);
    expect(await row(id)).toMatchObject({ title: "New title", impact: "critical", updatedAt: T0 + MIN });
    expect(await affected(id)).toEqual([{ componentId: b.id, impact: "major_outage" }]);
    await editIncident(db, SYSTEM_ACTOR, id, { title: "Only the title" }, T0 + 2 * MIN);
    expect(await affected(id)).toEqual([{ componentId: b.id, impact: "major_outage" }]);
    await editIncident(db, SYSTEM_ACTOR, id, { componentImpacts: [] }, T0 + 3 * MIN);
    expect(await affected(id)).toEqual([]);
    expect((await userErrorOf(() => editIncident(db, SYSTEM_ACTOR, id, { title: "" }))).message).toBe("Give it a title.");
    expect((await userErrorOf(() => editIncident(db, SYSTEM_ACTOR, id, { scheduledUntil: T0 + HOUR }))).message).toMatch(/^Only maintenance has a window/);

    await publishIncident(db, SYSTEM_ACTOR, id, true, T0 + 4 * MIN);
    expect((await row(id)).published).toBe(true);
    await publishIncident(db, SYSTEM_ACTOR, id, false);
    expect((await row(id)).published).toBe(false);
    expect((await userErrorOf(() => publishIncident(db, SYSTEM_ACTOR, 9999, true))).code).toBe("not_found");
  });

  it("merges an automatic incident into a manual one, keeping the worse impact; the automatic one stays open", async () => {
    const [api, web, db1] = [await makeComponent(db), await makeComponent(db), await makeComponent(db)];
    const { auto, monitor } = await openAuto(api.id);
    // The automatic incident also names `web` mildly and `db1` badly.
    await db.insert(incidentComponents).values([
      { incidentId: auto.id, componentId: web.id, impact: "degraded_performance" },
      { incidentId: auto.id, componentId: db1.id, impact: "major_outage" },
    ]);
    const manual = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: "We are having trouble",
        status: "identified",
        impact: "minor",
        componentImpacts: [
          { componentId: web.id, impact: "partial_outage" },
          { componentId: db1.id, impact: "degraded_performance" },
        ],
        body: "Working on it",
        published: true,
      },
      T0 + MIN,
    );
    expect(await listMergeTargets(db)).toEqual([{ id: manual, title: "We are having trouble" }]);
    await mergeIncident(db, SYSTEM_ACTOR, auto.id, manual, T0 + 2 * MIN);

    expect(await row(auto.id)).toMatchObject({ mergedInto: manual, resolvedAt: null, status: "investigating" });
    expect(await updates(auto.id)).toEqual([]);
    expect(await affected(auto.id)).toEqual([]);
    const target = await row(manual);
    expect(target.impact).toBe("critical"); // the automatic one was critical (3 of 3 regions down)
    expect(await affected(manual)).toEqual([
      { componentId: api.id, impact: "major_outage" },
      { componentId: web.id, impact: "partial_outage" },
      { componentId: db1.id, impact: "major_outage" },
    ]);
    const timeline = await updates(manual);
    expect(timeline.map((u) => u.body)).toEqual([
      "API health is down: 3 of 3 regions failed twice: connect ECONNREFUSED",
      "Working on it",
      `Merged automatic incident #${auto.id} “API health is down” into this incident, with its open timeline and affected components.`,
    ]);
    expect(timeline[2]).toMatchObject({ status: "identified", createdAt: T0 + 2 * MIN });

    // The coordinator seeing the monitor fail again opens no duplicate: the merged one is still open.
    await db.$client.batch(autoIncidentStatements({ id: monitor.id, name: "API health", componentId: api.id }, { from: "degraded", to: "down", at: T0 + 5 * MIN, reason: "again" }, { down: 3, live: 3 }, T0 + 5 * MIN), "write");
    expect(await db.select().from(incidents).where(eq(incidents.monitorId, monitor.id))).toHaveLength(1);
    // The dashboard lists only the target.
    expect((await listIncidents(db)).items.map((i) => i.id)).toEqual([manual]);
    const detail = await getIncident(db, manual);
    expect(detail?.mergedFrom).toEqual([{ id: auto.id, title: "API health is down" }]);
  });

  it("refuses merges that make no sense", async () => {
    const api = await makeComponent(db);
    const { auto } = await openAuto(api.id);
    const { auto: other } = await openAuto(api.id, "Other");
    const manual = await createIncident(db, SYSTEM_ACTOR, { title: "Manual", status: "investigating", impact: "minor", body: "x" }, T0);
    const closed = await createIncident(db, SYSTEM_ACTOR, { title: "Closed", status: "resolved", impact: "minor", body: "x" }, T0);
    const maint = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "M", body: "x", scheduledFor: T0 + HOUR, scheduledUntil: T0 + 2 * HOUR }, T0);

    expect((await userErrorOf(() => mergeIncident(db, SYSTEM_ACTOR, manual, manual))).message).toMatch(/into itself/);
    expect((await userErrorOf(() => mergeIncident(db, SYSTEM_ACTOR, manual, auto.id))).message).toBe(`Incident #${manual} was opened by hand: only automatic incidents can be merged.`);
    expect((await userErrorOf(() => mergeIncident(db, SYSTEM_ACTOR, auto.id, other.id))).message).toBe(`Incident #${other.id} is not a manual incident: merge into an incident the team opened.`);
    expect((await userErrorOf(() => mergeIncident(db, SYSTEM_ACTOR, auto.id, maint))).message).toBe(`Maintenance #${maint} is not a manual incident: merge into an incident the team opened.`);
    expect((await userErrorOf(() => mergeIncident(db, SYSTEM_ACTOR, auto.id, closed))).message).toBe(`Incident #${closed} is resolved: merge into an open incident.`);
    expect((await userErrorOf(() => mergeIncident(db, SYSTEM_ACTOR, auto.id, 9999))).code).toBe("not_found");
    expect((await row(auto.id)).mergedInto).toBeNull();

    await mergeIncident(db, SYSTEM_ACTOR, auto.id, manual, T0 + MIN);
    const again = await userErrorOf(() => mergeIncident(db, SYSTEM_ACTOR, auto.id, manual));
    expect(again.message).toBe(`Incident #${auto.id} was merged into incident #${manual}: change that one instead.`);
    // A merged incident takes no updates or edits of its own.
    expect((await userErrorOf(() => postUpdate(db, SYSTEM_ACTOR, auto.id, { status: "identified", body: "x" }))).code).toBe("conflict");
    expect((await userErrorOf(() => editIncident(db, SYSTEM_ACTOR, auto.id, { title: "x" }))).code).toBe("conflict");
  });

  it("schedules maintenance with a window that must make sense", async () => {
    const api = await makeComponent(db);
    const base = { title: "Database upgrade", body: "Expect **short** interruptions.", componentIds: [api.id], published: true };
    expect((await userErrorOf(() => scheduleMaintenance(db, SYSTEM_ACTOR, { ...base, scheduledFor: T0 + HOUR, scheduledUntil: T0 + HOUR }, T0))).message).toBe(
      "The maintenance must end after it starts: set the end later than the start.",
    );
    expect((await userErrorOf(() => scheduleMaintenance(db, SYSTEM_ACTOR, { ...base, scheduledFor: T0 - 2 * HOUR, scheduledUntil: T0 - HOUR }, T0))).message).toMatch(/already ended/);
    expect((await userErrorOf(() => scheduleMaintenance(db, SYSTEM_ACTOR, { ...base, scheduledFor: "tomorrow", scheduledUntil: T0 + HOUR }, T0))).message).toBe(
      "Enter the start as a date and time in UTC, like 2026-11-26T14:00.",
    );
    expect((await userErrorOf(() => scheduleMaintenance(db, SYSTEM_ACTOR, { ...base, scheduledFor: "2026-02-31T10:00", scheduledUntil: T0 + HOUR }, T0))).message).toMatch(/^Enter the start/);

    // Form values (datetime-local) are read as UTC.
    const id = await scheduleMaintenance(db, SYSTEM_ACTOR, { ...base, scheduledFor: "2026-11-26T12:00", scheduledUntil: "2026-11-26T13:30" }, T0);
    expect(await row(id)).toMatchObject({
      kind: "maintenance",
      status: "scheduled",
      impact: "none",
      source: "manual",
      published: true,
      scheduledFor: Date.UTC(2026, 10, 26, 12, 0),
      scheduledUntil: Date.UTC(2026, 10, 26, 13, 30),
      startedAt: Date.UTC(2026, 10, 26, 12, 0),
      resolvedAt: null,
    });
    expect(await updates(id)).toEqual([{ status: "scheduled", body: "Expect **short** interruptions.", createdAt: T0 }]);
    expect(await affected(id)).toEqual([{ componentId: api.id, impact: "degraded_performance" }]);
    expect(maintenancePhase(await row(id), T0)).toBe("upcoming");
    // Incident statuses do not fit maintenance.
    expect((await userErrorOf(() => postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "x" }))).message).toBe(
      "“resolved” is not a status for maintenance: choose scheduled, in progress, verifying, completed.",
    );
  });

  it("moves maintenance along by time, idempotently", async () => {
    const [api, web] = [await makeComponent(db), await makeComponent(db)];
    const from = T0 + HOUR;
    const until = T0 + 2 * HOUR;
    const id = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Upgrade", body: "x", componentIds: [api.id, web.id], scheduledFor: from, scheduledUntil: until }, T0);

    expect(await advanceMaintenance(db, from - 1)).toEqual({ started: [], completed: [] });

    expect(await advanceMaintenance(db, from + 2_000)).toEqual({ started: [id], completed: [] });
    expect(await advanceMaintenance(db, from + 4_000)).toEqual({ started: [], completed: [] });
    expect(await row(id)).toMatchObject({ status: "in_progress", resolvedAt: null });
    expect(maintenancePhase(await row(id), from + 4_000)).toBe("active");

    // The team may say it is verifying; the window's end still completes it.
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "verifying", body: "Checking" }, from + 30 * MIN);
    expect(await advanceMaintenance(db, until - 1)).toEqual({ started: [], completed: [] });
    expect(await advanceMaintenance(db, until + 3_000)).toEqual({ started: [], completed: [id] });
    expect(await advanceMaintenance(db, until + 6_000)).toEqual({ started: [], completed: [] });
    expect(await row(id)).toMatchObject({ status: "completed", resolvedAt: until });
    expect(await updates(id)).toEqual([
      { status: "scheduled", body: "x", createdAt: T0 },
      { status: "in_progress", body: "Maintenance in progress", createdAt: from },
      { status: "verifying", body: "Checking", createdAt: from + 30 * MIN },
      { status: "completed", body: "Maintenance completed", createdAt: until },
    ]);
    const back = await userErrorOf(() => postUpdate(db, SYSTEM_ACTOR, id, { status: "in_progress", body: "x" }));
    expect(back.message).toBe(`Maintenance #${id} is completed and cannot go back to “in progress”: post a “completed” note, or open a new maintenance.`);
  });

  it("completes a window that passed while the coordinator was away, without starting it first", async () => {
    const id = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Short", body: "x", scheduledFor: T0 + MIN, scheduledUntil: T0 + 2 * MIN }, T0);
    const other = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Later", body: "x", scheduledFor: T0 + HOUR, scheduledUntil: T0 + 2 * HOUR }, T0);
    expect(await advanceMaintenance(db, T0 + 10 * MIN)).toEqual({ started: [], completed: [id] });
    expect((await updates(id)).map((u) => u.status)).toEqual(["scheduled", "completed"]);
    expect((await row(other)).status).toBe("scheduled");
  });

  it("takes the team's word: started early moves the window's start, completed early ends it", async () => {
    const api = await makeComponent(db);
    const id = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Upgrade", body: "x", componentIds: [api.id], scheduledFor: T0 + HOUR, scheduledUntil: T0 + 2 * HOUR }, T0);
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "in_progress", body: "Starting early" }, T0 + 30 * MIN);
    expect(await row(id)).toMatchObject({ status: "in_progress", scheduledFor: T0 + 30 * MIN, startedAt: T0 + 30 * MIN });
    expect(await advanceMaintenance(db, T0 + 31 * MIN)).toEqual({ started: [], completed: [] });
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "completed", body: "Done early" }, T0 + 45 * MIN);
    expect(await row(id)).toMatchObject({ status: "completed", resolvedAt: T0 + 45 * MIN });
    expect(await advanceMaintenance(db, T0 + 3 * HOUR)).toEqual({ started: [], completed: [] });
    expect((await row(id)).resolvedAt).toBe(T0 + 45 * MIN);
  });

  it("reschedules maintenance that has not started; only the end moves once it has", async () => {
    const id = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Upgrade", body: "x", scheduledFor: T0 + HOUR, scheduledUntil: T0 + 2 * HOUR }, T0);
    await editIncident(db, SYSTEM_ACTOR, id, { scheduledFor: "2026-11-26T14:00", scheduledUntil: "2026-11-26T15:00" }, T0);
    expect(await row(id)).toMatchObject({ scheduledFor: Date.UTC(2026, 10, 26, 14), scheduledUntil: Date.UTC(2026, 10, 26, 15) });
    expect((await userErrorOf(() => editIncident(db, SYSTEM_ACTOR, id, { scheduledUntil: "2026-11-26T13:00" }, T0))).message).toMatch(/must end after it starts/);
    await advanceMaintenance(db, Date.UTC(2026, 10, 26, 14, 1));
    expect((await userErrorOf(() => editIncident(db, SYSTEM_ACTOR, id, { scheduledFor: "2026-11-26T14:30" }, Date.UTC(2026, 10, 26, 14, 2)))).message).toBe(
      `Maintenance #${id} has started: only its end can move.`,
    );
    await editIncident(db, SYSTEM_ACTOR, id, { scheduledUntil: "2026-11-26T16:00" }, Date.UTC(2026, 10, 26, 14, 2));
    expect((await row(id)).scheduledUntil).toBe(Date.UTC(2026, 10, 26, 16));
  });

  it("checks for due maintenance with one indexed read", async () => {
    const plan = await db.$client.execute({
      sql: `EXPLAIN QUERY PLAN SELECT id FROM incidents INDEXED BY incidents_maintenance_idx
            WHERE kind = 'maintenance' AND scheduled_for <= ? AND resolved_at IS NULL AND (status = 'scheduled' OR scheduled_until <= ?)`,
      args: [T0, T0],
    });
    expect(plan.rows.map((r) => String(r.detail)).join("\n")).toMatch(/SEARCH incidents USING INDEX incidents_maintenance_idx \(scheduled_for<\?\)/);
    // Many completed incidents and no due maintenance: nothing is written.
    for (let i = 0; i < 20; i++) await createIncident(db, SYSTEM_ACTOR, { title: `Old ${i}`, status: "resolved", impact: "minor", body: "x" }, T0 - i * HOUR);
    const before = (await db.$client.execute("SELECT total_changes() AS n")).rows[0].n;
    expect(await advanceMaintenance(db, T0)).toEqual({ started: [], completed: [] });
    expect((await db.$client.execute("SELECT total_changes() AS n")).rows[0].n).toBe(before);
  });

  it("lists open incidents first, newest first, in pages; maintenance soonest first", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await createIncident(db, SYSTEM_ACTOR, { title: `I${i}`, status: i % 2 ? "resolved" : "investigating", impact: "minor", body: "x" }, T0 + i * MIN));
    // Open: I4, I2, I0 (newest first); then resolved: I3, I1.
    const first = await listIncidents(db, { page: 1, pageSize: 3 });
    expect(first.items.map((i) => i.title)).toEqual(["I4", "I2", "I0"]);
    expect(first.hasMore).toBe(true);
    const second = await listIncidents(db, { page: 2, pageSize: 3 });
    expect(second.items.map((i) => i.title)).toEqual(["I3", "I1"]);
    expect(second.hasMore).toBe(false);

    const api = await makeComponent(db, { name: "API" });
    const later = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Later", body: "x", componentIds: [api.id], scheduledFor: T0 + 5 * HOUR, scheduledUntil: T0 + 6 * HOUR }, T0);
    const sooner = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Sooner", body: "x", scheduledFor: T0 + HOUR, scheduledUntil: T0 + 2 * HOUR }, T0);
    const done = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Done", body: "x", scheduledFor: T0 + MIN, scheduledUntil: T0 + 2 * MIN }, T0);
    await advanceMaintenance(db, T0 + 3 * MIN);
    const maint = await listIncidents(db, { kind: "maintenance" });
    expect(maint.items.map((i) => i.id)).toEqual([sooner, later, done]);
    expect(maint.items[1].components).toEqual(["API"]);

    const detail = await getIncident(db, ids[0]);
    expect(detail?.incident.title).toBe("I0");
    expect(detail?.updates).toHaveLength(1);
    expect(await getIncident(db, 9999)).toBeNull();
  });
});
