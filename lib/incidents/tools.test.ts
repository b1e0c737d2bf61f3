import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { listAudit, userActor } from "../audit/log";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { incidents, incidentUpdates, users } from "../db/schema";
import { userErrorOf } from "../testing/user-error";
import { autoIncidentStatements } from "./auto";
import { closeDrafts } from "./close-drafts";
import { createIncident, postUpdate, publishIncident } from "./manage";
import { POSTMORTEM_PUBLISHED_NOTE, savePostmortem } from "./postmortem";
import { reliability } from "./reliability";
import { createTemplate, deleteTemplate, getTemplate, listTemplates, updateTemplate } from "./templates";
import { monitorTransitions } from "../db/schema";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;


describe("incident tools: bulk close, postmortem, audit in the same write", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  const row = async (id: number) => (await db.select().from(incidents).where(eq(incidents.id, id)))[0];
  const timeline = (id: number) => db.select({ status: incidentUpdates.status, body: incidentUpdates.body }).from(incidentUpdates).where(eq(incidentUpdates.incidentId, id)).orderBy(asc(incidentUpdates.id));
  async function editor() {
    const [u] = await db.insert(users).values({ email: "ed@example.com", passwordHash: "x", role: "editor", createdAt: T0 }).returning();
    return userActor(u, "api");
  }
  async function autoDraft(name: string) {
    const monitor = await makeMonitor(db, { name });
    await db.$client.batch(autoIncidentStatements({ id: monitor.id, name, componentId: null }, { from: "operational", to: "down", at: T0, reason: "2 of 2 regions failed" }, { down: 2, live: 2 }, T0), "write");
    const [auto] = await db.select().from(incidents).where(eq(incidents.monitorId, monitor.id));
    return auto.id;
  }

  it("writes each change's audit entry in its batch, in the actor's name, and none when the change did not happen", async () => {
    const actor = await editor();
    const id = await createIncident(db, actor, { title: "API errors", status: "investigating", impact: "minor", body: "Looking." }, T0);
    await postUpdate(db, actor, id, { status: "resolved", body: "Fixed." }, T0 + MIN);
    await publishIncident(db, actor, id, true, T0 + 2 * MIN);
    // A refused update (a resolved incident cannot go back) leaves no entry.
    await userErrorOf(() => postUpdate(db, actor, id, { status: "investigating", body: "Again?" }, T0 + 3 * MIN));
    const { entries } = await listAudit(db, { entity: "incident" });
    expect(entries.map((e) => [e.action, e.entityId, e.actor, e.source])).toEqual([
      ["incident.publish", String(id), "ed@example.com", "api"],
      ["incident.update", String(id), "ed@example.com", "api"],
      ["incident.create", String(id), "ed@example.com", "api"],
    ]);
    expect(entries[2].after).toMatchObject({ title: "API errors", status: "investigating" });
  });

  it("resolves or dismisses automatic drafts in bulk, one timeline entry and audit entry each, leaving other incidents alone", async () => {
    const actor = await editor();
    const [a, b, c] = [await autoDraft("A"), await autoDraft("B"), await autoDraft("C")];
    const manual = await createIncident(db, actor, { title: "By hand", status: "investigating", impact: "minor", body: "x" }, T0);
    await publishIncident(db, actor, c, true, T0);

    const r = await closeDrafts(db, actor, { ids: [a, b, c, manual], mode: "dismiss", note: "Flapping probe, no customer impact." }, T0 + MIN);
    expect(r).toEqual({ closed: [a, b], skipped: [c, manual] });
    for (const id of [a, b]) {
      expect(await row(id)).toMatchObject({ status: "resolved", resolvedAt: T0 + MIN, dismissedAt: T0 + MIN, published: false });
      expect((await timeline(id)).at(-1)).toEqual({ status: "resolved", body: "Flapping probe, no customer impact." });
    }
    expect(await row(c)).toMatchObject({ resolvedAt: null, dismissedAt: null });
    expect(await row(manual)).toMatchObject({ resolvedAt: null });
    const dismissals = (await listAudit(db, { entity: "incident" })).entries.filter((e) => e.action === "incident.dismiss");
    expect(dismissals.map((e) => e.entityId).sort()).toEqual([String(a), String(b)].sort());

    // A dismissed draft is never published.
    const err = await userErrorOf(() => publishIncident(db, actor, a, true, T0 + 2 * MIN));
    expect(err.code).toBe("conflict");
    expect(err.message).toContain("dismissed");
    expect((await row(a)).published).toBe(false);

    // Resolve (not dismiss) with the default note; nothing left to close is a conflict that says so.
    const d = await autoDraft("D");
    expect(await closeDrafts(db, actor, { ids: [d], mode: "resolve" }, T0 + 3 * MIN)).toEqual({ closed: [d], skipped: [] });
    expect(await row(d)).toMatchObject({ status: "resolved", dismissedAt: null });
    expect((await timeline(d)).at(-1)?.body).toBe("Closed by the team.");
    expect((await userErrorOf(() => closeDrafts(db, actor, { ids: [a, d], mode: "resolve" }, T0 + 4 * MIN))).code).toBe("conflict");
    // Bounded input.
    expect((await userErrorOf(() => closeDrafts(db, actor, { ids: Array.from({ length: 201 }, (_, i) => i + 1), mode: "resolve" }))).code).toBe("invalid_input");
    expect((await userErrorOf(() => closeDrafts(db, actor, { ids: [d], mode: "resolve", note: "x".repeat(2_001) }))).code).toBe("invalid_input");
  });

  it("keeps a postmortem as a draft, publishes it once with one timeline entry, and refuses it before resolution", async () => {
    const actor = await editor();
    const api = await makeComponent(db, { name: "API" });
    const id = await createIncident(db, actor, { title: "API down", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body: "x", published: true }, T0);
    expect((await userErrorOf(() => savePostmortem(db, actor, id, { body: "Too early" }, T0 + MIN))).message).toContain("resolve it first");
    await postUpdate(db, actor, id, { status: "resolved", body: "Fixed." }, T0 + MIN);

    expect(await savePostmortem(db, actor, id, { body: "## What happened\nA bad deploy." }, T0 + 2 * MIN)).toEqual({ firstPublished: false });
    expect(await row(id)).toMatchObject({ postmortemBody: "## What happened\nA bad deploy.", postmortemUpdatedAt: T0 + 2 * MIN, postmortemPublishedAt: null });
    expect(await timeline(id)).toHaveLength(2);

    expect((await userErrorOf(() => savePostmortem(db, actor, id, { body: "  ", publish: true }, T0 + 3 * MIN))).fieldErrors).toEqual({ body: ["Write the postmortem before publishing it."] });
    expect(await savePostmortem(db, actor, id, { body: "## What happened\nA bad deploy.", publish: true }, T0 + 3 * MIN)).toEqual({ firstPublished: true });
    expect(await savePostmortem(db, actor, id, { body: "## What happened\nA bad deploy, rolled back.", publish: true }, T0 + 4 * MIN)).toEqual({ firstPublished: false });
    expect(await row(id)).toMatchObject({ postmortemPublishedAt: T0 + 3 * MIN, postmortemBody: "## What happened\nA bad deploy, rolled back.", status: "resolved" });
    const entries = await timeline(id);
    expect(entries.filter((e) => e.body === POSTMORTEM_PUBLISHED_NOTE)).toHaveLength(1);
    expect((await listAudit(db, { entity: "incident" })).entries.slice(0, 3).map((e) => e.action)).toEqual(["incident.postmortem_edit", "incident.postmortem_publish", "incident.postmortem_edit"]);
    // A browser's CRLF lines are stored as LF.
    await savePostmortem(db, actor, id, { body: "Line one\r\nLine two", publish: true }, T0 + 5 * MIN);
    expect((await row(id)).postmortemBody).toBe("Line one\nLine two");
    // Bounded.
    expect((await userErrorOf(() => savePostmortem(db, actor, id, { body: "x".repeat(50_001) }))).code).toBe("invalid_input");
  });
});

