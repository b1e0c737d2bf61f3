import { savePostmortem } from "../incidents/postmortem";
import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { components } from "../db/schema";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { autoIncidentStatements } from "../incidents/auto";
import { createIncident, mergeIncident, postUpdate, publishIncident, scheduleMaintenance } from "../incidents/manage";
import { historyHref, historyMonthFromQuery, incidentHistory, incidentPath, publicIncidentDetail, type IncidentHistory } from "./history";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** "Now" in these tests: 26 Nov 2026, 10:00 UTC. */
const NOW = Date.UTC(2026, 10, 26, 10, 0, 0);
const utc = (y: number, m: number, d: number, h = 0, min = 0) => Date.UTC(y, m - 1, d, h, min);

const HOSTILE_MARKDOWN = [
  "We are **on it** <script>alert(1)</script>",
  "",
  '<img src=x onerror="alert(2)">',
  "",
  "[click](javascript:alert(3)) <a href=\"javascript:alert(4)\">x</a> <iframe src=//evil></iframe>",
].join("\n");

const titlesByMonth = (h: IncidentHistory) => h.months.map((m) => [m.key, m.incidents.map((i) => i.title)]);

/** Counts the statements drizzle sends, to hold the loaders to a fixed number of queries. */
function countQueries(db: Db): { count: () => number; restore: () => void } {
  const client = db.$client;
  const original = client.execute.bind(client);
  let n = 0;
  client.execute = ((...args: Parameters<typeof original>) => {
    n++;
    return original(...args);
  }) as typeof client.execute;
  return { count: () => n, restore: () => void (client.execute = original) };
}

