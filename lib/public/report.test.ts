import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../db/client";
import { componentGroups, incidentComponents, incidents, rollupsDaily, stateTimeDaily } from "../db/schema";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { createIncident, postUpdate, scheduleMaintenance } from "../incidents/manage";
import { writePageSettings } from "../settings/page";
import { LatencyHistogram } from "../uptime/histogram";
import { addMonths, formatHoursMinutes, monthLabel, monthlyReport, monthOf, monthRange, reportPath, reportPdfPath } from "./report";

/** Mid-November 2026: October is a whole past month, November the current one. */
const NOW = Date.UTC(2026, 10, 16, 12, 0, 0);
const OCT = Date.UTC(2026, 9, 1);
const NOV = Date.UTC(2026, 10, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> & "q"`;

const day = (n: number) => OCT + (n - 1) * DAY; // 1-based day of October

describe("month ranges", () => {
  it("are UTC calendar months; a month that has not begun, or a malformed one, is null", () => {
    expect(monthRange("2026-10", NOW)).toEqual({ month: "2026-10", from: OCT, to: NOV, days: 31, current: false });
    expect(monthRange("2026-11", NOW)).toEqual({ month: "2026-11", from: NOV, to: Date.UTC(2026, 11, 1), days: 30, current: true });
    expect(monthRange("2024-02", NOW)?.days).toBe(29);
    expect(monthRange("2026-12", NOW)).toBeNull();
    expect(monthRange("2026-12", Date.UTC(2026, 11, 1))?.current).toBe(true);
    for (const bad of ["2026-13", "2026-00", "2026-1", "26-10", "1969-12", "2026-10 ", "2026-10/x", ""]) expect(monthRange(bad, NOW)).toBeNull();
    expect(monthOf(NOW)).toBe("2026-11");
    expect(addMonths("2026-01", -1)).toBe("2025-12");
    expect(addMonths("2026-12", 1)).toBe("2027-01");
    expect(monthLabel("2026-11")).toBe("November 2026");
    expect(reportPath("2026-11")).toBe("/report/2026-11");
    expect(reportPath("2026-11", "a b/c")).toBe("/report/2026-11/a%20b%2Fc");
    expect(reportPdfPath("2026-11", "api")).toBe("/report/pdf/2026-11/api");
  });

  it("writes durations in hours and minutes, never hiding a short one", () => {
    expect([0, 1, 59_999, 60_000, 45 * MIN, 2 * HOUR + 18 * MIN, 26 * HOUR + 29_000].map(formatHoursMinutes)).toEqual([
      "0 min",
      "< 1 min",
      "< 1 min",
      "1 min",
      "45 min",
      "2 h 18 min",
      "26 h 0 min",
    ]);
  });
});

describe("monthly report", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  /**
   * Two public components (API with two public monitors and a private one; Web with one), a
   * private component, an archived one, and a public monitor without a component. Private and
   * out-of-month rows are all major outage and slow, so counting any of them shows.
   */
  async function seed() {
    const [core] = await db.insert(componentGroups).values({ key: "core", name: "Core", displayOrder: 1 }).returning();
    const api = await makeComponent(db, { key: "api", name: "API", groupId: core.id, displayOrder: 1 });
    const web = await makeComponent(db, { key: "web", name: HOSTILE, displayOrder: 2 });
    const secret = await makeComponent(db, { key: "secret", name: "Secret admin", isPublic: false });
    const archived = await makeComponent(db, { key: "old", name: "Old thing", archivedAt: OCT - DAY });
    const a1 = await makeMonitor(db, { componentId: api.id });
    const a2 = await makeMonitor(db, { componentId: api.id });
    const hidden = await makeMonitor(db, { componentId: api.id, isPublic: false });
    const w = await makeMonitor(db, { componentId: web.id });
    const s = await makeMonitor(db, { componentId: secret.id });
    const old = await makeMonitor(db, { componentId: archived.id });
    const orphan = await makeMonitor(db, {});

    const rows: (typeof stateTimeDaily.$inferInsert)[] = [];
    for (let n = 1; n <= 31; n++) {
      rows.push({ monitorId: a1.id, bucketStart: day(n), upMs: DAY });
      rows.push({ monitorId: w.id, bucketStart: day(n), ...(n === 10 ? { upMs: 14 * HOUR, partialMs: 10 * HOUR } : { upMs: DAY }) });
      for (const m of [hidden, s, old, orphan]) rows.push({ monitorId: m.id, bucketStart: day(n), majorMs: DAY });
    }
    rows.push({ monitorId: a2.id, bucketStart: day(5), upMs: 18 * HOUR, degradedMs: 3 * HOUR, partialMs: HOUR, majorMs: 2 * HOUR });
    rows.push({ monitorId: a2.id, bucketStart: day(20), upMs: 20 * HOUR, maintenanceMs: 4 * HOUR });
    // The days on either side of October.
    rows.push({ monitorId: a1.id, bucketStart: OCT - DAY, majorMs: DAY });
    rows.push({ monitorId: a1.id, bucketStart: NOV, majorMs: DAY });
    rows.push({ monitorId: a1.id, bucketStart: NOV + DAY, upMs: DAY });
    await db.insert(stateTimeDaily).values(rows);

    const hist = (ms: number, n: number) => new LatencyHistogram().add(ms * 1000, n).encode();
    await db.insert(rollupsDaily).values([
      { monitorId: a1.id, regionId: 1, bucketStart: day(3), total: 100, histogram: hist(10, 100) },
      { monitorId: w.id, regionId: 1, bucketStart: day(4), total: 60, histogram: hist(200, 60) },
      { monitorId: w.id, regionId: 2, bucketStart: day(4), total: 40, histogram: hist(200, 40) },
      ...[hidden, s, old, orphan].map((m) => ({ monitorId: m.id, regionId: 1, bucketStart: day(4), total: 1000, histogram: hist(9_000, 1000) })),
      { monitorId: a1.id, regionId: 1, bucketStart: OCT - DAY, total: 1000, histogram: hist(5_000, 1000) },
      { monitorId: a1.id, regionId: 1, bucketStart: NOV, total: 1000, histogram: hist(5_000, 1000) },
    ]);

    const open = async (title: string, at: number, componentImpacts: { componentId: number; impact: "major_outage" | "partial_outage" }[], published = true) =>
      createIncident(db, SYSTEM_ACTOR, { title, status: "investigating", impact: "major", componentImpacts, body: "Looking into it.", published }, at);
    const resolve = (id: number, at: number) => postUpdate(db, SYSTEM_ACTOR, id, { status: "resolved", body: "Fixed." }, at);

    const apiDown = await open(HOSTILE, day(5) + 10 * HOUR, [{ componentId: api.id, impact: "major_outage" }]);
    await resolve(apiDown, day(5) + 12 * HOUR);
    const webAndSecret = await open("Web and admin slow", day(10), [
      { componentId: web.id, impact: "partial_outage" },
      { componentId: secret.id, impact: "major_outage" },
    ]);
    await resolve(webAndSecret, day(10) + HOUR);
    const secretOnly = await open("Secret admin down", day(12), [{ componentId: secret.id, impact: "major_outage" }]);
    await resolve(secretOnly, day(12) + 5 * HOUR);
    // The form refuses archived components, so this one's incident is written directly.
    const [archivedOnly] = await db
      .insert(incidents)
      .values({ title: "Old thing down", status: "resolved", impact: "major", source: "manual", published: true, startedAt: day(13), resolvedAt: day(13) + 5 * HOUR, createdAt: day(13), updatedAt: day(13) })
      .returning();
    await db.insert(incidentComponents).values({ incidentId: archivedOnly.id, componentId: archived.id, impact: "major_outage" });
    await open("Draft about the API", day(13), [{ componentId: api.id, impact: "major_outage" }], false);
    const lastMonth = await open("Started in September", OCT - HOUR, [{ componentId: api.id, impact: "major_outage" }]);
    await resolve(lastMonth, OCT + HOUR);
    const general = await open("Something general", day(25), []);
    const lastMoment = await open("Last minute of October", NOV - 1, [{ componentId: api.id, impact: "partial_outage" }]);
    await resolve(lastMoment, NOV - 1 + 30 * MIN);
    await open("First minute of November", NOV, [{ componentId: api.id, impact: "partial_outage" }]);
    await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Planned work", body: "Upgrading.", componentIds: [api.id], scheduledFor: day(20), scheduledUntil: day(20) + 4 * HOUR, published: true }, day(19));
    // An automatic incident merged into another is shown only through its target.
    await db.insert(incidents).values({
      title: "Merged auto incident",
      status: "resolved",
      impact: "major",
      source: "auto",
      monitorId: a1.id,
      published: true,
      startedAt: day(6),
      resolvedAt: day(6) + 9 * HOUR,
      mergedInto: apiDown,
      createdAt: day(6),
      updatedAt: day(6),
    });
    // A published automatic incident of a private monitor without a component.
    await db.insert(incidents).values({ title: "Orphan monitor down", status: "resolved", impact: "major", source: "auto", monitorId: orphan.id, published: true, startedAt: day(7), resolvedAt: day(7) + HOUR, createdAt: day(7), updatedAt: day(7) });
    return { api, web, apiDown, webAndSecret, general, lastMoment };
  }

  it("adds up a whole month of the page from its daily rows, by the page's formula, public only", async () => {
    const ids = await seed();
    const r = (await monthlyReport(db, { scope: "page" }, "2026-10", NOW))!;
    expect(r).toMatchObject({ scope: "page", key: null, name: "Status", title: "Status uptime report, October 2026", previousMonth: "2026-09", nextMonth: "2026-11" });
    expect(r.range).toEqual({ month: "2026-10", from: OCT, to: NOV, days: 31, current: false });

    // API: a1 up all month; a2 on the 5th (2 h major, 1 h partial, 3 h degraded) and the 20th (4 h maintenance).
    // Web: up all month but 10 h of partial outage on the 10th. Statuspage's weights: partial 0.3, degraded 0.
    const apiCounted = 31 * DAY + 18 * HOUR + 3 * HOUR + HOUR + 2 * HOUR + 20 * HOUR;
    const apiDown = 2 * HOUR + 0.3 * HOUR;
    const webDown = 0.3 * 10 * HOUR;
    expect(r.downtimeMs).toBeCloseTo(apiDown + webDown, 6);
    expect(r.uptimeRatio).toBeCloseTo(1 - (apiDown + webDown) / (apiCounted + 31 * DAY), 12);
    expect(r.components.map((c) => [c.key, c.name, c.groupName, c.incidentCount])).toEqual([
      ["web", HOSTILE, null, 1],
      ["api", "API", "Core", 2],
    ]);
    const [web, api] = r.components;
    expect(api.downtimeMs).toBeCloseTo(apiDown, 6);
    expect(api.uptimeRatio).toBeCloseTo(1 - apiDown / apiCounted, 12);
    expect(web.downtimeMs).toBeCloseTo(webDown, 6);
    expect(web.uptimeRatio).toBeCloseTo(1 - webDown / (31 * DAY), 12);

    // Incidents that started in October, published and not merged, of public components (or general).
    expect(r.incidents.map((i) => i.id)).toEqual([ids.apiDown, ids.webAndSecret, ids.general, ids.lastMoment]);
    expect(r.incidentCount).toBe(4);
    expect(r.incidents[0]).toEqual({
      id: ids.apiDown,
      title: HOSTILE,
      impact: "major",
      startedAt: day(5) + 10 * HOUR,
      resolvedAt: day(5) + 12 * HOUR,
      durationMs: 2 * HOUR,
      href: `/incidents/${ids.apiDown}`,
      components: ["API"],
    });
    expect(r.incidents[1].components).toEqual([HOSTILE]);
    expect(r.incidents[2]).toMatchObject({ title: "Something general", resolvedAt: null, durationMs: null, components: [] });
    // MTTR over the resolved ones: 2 h, 1 h and 30 min.
    expect(r.mttrMs).toBe((2 * HOUR + HOUR + 30 * MIN) / 3);

    // Latency: 100 checks at 10 ms (API) and 100 at 200 ms (Web, two regions); none of the 9 s or 5 s ones.
    const expected = new LatencyHistogram().add(10_000, 100).add(200_000, 100);
    expect(r.latency).toEqual({ p50Ms: expected.percentile(50)! / 1000, p95Ms: expected.percentile(95)! / 1000 });
    expect(r.latency.p95Ms).toBeGreaterThan(180);
    expect(r.latency.p95Ms).toBeLessThan(220);

    // One bar per day, coloured by the worst condition of any public monitor that day.
    expect(r.days).toHaveLength(31);
    expect(r.days[0].dayStart).toBe(OCT);
    expect(r.days[30].dayStart).toBe(NOV - DAY);
    expect(r.days.map((d) => d.worst).filter((w) => w !== "up")).toEqual(["major", "partial"]);
    expect(r.days[4].worst).toBe("major");
    expect(r.days[9].worst).toBe("partial");
    expect(r.days.every((d) => !d.future)).toBe(true);

    // Nothing private is named anywhere in it.
    const text = JSON.stringify(r);
    for (const hidden of ["Secret admin", "Old thing", "Draft about", "Merged auto", "Orphan monitor", "September", "First minute"]) expect(text).not.toContain(hidden);
  });

  it("reports one public component: its own time, incidents and latency", async () => {
    const ids = await seed();
    const r = (await monthlyReport(db, { scope: "component", key: "api" }, "2026-10", NOW))!;
    expect(r).toMatchObject({ scope: "component", key: "api", name: "API", pageName: "Status", title: "API uptime report, October 2026", components: [] });
    const counted = 31 * DAY + 18 * HOUR + 3 * HOUR + HOUR + 2 * HOUR + 20 * HOUR;
    expect(r.downtimeMs).toBeCloseTo(2.3 * HOUR, 6);
    expect(r.uptimeRatio).toBeCloseTo(1 - (2.3 * HOUR) / counted, 12);
    expect(r.incidents.map((i) => i.id)).toEqual([ids.apiDown, ids.lastMoment]);
    expect(r.mttrMs).toBe((2 * HOUR + 30 * MIN) / 2);
    const tenMs = new LatencyHistogram().add(10_000).percentile(50)! / 1000;
    expect(r.latency).toEqual({ p50Ms: tenMs, p95Ms: tenMs });
    expect(r.days[4].worst).toBe("major");
    expect(r.days[9].worst).toBe("up");
    // The maintenance day is up: maintenance does not count, and a1 was up.
    expect(r.days[19]).toMatchObject({ worst: "up", ratio: 1 });

    const web = (await monthlyReport(db, { scope: "component", key: "web" }, "2026-10", NOW))!;
    expect(web.incidents.map((i) => i.id)).toEqual([ids.webAndSecret]);
    expect(web.mttrMs).toBe(HOUR);
  });

  it("follows the page's own weights for partial outage and degraded time", async () => {
    await seed();
    await writePageSettings(db, { name: "Acme", uptime: { partialOutageWeight: 0.5, degradedWeight: 0.1 } });
    const r = (await monthlyReport(db, { scope: "component", key: "api" }, "2026-10", NOW))!;
    expect(r.formula).toEqual({ partialOutageWeight: 0.5, degradedWeight: 0.1 });
    expect(r.downtimeMs).toBeCloseTo(2 * HOUR + 0.5 * HOUR + 0.1 * 3 * HOUR, 6);
    expect(r.pageName).toBe("Acme");
  });

  it("is null for private, archived and unknown components, and for months that have not begun", async () => {
    await seed();
    for (const key of ["secret", "old", "nope", ""]) expect(await monthlyReport(db, { scope: "component", key }, "2026-10", NOW)).toBeNull();
    expect(await monthlyReport(db, { scope: "page" }, "2026-12", NOW)).toBeNull();
    expect(await monthlyReport(db, { scope: "component", key: "api" }, "2027-01", NOW)).toBeNull();
    expect(await monthlyReport(db, { scope: "page" }, "2026-13", NOW)).toBeNull();
  });

  it("shows the current month so far, with the days still ahead marked", async () => {
    await seed();
    const r = (await monthlyReport(db, { scope: "page" }, "2026-11", NOW))!;
    expect(r.range.current).toBe(true);
    expect(r.nextMonth).toBeNull();
    expect(r.previousMonth).toBe("2026-10");
    expect(r.days).toHaveLength(30);
    expect(r.days.filter((d) => d.future).map((d) => new Date(d.dayStart).getUTCDate())).toEqual([...Array(14).keys()].map((i) => 17 + i));
    expect(r.days[0].worst).toBe("major");
    expect(r.days[1].worst).toBe("up");
    // The 1st of November (all major outage for the one monitor with data) and the 2nd (up).
    expect(r.downtimeMs).toBe(DAY);
    expect(r.uptimeRatio).toBe(0.5);
    expect(r.incidents.map((i) => i.title)).toEqual(["First minute of November"]);
    expect(r.mttrMs).toBeNull();
    expect(r.latency.p50Ms).toBeGreaterThan(4_500);
  });

  it("is empty but whole for a month without data", async () => {
    await seed();
    const r = (await monthlyReport(db, { scope: "component", key: "web" }, "2025-02", NOW))!;
    expect(r).toMatchObject({ uptimeRatio: null, downtimeMs: 0, incidents: [], incidentCount: 0, mttrMs: null, latency: { p50Ms: null, p95Ms: null } });
    expect(r.days).toHaveLength(28);
    expect(r.days.every((d) => d.worst === "no_data" && d.ratio === null)).toBe(true);
  });

  it("reads a fixed number of queries whatever the history", async () => {
    await seed();
    const execute = vi.spyOn(db.$client, "execute");
    const count = async (month: string) => {
      execute.mockClear();
      await monthlyReport(db, { scope: "page" }, month, NOW);
      return execute.mock.calls.length;
    };
    const before = await count("2026-10");
    expect(before).toBe(5);
    for (let n = 0; n < 5; n++) {
      await createIncident(db, SYSTEM_ACTOR, { title: `More ${n}`, status: "investigating", impact: "minor", body: "x", published: true }, day(2) + n * MIN);
    }
    expect(await count("2026-10")).toBe(before);
    expect(await count("2026-11")).toBe(before);
  });
});