describe("incident templates", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());
  const actor = { userId: null, label: "ed@example.com", source: "ui" as const };

  it("creates, lists by name, updates and deletes templates, each with an audit entry; names are unique and inputs bounded", async () => {
    const id = await createTemplate(db, actor, { name: "Database failover", title: "Database failover in progress", body: "We are failing over.", impact: "major", status: "identified" }, T0);
    await createTemplate(db, actor, { name: "API errors", title: "Elevated API errors", body: "Looking into it.", impact: "minor", status: "investigating" }, T0);
    expect((await listTemplates(db)).map((t) => t.name)).toEqual(["API errors", "Database failover"]);
    expect(await getTemplate(db, id)).toMatchObject({ title: "Database failover in progress", impact: "major", status: "identified" });

    const dup = await userErrorOf(() => createTemplate(db, actor, { name: "API errors", title: "x", body: "y", impact: "minor", status: "investigating" }));
    expect(dup.fieldErrors?.name?.[0]).toContain("exists already");
    const bad = await userErrorOf(() => createTemplate(db, actor, { name: "x".repeat(101), title: "", body: "y", impact: "huge" as never, status: "resolved" }));
    expect(Object.keys(bad.fieldErrors ?? {}).sort()).toEqual(["impact", "name", "title"]);

    await updateTemplate(db, actor, id, { name: "DB failover", title: "Database failover", body: "Failing over.", impact: "critical", status: "identified" }, T0 + MIN);
    expect(await getTemplate(db, id)).toMatchObject({ name: "DB failover", impact: "critical", updatedAt: T0 + MIN });
    await deleteTemplate(db, actor, id, T0 + 2 * MIN);
    expect(await getTemplate(db, id)).toBeNull();
    expect((await userErrorOf(() => deleteTemplate(db, actor, id))).code).toBe("not_found");
    const { entries } = await listAudit(db, { entity: "incident_template" });
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([
      ["incident_template.delete", String(id)],
      ["incident_template.update", String(id)],
      ["incident_template.create", String(id + 1)],
      ["incident_template.create", String(id)],
    ]);
  });
});

