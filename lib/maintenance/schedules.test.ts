import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit, type Actor } from "../audit/log";
import { accrueStateTime, processResultBatch } from "../coordinator/fold";
import type { Db } from "../db/client";
import { alerts, incidents, incidentUpdates, maintenanceOccurrences, stateTimeHourly } from "../db/schema";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { UserError } from "../errors";
import { advanceMaintenance, getIncident } from "../incidents/manage";
import { maintenanceWindows } from "../incidents/windows";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { sumStateTime } from "../uptime/state-time";
import { materializeSchedules, MATERIALIZE_HORIZON_MS } from "./materialize";
import { endWindow, listOpenWindows, scheduleWindow } from "./one-off";
import { archiveSchedule, createSchedule, listSchedules, updateSchedule, type ScheduleInput } from "./schedules";

const DAY = 86_400_000;
const MIN = 60_000;
// Wednesday 2026-03-18 12:00 UTC: Berlin's DST change (Sunday 29 March) is inside the horizon.
const T0 = Date.UTC(2026, 2, 18, 12, 0);
const ACTOR: Actor = { userId: null, label: "ops@example.com", source: "ui" };

async function fieldErrors(p: Promise<unknown>): Promise<Record<string, string[]>> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return (err as UserError).fieldErrors ?? {};
}

