import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { dispatcher, loadRouteFiles } from "@/lib/api/test-routes";
import { userActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { users, type Role } from "@/lib/db/schema";
import { createTestDb, makeComponent } from "@/lib/db/test-db";

/**
 * /api/v1/maintenance and /api/v1/maintenance-schedules against a real migrated SQLite file, with
 * a viewer's read and write keys, an editor's read key (no write scope) and write key.
 */
let call: (req: Request) => Promise<Response>;
let cleanup: () => void;
const previousUrl = process.env.DATABASE_URL;
const keys: Record<string, string> = {};
let componentId = 0;
const DAY = 86_400_000;

async function api(method: string, path: string, key: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await call(new Request(`http://status.test/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url;
  call = dispatcher(await loadRouteFiles());
  const db = await getDb();
  const make = async (email: string, role: Role) => (await db.insert(users).values({ email, passwordHash: "scrypt$unused", role, createdAt: Date.now() }).returning())[0];
  const [editor, viewer] = [await make("ed@maint.test", "editor"), await make("vi@maint.test", "viewer")];
  for (const [name, u, scope] of [["editorRead", editor, "read"], ["editorWrite", editor, "write"], ["viewerRead", viewer, "read"], ["viewerWrite", viewer, "write"]] as const) {
    keys[name] = (await createApiKey(db, u, userActor(u), { name, scope })).secret;
  }
  componentId = (await makeComponent(db, { key: "db", name: "Database" })).id;
});

afterAll(async () => {
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

/** A date `days` from today, YYYY-MM-DD (UTC). */
const day = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** Today in Berlin, YYYY-MM-DD: a schedule's start date is read in its own zone (UTC's date is yesterday there from 23:00 or 22:00 UTC). */
const berlinToday = () => new Date().toLocaleDateString("en-CA", { timeZone: "Europe/Berlin" });

describe("/api/v1 maintenance", () => {
  const schedule = () => ({
    title: "Weekly patching",
    body: "Patching the **database**.",
    componentIds: [componentId],
    recurrence: { frequency: "weekly", weekdays: [0, 3], time: "02:30" },
    timeZone: "Europe/Berlin",
    durationMinutes: 45,
    startDate: berlinToday(),
    published: true,
  });

  it("refuses writes to viewers and to read-only keys, changing nothing; viewers read both lists", async () => {
    for (const key of [keys.viewerRead, keys.viewerWrite, keys.editorRead]) {
      expect((await api("POST", "/maintenance-schedules", key, schedule())).status).toBe(403);
      expect((await api("POST", "/maintenance", key, { title: "x", body: "y", scheduledFor: `${day(1)}T10:00Z`, scheduledUntil: `${day(1)}T11:00Z` })).status).toBe(403);
      expect((await api("PATCH", "/maintenance-schedules/1", key, { title: "x" })).status).toBe(403);
      expect((await api("DELETE", "/maintenance-schedules/1", key)).status).toBe(403);
      expect((await api("POST", "/maintenance/1/cancel", key)).status).toBe(403);
    }
    for (const key of [keys.viewerRead, keys.viewerWrite]) {
      expect(await api("GET", "/maintenance", key)).toEqual({ status: 200, json: { items: [] } });
      expect(await api("GET", "/maintenance-schedules", key)).toEqual({ status: 200, json: { items: [] } });
    }
  });

  it("creates, lists, changes and archives a schedule whose occurrences are windows; one-off windows take offsets and are cancelled", async () => {
    const created = await api("POST", "/maintenance-schedules", keys.editorWrite, schedule());
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ description: "Weekly on Sunday and Wednesday at 02:30 (Europe/Berlin)", cron: "30 2 * * 0,3", durationMinutes: 45, endDate: null, archivedAt: null });
    const id = created.json!.id as number;
    const next = new Date(created.json!.nextOccurrence as string);
    // 02:30 in Berlin is 00:30 or 01:30 UTC, whatever the season.
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([next.getUTCHours() === 0 ? 0 : 1, 30]);

    let windows = (await api("GET", "/maintenance", keys.viewerRead)).json!.items as { id: number; scheduleId: number | null; scheduledFor: string; scheduledUntil: string; components: string[] }[];
    expect(windows.length).toBeGreaterThanOrEqual(4);
    expect(windows[0]).toMatchObject({ scheduleId: id, scheduledFor: next.toISOString(), components: ["Database"], phase: "upcoming", published: true });
    expect(Date.parse(windows[0].scheduledUntil) - Date.parse(windows[0].scheduledFor)).toBe(45 * 60_000);

    const bad = await api("PATCH", `/maintenance-schedules/${id}`, keys.editorWrite, { timeZone: "Mars/Olympus", durationMinutes: 0 });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json!.error.fields)).toEqual(expect.arrayContaining(["timeZone", "durationMinutes"]));

    const changed = await api("PATCH", `/maintenance-schedules/${id}`, keys.editorWrite, { recurrence: { frequency: "daily", time: "23:00" }, timeZone: "UTC" });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ title: "Weekly patching", description: "Daily at 23:00 (UTC)", durationMinutes: 45 });
    windows = (await api("GET", "/maintenance", keys.viewerRead)).json!.items;
    expect(windows.length).toBeGreaterThanOrEqual(14);
    expect(windows.every((w) => w.scheduledFor.endsWith("T23:00:00.000Z"))).toBe(true);
    // Fields left out kept their values.
    expect(windows.every((w) => w.components.join() === "Database")).toBe(true);

    const oneOff = await api("POST", "/maintenance", keys.editorWrite, { title: "Failover drill", body: "Drill.", componentIds: [componentId], scheduledFor: `${day(2)}T09:00:00-05:00`, scheduledUntil: `${day(2)}T10:00:00-05:00`, published: true });
    expect(oneOff.status).toBe(201);
    expect(oneOff.json).toMatchObject({ kind: "maintenance", status: "scheduled", scheduledFor: `${day(2)}T14:00:00.000Z` });
    const zoned = await api("POST", "/maintenance", keys.editorWrite, { title: "Zoned", body: "x", scheduledFor: `${day(3)}T09:00`, scheduledUntil: `${day(3)}T09:30`, timeZone: "Asia/Kolkata" });
    expect(zoned.json).toMatchObject({ scheduledFor: `${day(3)}T03:30:00.000Z` });
    const far = await api("POST", "/maintenance", keys.editorWrite, { title: "Far", body: "x", scheduledFor: "2099-01-01T10:00:00Z", scheduledUntil: "2099-01-01T11:00:00Z" });
    expect(far.status).toBe(422);
    expect(far.json!.error.fields).toHaveProperty("scheduledFor");

    const cancelled = await api("POST", `/maintenance/${oneOff.json!.id}/cancel`, keys.editorWrite);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ status: "completed", updates: [{ status: "completed", body: "This maintenance is cancelled." }, { status: "scheduled" }] });
    expect((await api("POST", `/maintenance/${oneOff.json!.id}/cancel`, keys.editorWrite)).status).toBe(409);
    expect((await api("POST", "/maintenance/999999/cancel", keys.editorWrite)).status).toBe(404);

    const archived = await api("DELETE", `/maintenance-schedules/${id}`, keys.editorWrite);
    expect(archived.status).toBe(200);
    expect(archived.json).toMatchObject({ id, nextOccurrence: null, archivedAt: expect.any(String) });
    windows = (await api("GET", "/maintenance", keys.viewerRead)).json!.items;
    expect(windows.map((w) => w.scheduleId)).toEqual([null]);
    expect((await api("GET", "/maintenance-schedules", keys.viewerRead)).json!.items).toEqual([]);
    expect((await api("GET", "/maintenance-schedules?archived=true", keys.viewerRead)).json!.items).toHaveLength(1);
    expect((await api("DELETE", `/maintenance-schedules/${id}`, keys.editorWrite)).status).toBe(409);

    const audit = await api("GET", "/audit", keys.viewerRead);
    expect(audit.json!.items.map((e: { action: string; source: string }) => `${e.action} ${e.source}`)).toEqual([
      "maintenance_schedule.archive api",
      "maintenance.cancel api",
      // The cancellation's timeline entry, audited by the incident verb itself.
      "incident.update api",
      "maintenance.schedule api",
      "maintenance.schedule api",
      "maintenance_schedule.update api",
      "maintenance_schedule.create api",
      ...audit.json!.items.slice(7).map((e: { action: string; source: string }) => `${e.action} ${e.source}`),
    ]);
  });
});