describe("MTTR and MTBF from monitor transitions", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());
  const H = 3_600_000;

  it("counts moves into down as failures, repairs by the next move out, per monitor and overall", async () => {
    const a = await makeMonitor(db, { name: "API" });
    const b = await makeMonitor(db, { name: "Web" });
    const quiet = await makeMonitor(db, { name: "Quiet" });
    const from = T0;
    const to = T0 + 100 * H;
    const tr = (monitorId: number, at: number, fromStatus: "operational" | "down" | "degraded" | "no_data", toStatus: "operational" | "down" | "degraded" | "no_data") => ({ monitorId, at, fromStatus, toStatus, reason: "test" });
    await db.insert(monitorTransitions).values([
      // API: down before the range until 1 h in (downtime, not a repair in range), then two outages of 1 h and 3 h.
      tr(a.id, from - 5 * H, "operational", "down"),
      tr(a.id, from + 1 * H, "down", "operational"),
      tr(a.id, from + 10 * H, "operational", "down"),
      tr(a.id, from + 11 * H, "down", "operational"),
      tr(a.id, from + 20 * H, "operational", "degraded"),
      tr(a.id, from + 21 * H, "degraded", "down"),
      tr(a.id, from + 24 * H, "down", "operational"),
      // Web: first seen 50 h in, one outage still open at the end (2 h).
      tr(b.id, from + 50 * H, "no_data", "operational"),
      tr(b.id, from + 98 * H, "operational", "down"),
      // Quiet: never down.
      tr(quiet.id, from - H, "no_data", "operational"),
      // Outside the range: ignored.
      tr(b.id, to + H, "down", "operational"),
    ]);
    const r = await reliability(db, { from, to });
    const by = Object.fromEntries(r.monitors.map((m) => [m.name, m]));
    expect(by.API).toMatchObject({ failures: 2, repairs: 2, mttrMs: 2 * H, downMs: 5 * H, upMs: 95 * H, mtbfMs: 47.5 * H });
    expect(by.Web).toMatchObject({ failures: 1, repairs: 0, mttrMs: null, downMs: 2 * H, upMs: 48 * H, mtbfMs: 48 * H });
    expect(by.Quiet).toMatchObject({ failures: 0, mttrMs: null, mtbfMs: null, upMs: 100 * H });
    expect(r.overall).toMatchObject({ failures: 3, repairs: 2, mttrMs: 2 * H, downMs: 7 * H, upMs: 243 * H, mtbfMs: 81 * H });
    expect(r.monitors[0].name).toBe("API");
    // One monitor; the default range is 30 days back from `to`.
    const one = await reliability(db, { monitorId: b.id, to });
    expect(one.from).toBe(to - 30 * 24 * H);
    expect(one.monitors.map((m) => m.name)).toEqual(["Web"]);
  });
});