describe("maintenance schedules", () => {
  let db: Db;
  let cleanup: () => void;
  let componentId: number;
  let weekly: ScheduleInput;

  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    componentId = (await makeComponent(db, { name: "Database" })).id;
    weekly = {
      title: "Database patching",
      body: "Weekly **patching**.",
      componentIds: [componentId],
      recurrence: { frequency: "weekly", weekdays: [0], time: "02:30" },
      timeZone: "Europe/Berlin",
      durationMinutes: 60,
      startDate: "2026-03-18",
      published: true,
    };
  });
  afterEach(() => cleanup());

  const occurrences = () => db.select().from(maintenanceOccurrences).orderBy(maintenanceOccurrences.startsAt);
  const windowsOf = async () =>
    (await db.select().from(incidents)).filter((i) => i.kind === "maintenance").map((i) => [new Date(i.scheduledFor!).toISOString(), new Date(i.scheduledUntil!).toISOString(), i.status]);

  it("materializes the horizon's occurrences at local 02:30 across the DST change, once however often the pass runs", async () => {
    const id = await createSchedule(db, ACTOR, weekly, T0);
    expect(await windowsOf()).toEqual([
      ["2026-03-22T01:30:00.000Z", "2026-03-22T02:30:00.000Z", "scheduled"],
      ["2026-03-29T01:00:00.000Z", "2026-03-29T02:00:00.000Z", "scheduled"],
    ]);
    const before = await db.select().from(incidents);
    // Two coordinators (or a restart) passing at the same time and later add nothing.
    await Promise.all([materializeSchedules(db, T0), materializeSchedules(db, T0), materializeSchedules(db, T0 + MIN, id)]);
    expect(await db.select().from(incidents)).toEqual(before);
    expect(await occurrences()).toHaveLength(2);
    // Each occurrence is an ordinary maintenance incident: timeline, components, published.
    const d = (await getIncident(db, before[0].id))!;
    expect(d.incident).toMatchObject({ title: "Database patching", kind: "maintenance", status: "scheduled", published: true, source: "manual" });
    expect(d.updates.map((u) => [u.status, u.body])).toEqual([["scheduled", "Weekly **patching**."]]);
    expect(d.components.map((c) => c.id)).toEqual([componentId]);
    // A day on, the horizon has not run low: one read, nothing written. A week on, the next one comes.
    expect(await materializeSchedules(db, T0 + DAY)).toEqual({ created: 0 });
    expect(await materializeSchedules(db, T0 + 7 * DAY)).toEqual({ created: 1 });
    expect((await windowsOf()).at(-1)).toEqual(["2026-04-05T00:30:00.000Z", "2026-04-05T01:30:00.000Z", "scheduled"]);
    expect(await materializeSchedules(db, T0 + 7 * DAY)).toEqual({ created: 0 });
    const [s] = await listSchedules(db, {}, T0);
    expect(s).toMatchObject({ description: "Weekly on Sunday at 02:30 (Europe/Berlin)", nextOccurrence: Date.UTC(2026, 2, 22, 1, 30), startDate: "2026-03-18", endDate: null });
    expect((await listAudit(db)).entries.map((e) => [e.action, e.entityId])).toEqual([["maintenance_schedule.create", String(id)]]);
  });

  it("materializes at least the next occurrence of a monthly schedule beyond the horizon, and nothing past its end date", async () => {
    await createSchedule(db, ACTOR, { ...weekly, recurrence: { frequency: "monthly", dayOfMonth: 15, time: "22:00" }, timeZone: "UTC", endDate: "2026-05-20" }, T0);
    expect(await windowsOf()).toEqual([["2026-04-15T22:00:00.000Z", "2026-04-15T23:00:00.000Z", "scheduled"]]);
    expect(Date.UTC(2026, 3, 15) - T0).toBeGreaterThan(MATERIALIZE_HORIZON_MS);
    await materializeSchedules(db, Date.UTC(2026, 3, 16));
    await materializeSchedules(db, Date.UTC(2026, 4, 16));
    expect((await windowsOf()).map((w) => w[0])).toEqual(["2026-04-15T22:00:00.000Z", "2026-05-15T22:00:00.000Z"]);
  });

  it("an edit replaces the occurrences that have not started and keeps the running one; archiving removes the future and keeps the past", async () => {
    const id = await createSchedule(db, ACTOR, weekly, T0);
    // The first occurrence starts; the coordinator moves it along.
    const running = Date.UTC(2026, 2, 22, 1, 45);
    await advanceMaintenance(db, running);
    await updateSchedule(db, ACTOR, id, { title: "Database upgrades", recurrence: { frequency: "weekly", weekdays: [6], time: "23:00" }, durationMinutes: 30 }, running);
    expect(await windowsOf()).toEqual([
      ["2026-03-22T01:30:00.000Z", "2026-03-22T02:30:00.000Z", "in_progress"],
      ["2026-03-28T22:00:00.000Z", "2026-03-28T22:30:00.000Z", "scheduled"],
      ["2026-04-04T21:00:00.000Z", "2026-04-04T21:30:00.000Z", "scheduled"],
    ]);
    const titles = (await db.select().from(incidents)).map((i) => i.title);
    expect(titles).toEqual(["Database patching", "Database upgrades", "Database upgrades"]);
    // The replaced occurrence left nothing behind.
    expect(await db.select().from(incidentUpdates).then((u) => new Set(u.map((x) => x.incidentId)).size)).toBe(3);
    expect(await occurrences()).toHaveLength(3);

    const later = Date.UTC(2026, 2, 29, 12, 0);
    await advanceMaintenance(db, later);
    await archiveSchedule(db, ACTOR, id, later);
    expect(await windowsOf()).toEqual([
      ["2026-03-22T01:30:00.000Z", "2026-03-22T02:30:00.000Z", "completed"],
      ["2026-03-28T22:00:00.000Z", "2026-03-28T22:30:00.000Z", "completed"],
    ]);
    expect(await materializeSchedules(db, later + 30 * DAY)).toEqual({ created: 0 });
    expect(await listSchedules(db, {}, later)).toEqual([]);
    expect((await listSchedules(db, { archived: true }, later))[0]).toMatchObject({ archivedAt: later, nextOccurrence: null });
    await expect(updateSchedule(db, ACTOR, id, { title: "x" }, later)).rejects.toThrow(/archived/);
    expect((await listAudit(db)).entries.map((e) => e.action)).toEqual(["maintenance_schedule.archive", "maintenance_schedule.update", "maintenance_schedule.create"]);
    const update = (await listAudit(db)).entries[1];
    expect(update.before).toMatchObject({ title: "Database patching", cron: "30 2 * * 0" });
    expect(update.after).toMatchObject({ title: "Database upgrades", cron: "0 23 * * 6", durationMin: 30 });
  });

  it("a cancelled occurrence is not created again by later passes or edits that keep its time", async () => {
    const id = await createSchedule(db, ACTOR, weekly, T0);
    const [first] = await db.select().from(incidents);
    expect(await endWindow(db, ACTOR, first.id, {}, T0 + MIN)).toBe("cancelled");
    await materializeSchedules(db, T0 + 2 * MIN, id);
    await updateSchedule(db, ACTOR, id, { body: "New text." }, T0 + 3 * MIN);
    const rows = (await db.select().from(incidents)).map((i) => [i.id === first.id, new Date(i.scheduledFor!).toISOString(), i.status]);
    expect(rows).toEqual([
      [true, "2026-03-22T01:30:00.000Z", "completed"],
      [false, "2026-03-29T01:00:00.000Z", "scheduled"],
    ]);
    // The cancelled window covers nothing: no suppression, no maintenance time.
    expect((await maintenanceWindows(db, T0, T0 + 20 * DAY)).map((w) => w.id)).not.toContain(first.id);
  });

  it("refuses unknown zones, unbounded dates, empty weekdays, long durations and schedules that never occur, by field", async () => {
    expect(await fieldErrors(createSchedule(db, ACTOR, { ...weekly, timeZone: "Mars/Olympus" }, T0))).toHaveProperty("timeZone");
    expect(await fieldErrors(createSchedule(db, ACTOR, { ...weekly, startDate: "2026-03-01" }, T0))).toHaveProperty("startDate");
    expect(await fieldErrors(createSchedule(db, ACTOR, { ...weekly, startDate: "2029-01-01" }, T0))).toHaveProperty("startDate");
    expect(await fieldErrors(createSchedule(db, ACTOR, { ...weekly, endDate: "2026-03-17" }, T0))).toHaveProperty("endDate");
    expect(await fieldErrors(createSchedule(db, ACTOR, { ...weekly, recurrence: { frequency: "weekly", weekdays: [], time: "02:30" } }, T0))).toHaveProperty(["recurrence.weekdays"]);
    expect(await fieldErrors(createSchedule(db, ACTOR, { ...weekly, durationMinutes: 8 * 24 * 60 }, T0))).toHaveProperty("durationMinutes");
    expect(await fieldErrors(createSchedule(db, ACTOR, { ...weekly, recurrence: { frequency: "monthly", dayOfMonth: 31, time: "01:00" }, endDate: "2026-03-28" }, T0))).toHaveProperty("recurrence");
    await expect(createSchedule(db, ACTOR, { ...weekly, componentIds: [9999] }, T0)).rejects.toThrow(/no component with id 9999/);
    expect(await db.select().from(incidents)).toEqual([]);
  });

  it("one-off windows take local times in the sender's zone or ISO times with an offset, bounded, and list soonest first with their schedule", async () => {
    const id = await scheduleWindow(db, ACTOR, { title: "Failover test", body: "x", componentIds: [componentId], scheduledFor: "2026-03-20T09:00", scheduledUntil: "2026-03-20T10:30", timeZone: "America/New_York" }, T0);
    const row = (await getIncident(db, id))!.incident;
    expect([row.scheduledFor, row.scheduledUntil]).toEqual([Date.UTC(2026, 2, 20, 13, 0), Date.UTC(2026, 2, 20, 14, 30)]);
    await scheduleWindow(db, ACTOR, { title: "Network", body: "x", scheduledFor: "2026-03-19T08:00:00+01:00", scheduledUntil: "2026-03-19T07:30:00Z" }, T0);
    const sched = await createSchedule(db, ACTOR, weekly, T0);
    const listed = await listOpenWindows(db, T0);
    expect(listed.map((w) => [w.title, w.scheduleId, w.phase])).toEqual([
      ["Network", null, "upcoming"],
      ["Failover test", null, "upcoming"],
      ["Database patching", sched, "upcoming"],
      ["Database patching", sched, "upcoming"],
    ]);
    expect(listed[1].components).toEqual(["Database"]);
    expect(await fieldErrors(scheduleWindow(db, ACTOR, { title: "t", body: "b", scheduledFor: "next week", scheduledUntil: "2026-03-20T10:00" }, T0))).toHaveProperty("scheduledFor");
    expect(await fieldErrors(scheduleWindow(db, ACTOR, { title: "t", body: "b", scheduledFor: "2026-03-20T09:00", scheduledUntil: "2026-03-20T10:00", timeZone: "Nowhere/Land" }, T0))).toHaveProperty("timeZone");
    expect(await fieldErrors(scheduleWindow(db, ACTOR, { title: "t", body: "b", scheduledFor: "2029-03-20T09:00Z", scheduledUntil: "2029-03-20T10:00Z" }, T0))).toHaveProperty("scheduledFor");
    // Ended already (11:00 in Tokyo on 18 March is 02:00 UTC, before T0): the message names the zone the times were read in.
    expect((await fieldErrors(scheduleWindow(db, ACTOR, { title: "t", body: "b", scheduledFor: "2026-03-18T10:00", scheduledUntil: "2026-03-18T11:00", timeZone: "Asia/Tokyo" }, T0))).scheduledUntil).toEqual([
      "That window has already ended: set an end time in the future (times are read in Asia/Tokyo).",
    ]);
    expect(await fieldErrors(scheduleWindow(db, ACTOR, { title: "t", body: "b", scheduledFor: "2026-03-20T09:00Z", scheduledUntil: "2026-03-20T08:00Z" }, T0))).toHaveProperty("scheduledUntil");
    expect(await fieldErrors(scheduleWindow(db, ACTOR, { title: "t", body: "b", scheduledFor: "2026-03-20T09:00Z", scheduledUntil: "2026-03-29T09:00Z" }, T0))).toHaveProperty("scheduledUntil");
    // In progress: it completes early, and a second end is refused.
    expect(await endWindow(db, ACTOR, id, { body: "Done sooner." }, Date.UTC(2026, 2, 20, 13, 30))).toBe("completed");
    await expect(endWindow(db, ACTOR, id, {}, Date.UTC(2026, 2, 20, 13, 31))).rejects.toThrow(/completed already/);
    expect((await getIncident(db, id))!.incident.resolvedAt).toBe(Date.UTC(2026, 2, 20, 13, 30));
    expect((await listAudit(db)).entries.map((e) => e.action)).toContain("maintenance.complete");
  });
});