describe("incident history", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("groups published incidents and maintenance by the month they began, newest first, three months a page with empty months", async () => {
    const api = await makeComponent(db, { name: "API" });
    const web = await makeComponent(db, { name: "Website" });
    // November: an incident resolved after 2 h 15 min, with a later note.
    const nov = await createIncident(
      db,
      SYSTEM_ACTOR,
      { title: "Elevated API errors", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }, { componentId: web.id, impact: "degraded_performance" }], body: "Looking", published: true },
      utc(2026, 11, 10, 8),
    );
    await postUpdate(db, SYSTEM_ACTOR, nov, { status: "identified", body: "A bad deploy" }, utc(2026, 11, 10, 9));
    await postUpdate(db, SYSTEM_ACTOR, nov, { status: "resolved", body: "Rolled **back**." }, utc(2026, 11, 10, 10, 15));
    // A later one the same month, still open.
    const open = await createIncident(db, SYSTEM_ACTOR, { title: "Slow logins", status: "monitoring", impact: "minor", body: "Watching", published: true }, utc(2026, 11, 20, 12));
    // October: maintenance, completed by the clock (no coordinator in this test).
    const maint = await scheduleMaintenance(
      db,
      SYSTEM_ACTOR,
      { title: "Database upgrade", body: "Upgrading _Postgres_", componentIds: [api.id], scheduledFor: utc(2026, 10, 3, 2), scheduledUntil: utc(2026, 10, 3, 4), published: true },
      utc(2026, 10, 1),
    );
    // September: nothing. August: one incident, on the next page.
    await createIncident(db, SYSTEM_ACTOR, { title: "August blip", status: "resolved", impact: "minor", body: "Fixed", published: true }, utc(2026, 8, 20, 6));

    const page1 = await incidentHistory(db, { now: NOW });
    expect(titlesByMonth(page1)).toEqual([
      ["2026-11", ["Slow logins", "Elevated API errors"]],
      ["2026-10", ["Database upgrade"]],
      ["2026-09", []],
    ]);
    expect(page1.months.map((m) => [m.year, m.month])).toEqual([
      [2026, 11],
      [2026, 10],
      [2026, 9],
    ]);
    expect(page1.newer).toBeNull();
    expect(page1.older).toBe("2026-08");

    const [slow, errors] = page1.months[0].incidents;
    expect(errors).toMatchObject({
      id: nov,
      kind: "incident",
      impact: "major",
      status: "resolved",
      startedAt: utc(2026, 11, 10, 8),
      resolvedAt: utc(2026, 11, 10, 10, 15),
      durationMs: 2 * HOUR + 15 * MIN,
      window: null,
      components: [
        { id: api.id, name: "API", impact: "partial_outage" },
        { id: web.id, name: "Website", impact: "degraded_performance" },
      ],
    });
    expect(errors.lastUpdate).toMatchObject({ status: "resolved", html: "<p>Rolled <strong>back</strong>.</p>", createdAt: utc(2026, 11, 10, 10, 15) });
    expect(slow).toMatchObject({ id: open, status: "monitoring", resolvedAt: null, durationMs: null, components: [] });
    expect(page1.months[1].incidents[0]).toMatchObject({
      id: maint,
      kind: "maintenance",
      status: "completed",
      window: { from: utc(2026, 10, 3, 2), until: utc(2026, 10, 3, 4) },
      resolvedAt: utc(2026, 10, 3, 4),
      durationMs: 2 * HOUR,
      components: [{ id: api.id, name: "API", impact: "degraded_performance" }],
    });
    expect(page1.months[1].incidents[0].lastUpdate?.html).toBe("<p>Upgrading <em>Postgres</em></p>");

    const page2 = await incidentHistory(db, { month: page1.older!, now: NOW });
    expect(titlesByMonth(page2)).toEqual([
      ["2026-08", ["August blip"]],
      ["2026-07", []],
      ["2026-06", []],
    ]);
    expect(page2.newer).toBe("2026-11");
    expect(page2.older).toBeNull();
  });

  it("puts an incident at the first instant of a month in that month, and pages turn exactly there", async () => {
    await createIncident(db, SYSTEM_ACTOR, { title: "First instant of September", status: "resolved", impact: "minor", body: "x", published: true }, utc(2026, 9, 1));
    await createIncident(db, SYSTEM_ACTOR, { title: "Last instant of August", status: "resolved", impact: "minor", body: "x", published: true }, utc(2026, 9, 1) - 1);

    const page1 = await incidentHistory(db, { now: NOW });
    expect(titlesByMonth(page1)).toEqual([
      ["2026-11", []],
      ["2026-10", []],
      ["2026-09", ["First instant of September"]],
    ]);
    expect(page1.older).toBe("2026-08");
    const page2 = await incidentHistory(db, { month: "2026-08", now: NOW });
    expect(page2.months[0].incidents.map((i) => i.title)).toEqual(["Last instant of August"]);
    expect(page2.older).toBeNull();
    // A page whose oldest month is September has nothing older once August's incident is a draft.
    const [{ id }] = await db.$client.execute("SELECT id FROM incidents WHERE title = 'Last instant of August'").then((r) => r.rows);
    await publishIncident(db, SYSTEM_ACTOR, Number(id), false);
    expect((await incidentHistory(db, { now: NOW })).older).toBeNull();
  });

  it("starts from any month (pages need not align with today), never shows the future, and crosses years", async () => {
    await createIncident(db, SYSTEM_ACTOR, { title: "New year", status: "resolved", impact: "minor", body: "x", published: true }, utc(2026, 1, 1, 0, 30));
    await createIncident(db, SYSTEM_ACTOR, { title: "Old year", status: "resolved", impact: "minor", body: "x", published: true }, utc(2025, 12, 31, 23));
    const h = await incidentHistory(db, { month: "2026-01", now: NOW });
    expect(titlesByMonth(h)).toEqual([
      ["2026-01", ["New year"]],
      ["2025-12", ["Old year"]],
      ["2025-11", []],
    ]);
    expect(h.newer).toBe("2026-04");
    expect(h.older).toBeNull();
    // A month after this one, or nonsense, is the first page.
    for (const month of ["2027-05", "2026-13", "garbage", undefined]) expect((await incidentHistory(db, { month, now: NOW })).months[0].key).toBe("2026-11");
    // Two pages back from April: newer stops at this month, not beyond.
    expect((await incidentHistory(db, { month: "2026-10", now: NOW })).newer).toBe("2026-11");
  });

  it("leaves maintenance that has not begun to the status page, and shows a window that has begun as in progress", async () => {
    await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Later this month", body: "x", scheduledFor: NOW + 2 * DAY, scheduledUntil: NOW + 2 * DAY + HOUR, published: true }, NOW - DAY);
    const now = await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Right now", body: "x", scheduledFor: NOW - HOUR, scheduledUntil: NOW + HOUR, published: true }, NOW - DAY);
    const h = await incidentHistory(db, { now: NOW });
    expect(h.months[0].incidents.map((i) => [i.id, i.title, i.status, i.resolvedAt, i.durationMs])).toEqual([[now, "Right now", "in_progress", null, null]]);
  });

  it("never shows drafts, merged incidents, or private and archived components, and names what it shows only through the public scope", async () => {
    const api = await makeComponent(db, { name: "API", publishIncidents: true });
    const secret = await makeComponent(db, { name: "Secret admin", isPublic: false });
    const retired = await makeComponent(db, { name: "Retired thing" });
    const monitor = await makeMonitor(db, { name: "API health", componentId: api.id });
    const at = utc(2026, 11, 5, 12);

    await createIncident(db, SYSTEM_ACTOR, { title: "Draft only", status: "investigating", impact: "minor", body: "not yet", published: false }, at);
    const manual = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: "API outage",
        status: "identified",
        impact: "major",
        componentImpacts: [
          { componentId: secret.id, impact: "major_outage" },
          { componentId: retired.id, impact: "partial_outage" },
        ],
        body: "We know",
        published: true,
      },
      at,
    );
    await db.update(components).set({ archivedAt: at }).where(eq(components.id, retired.id));
    await db.$client.batch(
      autoIncidentStatements({ id: monitor.id, name: "API health", componentId: api.id }, { from: "operational", to: "down", at: at + MIN, reason: "3 of 3 regions failed" }, { down: 3, live: 3 }, at + MIN),
      "write",
    );
    const autoId = Number((await db.$client.execute("SELECT id FROM incidents WHERE source = 'auto'")).rows[0].id);
    // Before the merge the automatic one is public on its own (its component publishes incidents).
    expect((await incidentHistory(db, { now: NOW })).months[0].incidents.map((i) => i.title)).toEqual(["API health is down", "API outage"]);
    await mergeIncident(db, SYSTEM_ACTOR, autoId, manual, at + 2 * MIN);

    const h = await incidentHistory(db, { now: NOW });
    expect(titlesByMonth(h)).toEqual([
      ["2026-11", ["API outage"]],
      ["2026-10", []],
      ["2026-09", []],
    ]);
    const [shown] = h.months[0].incidents;
    expect(shown.components).toEqual([{ id: api.id, name: "API", impact: "major_outage" }]);
    expect(shown.lastUpdate?.html).toContain("Merged automatic incident");
    const text = JSON.stringify(h);
    for (const hidden of ["Draft only", "Secret admin", "Retired thing"]) expect(text).not.toContain(hidden);

    // The permalinks: the draft is not found, the merged one leads to its target, which names public components only.
    const draftId = Number((await db.$client.execute("SELECT id FROM incidents WHERE title = 'Draft only'")).rows[0].id);
    expect(await publicIncidentDetail(db, draftId, NOW)).toBeNull();
    expect(await publicIncidentDetail(db, autoId, NOW)).toEqual({ redirectTo: manual });
    const detail = await publicIncidentDetail(db, manual, NOW);
    expect(detail && "components" in detail ? detail.components : null).toEqual([{ id: api.id, name: "API", impact: "major_outage" }]);
    expect(JSON.stringify(detail)).not.toMatch(/Secret admin|Retired thing/);
    // A merge into an incident that is later unpublished leads nowhere.
    await publishIncident(db, SYSTEM_ACTOR, manual, false);
    expect(await publicIncidentDetail(db, autoId, NOW)).toBeNull();
    expect(await publicIncidentDetail(db, manual, NOW)).toBeNull();
    expect((await incidentHistory(db, { now: NOW })).months[0].incidents).toEqual([]);
  });

  it("renders hostile Markdown inert and keeps hostile titles as plain text for the page to escape", async () => {
    const title = `<script>alert("t")</script><img src=x onerror=alert(1)>`;
    const id = await createIncident(db, SYSTEM_ACTOR, { title, status: "investigating", impact: "critical", body: HOSTILE_MARKDOWN, published: true }, utc(2026, 11, 1, 1));
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "identified", body: "<svg onload=alert(5)></svg> [x](JAVASCRIPT:alert(6)) ok" }, utc(2026, 11, 1, 2));

    const [entry] = (await incidentHistory(db, { now: NOW })).months[0].incidents;
    const detail = await publicIncidentDetail(db, id, NOW);
    if (!detail || !("updates" in detail)) throw new Error("expected the incident");
    expect(entry.title).toBe(title);
    expect(detail.title).toBe(title);
    expect(entry.lastUpdate?.html).toBe(detail.updates[0].html);
    for (const html of detail.updates.map((u) => u.html)) {
      expect(html).not.toMatch(/<script|<img|<svg|<iframe|<a [^>]*href="javascript/i);
      expect(html).not.toMatch(/<[^>]*\son\w+=/i);
    }
    expect(detail.updates[1].html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("gives an incident's whole timeline newest first with its components and impacts, and nothing for unknown ids", async () => {
    const api = await makeComponent(db, { name: "API" });
    const id = await createIncident(db, SYSTEM_ACTOR, { title: "Errors", status: "investigating", impact: "major", componentImpacts: [{ componentId: api.id, impact: "major_outage" }], body: "One", published: true }, utc(2026, 11, 2, 9));
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "monitoring", body: "Two" }, utc(2026, 11, 2, 9, 30));
    await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Three" }, utc(2026, 11, 2, 10));
    expect(await publicIncidentDetail(db, id, NOW)).toEqual({
      id,
      kind: "incident",
      title: "Errors",
      impact: "major",
      status: "resolved",
      startedAt: utc(2026, 11, 2, 9),
      resolvedAt: utc(2026, 11, 2, 10),
      durationMs: HOUR,
      window: null,
      components: [{ id: api.id, name: "API", impact: "major_outage" }],
      updates: [
        expect.objectContaining({ status: "resolved", html: "<p>Three</p>", createdAt: utc(2026, 11, 2, 10) }),
        expect.objectContaining({ status: "monitoring", html: "<p>Two</p>" }),
        expect.objectContaining({ status: "investigating", html: "<p>One</p>" }),
      ],
      postmortem: null,
    });
    for (const missing of [id + 1, 0, -1, Number.NaN, 2 ** 60]) expect(await publicIncidentDetail(db, missing, NOW)).toBeNull();

    // A draft postmortem stays private; a published one is rendered through the sanitizer.
    await savePostmortem(db, SYSTEM_ACTOR, id, { body: "Draft <script>alert(1)</script>" }, utc(2026, 11, 3));
    expect(await publicIncidentDetail(db, id, NOW)).toMatchObject({ postmortem: null });
    await savePostmortem(db, SYSTEM_ACTOR, id, { body: "## Cause\n**Bad** deploy <script>alert(1)</script> [x](javascript:alert(1))", publish: true }, utc(2026, 11, 4));
    const detail = await publicIncidentDetail(db, id, NOW);
    const pm = detail && "postmortem" in detail ? detail.postmortem : null;
    expect(pm).toMatchObject({ publishedAt: utc(2026, 11, 4), updatedAt: utc(2026, 11, 4) });
    expect(pm!.html).toContain("<strong>Bad</strong> deploy");
    expect(pm!.html).toContain("&lt;script&gt;");
    expect(pm!.html).not.toMatch(/<script|href="javascript/i);
  });

  it("costs a fixed number of queries whatever the history", async () => {
    const api = await makeComponent(db, { name: "API" });
    const counter = countQueries(db);
    try {
      await incidentHistory(db, { now: NOW });
      const empty = counter.count();
      for (let k = 0; k < 30; k++) {
        const id = await createIncident(db, SYSTEM_ACTOR, { title: `Incident ${k}`, status: "investigating", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "partial_outage" }], body: "x", published: true }, NOW - k * 2 * DAY);
        await postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "y" }, NOW - k * 2 * DAY + HOUR);
      }
      const before = counter.count();
      const h = await incidentHistory(db, { now: NOW });
      expect(h.months.flatMap((m) => m.incidents)).toHaveLength(30);
      expect(counter.count() - before).toBe(empty);
      expect(empty).toBe(2);
      const beforeDetail = counter.count();
      await publicIncidentDetail(db, h.months[0].incidents[0].id, NOW);
      expect(counter.count() - beforeDetail).toBe(1);
    } finally {
      counter.restore();
    }
  });
});

