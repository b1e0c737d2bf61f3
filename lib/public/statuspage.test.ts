import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../db/client";
import { componentGroups, monitorStates } from "../db/schema";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { Condition } from "../db/schema/state-time";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { autoIncidentStatements } from "../incidents/auto";
import { createIncident, mergeIncident, postUpdate, scheduleMaintenance } from "../incidents/manage";
import { writePageSettings } from "../settings/page";
import { pulse } from "../workers/pulse";
import { savePostmortem } from "../incidents/postmortem";
import { publicJson } from "./http";
import {
  pageIdFor,
  statuspageActiveMaintenances,
  statuspageComponents,
  statuspageIncidents,
  statuspageMaintenances,
  statuspageStatus,
  statuspageSummary,
  statuspageUnresolvedIncidents,
  statuspageUpcomingMaintenances,
  STATUS_DESCRIPTIONS,
  STATUSPAGE_COMPONENT_STATUS,
  STATUSPAGE_PAGE_STATUS,
} from "./statuspage";
import {
  activeMaintenancesDocument,
  componentsDocument,
  incidentsDocument,
  scheduledMaintenancesDocument,
  statusDocument,
  summaryDocument,
  unresolvedIncidentsDocument,
  upcomingMaintenancesDocument,
  type StatuspageComponent,
} from "./statuspage-schema";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const NOW = T0 + HOUR;
const SITE = "https://status.example.com";
const XSS_TITLE = `Checkout fails <script>alert("x")</script> & <img src=x onerror=alert(1)>`;


describe("Statuspage vocabulary", () => {
  it("translates the one rule's answers into Statuspage's words, no data never green", () => {
    expect(STATUSPAGE_COMPONENT_STATUS).toEqual({
      operational: "operational",
      maintenance: "under_maintenance",
      paused: "under_maintenance",
      no_data: "degraded_performance",
      degraded: "degraded_performance",
      partial_outage: "partial_outage",
      down: "major_outage",
    });
    expect(STATUSPAGE_PAGE_STATUS.major_outage).toEqual({ indicator: "critical", description: "Major System Outage" });
    expect(STATUSPAGE_PAGE_STATUS.partial_outage).toEqual({ indicator: "major", description: "Partial System Outage" });
    expect(STATUSPAGE_PAGE_STATUS.minor_outage).toEqual({ indicator: "minor", description: "Minor Service Outage" });
    expect(STATUSPAGE_PAGE_STATUS.degraded).toEqual({ indicator: "minor", description: "Partially Degraded Service" });
    expect(STATUSPAGE_PAGE_STATUS.maintenance).toEqual({ indicator: "maintenance", description: "Service Under Maintenance" });
    expect(STATUSPAGE_PAGE_STATUS.no_data).toEqual({ indicator: "minor", description: STATUS_DESCRIPTIONS.noData });
    expect(STATUSPAGE_PAGE_STATUS.some_no_data).toEqual({ indicator: "minor", description: STATUS_DESCRIPTIONS.someNoData });
    expect(STATUSPAGE_PAGE_STATUS.operational).toEqual({ indicator: "none", description: "All Systems Operational" });
  });
});