describe("a materialized window suppresses alerts like any other", () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => cleanup());

  it("failures inside an occurrence open no incident and no alert; still down at its end, the held-back alert opens then", async () => {
    ({ db, cleanup } = await createTestDb());
    const componentId = (await makeComponent(db, { publishIncidents: true })).id;
    const monitor = await makeMonitor(db, { name: "API", componentId, createdAt: T0 - MIN });
    const byId = new Map([[monitor.id, monitor]]);
    const regionId = await ensureRegion(db, "local");
    const round = async (at: number, up: boolean) => {
      await insertResults(db, [toResultRow(monitor.id, regionId, { status: up ? "up" : "down", startedAt: at, totalUs: 1000, phases: {}, message: up ? undefined : "connect ECONNREFUSED", assertions: [] })]);
      return processResultBatch(db, byId, at + 500);
    };
    // Daily at 12:05 UTC for 10 minutes, starting today.
    await createSchedule(db, ACTOR, { title: "Restart", body: "Daily restart.", componentIds: [componentId], recurrence: { frequency: "daily", time: "12:05" }, timeZone: "UTC", durationMinutes: 10, startDate: "2026-03-18" }, T0);
    await round(T0, true);
    for (let k = 0; k < 4; k++) await round(T0 + 6 * MIN + k * 30_000, false);
    await accrueStateTime(db, [monitor], T0 + 10 * MIN);
    expect(await db.select().from(alerts)).toHaveLength(0);
    expect((await db.select().from(incidents)).filter((i) => i.kind === "incident")).toHaveLength(0);
    await accrueStateTime(db, [monitor], T0 + 16 * MIN);
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", openedAt: T0 + 15 * MIN });
    expect(alert.reason).toMatch(/^still down when the maintenance window ended/);
    expect(sumStateTime(await db.select().from(stateTimeHourly)).maintenanceMs).toBe(10 * MIN);
  });
});