describe("history links", () => {
  it("reads ?before= and ?page= into the newest month of the page, and links back the same way", () => {
    expect(historyMonthFromQuery({}, NOW)).toBeUndefined();
    expect(historyMonthFromQuery({ page: "1" }, NOW)).toBe("2026-11");
    expect(historyMonthFromQuery({ page: "2" }, NOW)).toBe("2026-08");
    expect(historyMonthFromQuery({ page: "5" }, NOW)).toBe("2025-11");
    expect(historyMonthFromQuery({ before: "2026-08" }, NOW)).toBe("2026-07");
    expect(historyMonthFromQuery({ before: "2026-01" }, NOW)).toBe("2025-12");
    expect(historyMonthFromQuery({ before: ["2026-05", "2026-02"] }, NOW)).toBe("2026-04");
    for (const bad of [{ page: "0" }, { page: "-1" }, { page: "1.5" }, { page: "abc" }, { page: "1001" }, { before: "2026-13" }, { before: "26-01" }, { before: "2026-1" }, { before: "<script>" }]) {
      expect(historyMonthFromQuery(bad, NOW)).toBeUndefined();
    }
    expect(historyHref("2026-11", NOW)).toBe("/history");
    expect(historyHref("2027-02", NOW)).toBe("/history");
    expect(historyHref("2026-08", NOW)).toBe("/history?before=2026-09");
    expect(historyHref("2025-12", NOW)).toBe("/history?before=2026-01");
    // A link read back gives the month it was made for.
    for (const month of ["2026-08", "2025-12", "2020-01"]) {
      const before = new URL(historyHref(month, NOW), "http://x").searchParams.get("before")!;
      expect(historyMonthFromQuery({ before }, NOW)).toBe(month);
    }
    expect(incidentPath(42)).toBe("/incidents/42");
  });
});