describe("Statuspage documents", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  /** A state as a running coordinator leaves it: its last result and the coordinator's pulse fresh at NOW. */
  async function state(monitorId: number, status: MonitorStatus, condition: Condition, since = T0) {
    await db.insert(monitorStates).values({ monitorId, status, condition, since, lastResultAt: NOW, updatedAt: NOW });
    await pulse(db, "coordinator", "*", T0, {}, NOW);
  }

  /**
   * One component per case, a group, private things that must stay out, and incidents in every
   * state: open (with hostile text), resolved, draft, merged, maintenance upcoming, active and draft.
   */
  async function seed() {
    const makeMonitorAt = (over: Parameters<typeof makeMonitor>[1]) => makeMonitor(db, { createdAt: T0 - 10 * HOUR, ...over });
    await writePageSettings(db, { name: "Acme" });
    const [core] = await db.insert(componentGroups).values({ key: "core", name: "Core services", displayOrder: 0 }).returning();
    const api = await makeComponent(db, { key: "api", name: "API", groupId: core.id, displayOrder: 1, publishIncidents: true });
    const web = await makeComponent(db, { key: "web", name: "Website", groupId: core.id, displayOrder: 2 });
    const search = await makeComponent(db, { key: "search", name: "Search", displayOrder: 3 });
    const queue = await makeComponent(db, { key: "queue", name: "Queue", displayOrder: 4 });
    const billing = await makeComponent(db, { key: "billing", name: "Billing", displayOrder: 5 });
    await makeComponent(db, { key: "docs", name: "Docs", displayOrder: 6 });
    const stale = await makeComponent(db, { key: "stale", name: "Reports", displayOrder: 7 });
    const db2 = await makeComponent(db, { key: "database", name: "Database", displayOrder: 8 });
    const mobile = await makeComponent(db, { key: "mobile", name: "Mobile", displayOrder: 9 });
    const secret = await makeComponent(db, { key: "secret-admin", name: "Secret admin", isPublic: false, displayOrder: 10 });
    const archived = await makeComponent(db, { key: "old", name: "Retired thing", archivedAt: T0 - HOUR, displayOrder: 11 });

    const apiMonitor = await makeMonitorAt({ name: "API health", componentId: api.id, createdAt: T0 - 10 * HOUR });
    await state(apiMonitor.id, "operational", "up", T0 - 2 * HOUR);
    // Down, but private: it must not make API look down, nor show its name.
    await state((await makeMonitorAt({ name: "Hidden probe", componentId: api.id, isPublic: false })).id, "down", "major");
    await state((await makeMonitorAt({ componentId: web.id })).id, "degraded", "degraded");
    await state((await makeMonitorAt({ componentId: search.id })).id, "down", "major");
    await state((await makeMonitorAt({ componentId: search.id })).id, "operational", "up");
    await state((await makeMonitorAt({ componentId: queue.id })).id, "down", "partial");
    await state((await makeMonitorAt({ componentId: billing.id })).id, "down", "major", T0 + 5 * MIN);
    await makeMonitorAt({ componentId: stale.id }); // no state row yet: no data
    await state((await makeMonitorAt({ componentId: db2.id })).id, "down", "major");
    await state((await makeMonitorAt({ componentId: mobile.id })).id, "operational", "up");
    await state((await makeMonitorAt({ name: "Secret admin login", componentId: secret.id })).id, "down", "major");
    await state((await makeMonitorAt({ componentId: archived.id })).id, "down", "major");

    const open = await createIncident(
      db,
      SYSTEM_ACTOR,
      {
        title: XSS_TITLE,
        status: "investigating",
        impact: "major",
        componentImpacts: [
          { componentId: mobile.id, impact: "major_outage" },
          { componentId: secret.id, impact: "major_outage" },
        ],
        body: "We are **on it**. <b>bold</b>",
        published: true,
      },
      T0,
    );
    await postUpdate(db, SYSTEM_ACTOR, open, { status: "monitoring", body: "A fix is out; watching." }, T0 + 20 * MIN);
    const resolved = await createIncident(db, SYSTEM_ACTOR, { title: "Slow logins", status: "identified", impact: "minor", componentImpacts: [{ componentId: api.id, impact: "degraded_performance" }], body: "Looking", published: true }, T0 - 3 * HOUR);
    await postUpdate(db, SYSTEM_ACTOR, resolved, { status: "resolved", body: "Fixed." }, T0 - 2 * HOUR);
    await createIncident(db, SYSTEM_ACTOR, { title: "Draft only", status: "investigating", impact: "critical", componentImpacts: [{ componentId: web.id, impact: "major_outage" }], body: "Draft body", published: false }, T0 + 10 * MIN);

    // An automatic incident (published at once: API publishes incidents) merged into the open one.
    await db.$client.batch(
      autoIncidentStatements({ id: apiMonitor.id, name: "API health", componentId: api.id }, { from: "operational", to: "down", at: T0 - HOUR, reason: "3 of 3 regions failed" }, { down: 3, live: 3 }, T0 - HOUR),
      "write",
    );
    const auto = Number((await db.$client.execute("SELECT id FROM incidents WHERE source = 'auto'")).rows[0].id);
    await mergeIncident(db, SYSTEM_ACTOR, auto, open, T0 + 30 * MIN);

    const active = await scheduleMaintenance(
      db,
      SYSTEM_ACTOR,
      { title: "Database upgrade", body: "Read-only for an hour.", componentIds: [db2.id, secret.id], scheduledFor: NOW - 30 * MIN, scheduledUntil: NOW + 30 * MIN, published: true },
      T0 - 5 * HOUR,
    );
    const upcoming = await scheduleMaintenance(
      db,
      SYSTEM_ACTOR,
      { title: "Network work", body: "Brief blips possible.", componentIds: [web.id], scheduledFor: NOW + 30 * 86_400_000, scheduledUntil: NOW + 30 * 86_400_000 + HOUR, published: true },
      T0 - 4 * HOUR,
    );
    await scheduleMaintenance(
      db,
      SYSTEM_ACTOR,
      { title: "Draft maintenance", body: "Not announced.", componentIds: [mobile.id], scheduledFor: NOW - MIN, scheduledUntil: NOW + HOUR, published: false },
      T0 - 4 * HOUR,
    );
    return { open, resolved, auto, active, upcoming };
  }

  const byId = (components: StatuspageComponent[]) => new Map(components.map((c) => [c.id, c]));

  it("serves every document in its documented shape", async () => {
    await seed();
    const o = { siteUrl: SITE, now: NOW };
    summaryDocument.parse(await statuspageSummary(db, o));
    statusDocument.parse(await statuspageStatus(db, o));
    componentsDocument.parse(await statuspageComponents(db, o));
    incidentsDocument.parse(await statuspageIncidents(db, o));
    unresolvedIncidentsDocument.parse(await statuspageUnresolvedIncidents(db, o));
    scheduledMaintenancesDocument.parse(await statuspageMaintenances(db, o));
    upcomingMaintenancesDocument.parse(await statuspageUpcomingMaintenances(db, o));
    activeMaintenancesDocument.parse(await statuspageActiveMaintenances(db, o));
  });

  it("gives each public component its Statuspage status, groups with their components, and the page status", async () => {
    await seed();
    const { page, components, status } = await statuspageSummary(db, { siteUrl: SITE, now: NOW });
    expect(page).toEqual({ id: pageIdFor(SITE), name: "Acme", url: SITE, time_zone: "Etc/UTC", updated_at: new Date(T0 + 30 * MIN).toISOString() });
    expect(page.id).toMatch(/^[a-z0-9]{12}$/);
    expect(components.map((c) => [c.id, c.status, c.position])).toEqual([
      ["search", "partial_outage", 1],
      ["queue", "partial_outage", 2],
      ["billing", "major_outage", 3],
      ["docs", "degraded_performance", 4],
      ["stale", "degraded_performance", 5],
      ["database", "under_maintenance", 6],
      // Its monitor is up, but the open incident declares a major outage: the worse wins, as on the page.
      ["mobile", "major_outage", 7],
      ["group.core", "major_outage", 8],
      // Declared too: merging the automatic incident copied its impact into the team's open incident.
      ["api", "major_outage", 9],
      ["web", "degraded_performance", 10],
    ]);
    const c = byId(components);
    expect(c.get("group.core")).toMatchObject({ name: "Core services", group: true, group_id: null, components: ["api", "web"], description: null });
    expect(c.get("api")).toMatchObject({ name: "API", group: false, group_id: "group.core", page_id: page.id, created_at: new Date(T0 - 10 * HOUR).toISOString() });
    expect(c.get("api")).not.toHaveProperty("components");
    expect(c.get("search")!.group_id).toBeNull();
    // Updated when its status last changed; a component without monitors has no known times.
    expect(c.get("billing")!.updated_at).toBe(new Date(T0 + 5 * MIN).toISOString());
    expect(c.get("docs")).toMatchObject({ created_at: new Date(0).toISOString(), updated_at: new Date(0).toISOString(), start_date: null });
    expect(c.get("database")!.updated_at).toBe(new Date(NOW - 30 * MIN).toISOString());
    // Billing is down everywhere (major), but the open incident is critical: the merged automatic one raised it.
    expect(status).toEqual({ indicator: "critical", description: "Major System Outage" });
    expect((await statuspageStatus(db, { siteUrl: SITE, now: NOW })).status).toEqual(status);
  });

  it("shows a published postmortem as Statuspage does (status postmortem, its body and times), never a draft one", async () => {
    const { resolved } = await seed();
    const pmOf = async () => (await statuspageIncidents(db, { siteUrl: SITE, now: NOW })).incidents.find((i) => i.id === String(resolved))!;
    expect(await pmOf()).toMatchObject({ status: "resolved", postmortem_body: null, postmortem_published_at: null, postmortem_ignored: false });
    await savePostmortem(db, SYSTEM_ACTOR, resolved, { body: "Draft: private notes." }, NOW);
    expect(await pmOf()).toMatchObject({ status: "resolved", postmortem_body: null, postmortem_body_last_updated_at: null });
    await savePostmortem(db, SYSTEM_ACTOR, resolved, { body: "## Cause\nA bad deploy.", publish: true }, NOW + MIN);
    const doc = await statuspageIncidents(db, { siteUrl: SITE, now: NOW + MIN });
    incidentsDocument.parse(doc);
    expect(doc.incidents.find((i) => i.id === String(resolved))).toMatchObject({
      status: "postmortem",
      postmortem_body: "## Cause\nA bad deploy.",
      postmortem_published_at: new Date(NOW + MIN).toISOString(),
      postmortem_body_last_updated_at: new Date(NOW + MIN).toISOString(),
      postmortem_notified_subscribers: true,
    });
  });

  it("lists incidents with their timelines, public components, permalinks and times", async () => {
    const { open, resolved, auto, active, upcoming } = await seed();
    const { incidents } = await statuspageIncidents(db, { siteUrl: SITE, now: NOW });
    // Newest created first; incidents only (maintenance has documents of its own); drafts and merged ones never.
    expect(incidents.map((i) => i.id)).toEqual([String(open), String(resolved)]);
    expect(incidents.map((i) => i.id)).not.toContain(String(auto));
    const [i, r] = incidents;
    const m = (await statuspageMaintenances(db, { siteUrl: SITE, now: NOW })).scheduled_maintenances.find((x) => x.id === String(active))!;
    expect(i).toMatchObject({
      name: XSS_TITLE,
      status: "monitoring",
      // Raised by the merged automatic incident (down in all regions).
      impact: "critical",
      shortlink: `${SITE}/incidents/${open}`,
      started_at: new Date(T0).toISOString(),
      created_at: new Date(T0).toISOString(),
      updated_at: new Date(T0 + 30 * MIN).toISOString(),
      monitoring_at: new Date(T0 + 20 * MIN).toISOString(),
      resolved_at: null,
      page_id: pageIdFor(SITE),
    });
    // Public components only, with their current status; the merged incident's component came along.
    expect(i.components.map((c) => [c.id, c.status])).toEqual([
      ["mobile", "major_outage"],
      ["api", "major_outage"],
    ]);
    // Newest first, raw Markdown, the merged incident's entries included.
    expect(i.incident_updates.map((u) => [u.status, u.body.slice(0, 22), u.incident_id])).toEqual([
      ["monitoring", expect.stringContaining("Merged automatic inci"), String(open)],
      ["monitoring", "A fix is out; watching", String(open)],
      ["investigating", "We are **on it**. <b>b", String(open)],
      ["investigating", "API health is down: 3 ", String(open)],
    ]);
    expect(r).toMatchObject({ status: "resolved", impact: "minor", resolved_at: new Date(T0 - 2 * HOUR).toISOString(), monitoring_at: null });
    expect(m).toMatchObject({
      name: "Database upgrade",
      // Typed clients know none/minor/major/critical only.
      impact: "none",
      // In its window by the clock, before the coordinator moves it.
      status: "in_progress",
      scheduled_for: new Date(NOW - 30 * MIN).toISOString(),
      scheduled_until: new Date(NOW + 30 * MIN).toISOString(),
    });
    expect(m.components.map((c) => c.id)).toEqual(["database"]);

    const unresolved = await statuspageUnresolvedIncidents(db, { siteUrl: SITE, now: NOW });
    expect(unresolved.incidents.map((x) => x.id)).toEqual([String(open)]);
    const summary = await statuspageSummary(db, { siteUrl: SITE, now: NOW });
    expect(summary.incidents.map((x) => x.id)).toEqual([String(open)]);
    expect(summary.scheduled_maintenances.map((x) => [x.id, x.status])).toEqual([
      [String(active), "in_progress"],
      [String(upcoming), "scheduled"],
    ]);
  });

  it("splits maintenance into upcoming, active and all, by the clock", async () => {
    const { active, upcoming } = await seed();
    const o = { siteUrl: SITE, now: NOW };
    expect((await statuspageUpcomingMaintenances(db, o)).scheduled_maintenances.map((x) => x.id)).toEqual([String(upcoming)]);
    expect((await statuspageActiveMaintenances(db, o)).scheduled_maintenances.map((x) => x.id)).toEqual([String(active)]);
    expect((await statuspageMaintenances(db, o)).scheduled_maintenances.map((x) => x.id)).toEqual([String(upcoming), String(active)]);
    // Once the window is over the component is back to its monitors, and the page says so.
    const later = { siteUrl: SITE, now: NOW + HOUR };
    // (the probes and the coordinator kept running meanwhile)
    await db.update(monitorStates).set({ lastResultAt: later.now });
    await pulse(db, "coordinator", "*", T0, {}, later.now);
    expect((await statuspageActiveMaintenances(db, later)).scheduled_maintenances).toEqual([]);
    const { components } = await statuspageComponents(db, later);
    expect(byId(components).get("database")!.status).toBe("major_outage");
  });

  it("never shows private components and monitors, drafts or merged incidents", async () => {
    const { auto } = await seed();
    const o = { siteUrl: SITE, now: NOW };
    const documents = [
      await statuspageSummary(db, o),
      await statuspageStatus(db, o),
      await statuspageComponents(db, o),
      await statuspageIncidents(db, o),
      await statuspageUnresolvedIncidents(db, o),
      await statuspageMaintenances(db, o),
      await statuspageUpcomingMaintenances(db, o),
      await statuspageActiveMaintenances(db, o),
    ];
    for (const doc of documents) {
      const text = JSON.stringify(doc);
      expect(text).not.toMatch(/Secret admin|secret-admin|Hidden probe|Retired thing|"old"|Draft only|Draft body|Draft maintenance|Not announced/);
      const { incidents = [] } = JSON.parse(text) as { incidents?: { id: string }[] };
      expect(incidents.map((i) => i.id)).not.toContain(String(auto));
    }
    // The draft maintenance on Mobile does not put it under maintenance either (the open incident's major outage shows).
    expect(byId((await statuspageComponents(db, o)).components).get("mobile")!.status).toBe("major_outage");
  });

  it("returns hostile titles as data: JSON-escaped, never HTML", async () => {
    await seed();
    const response = publicJson(await statuspageIncidents(db, { siteUrl: SITE, now: NOW }));
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("cache-control")).toBe("public, max-age=30, stale-while-revalidate=60");
    const text = await response.text();
    // No markup in the bytes, not even entity-encoded: the characters are JSON escapes…
    expect(text).not.toMatch(/<script|<img|&lt;|&amp;/);
    expect(text).toContain("\\u003cscript\\u003e");
    // …and every JSON parser reads the title back exactly as it was written.
    const parsed = JSON.parse(text) as { incidents: { name: string; incident_updates: { body: string }[] }[] };
    expect(parsed.incidents[0].name).toBe(XSS_TITLE);
    expect(parsed.incidents[0].incident_updates.at(-2)!.body).toBe("We are **on it**. <b>bold</b>");
  });

  it("is honest on an empty or silent page: no data is never green", async () => {
    const o = { siteUrl: SITE, now: NOW };
    expect((await statuspageStatus(db, o)).status).toEqual({ indicator: "minor", description: STATUS_DESCRIPTIONS.noData });
    const c = await makeComponent(db, { key: "api", name: "API" });
    const monitor = await makeMonitor(db, { componentId: c.id });
    await state(monitor.id, "no_data", "no_data");
    const summary = await statuspageSummary(db, o);
    summaryDocument.parse(summary);
    expect(summary.components.map((x) => x.status)).toEqual(["degraded_performance"]);
    expect(summary.status).toEqual({ indicator: "minor", description: STATUS_DESCRIPTIONS.noData });
    await db.update(monitorStates).set({ status: "operational", condition: "up" });
    expect((await statuspageStatus(db, o)).status).toEqual({ indicator: "none", description: "All Systems Operational" });
  });

  it("reads each document in a fixed number of queries whatever the history", async () => {
    await seed();
    const o = { siteUrl: SITE, now: NOW };
    const execute = vi.spyOn(db.$client, "execute");
    const count = async (build: () => Promise<unknown>) => {
      execute.mockClear();
      await build();
      return execute.mock.calls.length;
    };
    const before = { summary: await count(() => statuspageSummary(db, o)), status: await count(() => statuspageStatus(db, o)), incidents: await count(() => statuspageIncidents(db, o)) };
    expect(before).toEqual({ summary: 8, status: 5, incidents: 8 });
    for (let n = 0; n < 5; n++) {
      await createIncident(db, SYSTEM_ACTOR, { title: `More ${n}`, status: "investigating", impact: "minor", componentImpacts: [], body: "x", published: true }, T0 + n * MIN);
    }
    expect({ summary: await count(() => statuspageSummary(db, o)), status: await count(() => statuspageStatus(db, o)), incidents: await count(() => statuspageIncidents(db, o)) }).toEqual(before);
  });
});
