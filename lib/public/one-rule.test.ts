import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { componentGroups, monitorStates } from "../db/schema";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { Condition } from "../db/schema/state-time";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { strings as t } from "../i18n/en";
import { createIncident, scheduleMaintenance } from "../incidents/manage";
import { writePageSettings } from "../settings/page";
import type { ComponentStatus, PageStatus } from "../status/component";
import { pulse } from "../workers/pulse";
import { badgeResponse } from "./badges";
import { renderStatusPage } from "./render/status-page";
import { loadStatusPage } from "./status-page";
import { STATUSPAGE_COMPONENT_STATUS, STATUSPAGE_PAGE_STATUS, statuspageComponents, statuspageStatus, statuspageSummary } from "./statuspage";
import { widgetData } from "./widgets";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const MIN = 60_000;
const HOUR = 3_600_000;
const SITE = "https://status.example.com";

interface Fixture {
  db: Db;
  apiId: number;
  webId: number;
}

interface Scenario {
  name: string;
  /** API's two monitors: [status, condition]; Website's one monitor stays operational. */
  api: [MonitorStatus, Condition][];
  /** API's monitors' last results this long ago (stale past two 30 s intervals). */
  resultAgeMs?: number;
  arrange?: (f: Fixture) => Promise<unknown>;
  component: ComponentStatus;
  page: PageStatus;
  /** The page says the problem was detected automatically, with no update from the team. */
  detected: boolean;
  /** Text the page must show, and must not. */
  htmlHas?: string[];
  htmlLacks?: string[];
}

const up: [MonitorStatus, Condition] = ["operational", "up"];
const downAll: [MonitorStatus, Condition] = ["down", "major"];

const declare = (impact: "degraded_performance" | "partial_outage" | "major_outage", published = true, incidentImpact: "minor" | "major" = "minor") => (f: Fixture) =>
  createIncident(f.db, SYSTEM_ACTOR, { title: "API trouble", status: "investigating", impact: incidentImpact, componentImpacts: [{ componentId: f.apiId, impact }], body: "Looking.", published }, NOW - 20 * MIN);
const maintenance = (from: number, until: number) => (f: Fixture) =>
  scheduleMaintenance(f.db, SYSTEM_ACTOR, { title: "Upgrade", body: "Planned.", componentIds: [f.apiId], scheduledFor: from, scheduledUntil: until, published: true }, NOW - 5 * HOUR);

const SCENARIOS: Scenario[] = [
  { name: "everything up", api: [up, up], component: "operational", page: "operational", detected: false },
  // Issue 11's observation: the team's partial outage on API, its monitors up.
  { name: "a published incident declares a partial outage, monitors up", api: [up, up], arrange: declare("partial_outage"), component: "partial_outage", page: "minor_outage", detected: false },
  { name: "a draft incident declares a major outage", api: [up, up], arrange: declare("major_outage", false), component: "operational", page: "operational", detected: false },
  { name: "one monitor of two down, nobody has said anything", api: [downAll, up], component: "partial_outage", page: "minor_outage", detected: true },
  { name: "one monitor down in some regions only", api: [["down", "partial"], up], component: "partial_outage", page: "minor_outage", detected: true },
  { name: "every monitor down everywhere, no incident yet", api: [downAll, downAll], component: "down", page: "partial_outage", detected: true },
  { name: "measured down, declared degraded: the worse wins", api: [downAll, downAll], arrange: declare("degraded_performance"), component: "down", page: "partial_outage", detected: false },
  { name: "degraded, no incident", api: [["degraded", "degraded"], up], component: "degraded", page: "degraded", detected: true },
  {
    name: "maintenance in progress while its monitors fail",
    api: [downAll, downAll],
    arrange: maintenance(NOW - 30 * MIN, NOW + 30 * MIN),
    component: "maintenance",
    page: "maintenance",
    detected: false,
    htmlHas: ["Under maintenance: API"],
  },
  {
    name: "maintenance three hours away",
    api: [up, up],
    arrange: maintenance(NOW + 3 * HOUR, NOW + 4 * HOUR),
    component: "operational",
    page: "operational",
    detected: false,
    htmlHas: ["Maintenance planned: API"],
    htmlLacks: ["Under maintenance"],
  },
  { name: "maintenance over", api: [up, up], arrange: maintenance(NOW - 3 * HOUR, NOW - HOUR), component: "operational", page: "operational", detected: false },
  { name: "a declared major outage during maintenance", api: [up, up], arrange: async (f) => (await maintenance(NOW - 30 * MIN, NOW + 30 * MIN)(f), await declare("major_outage", true, "major")(f)), component: "down", page: "partial_outage", detected: false },
  { name: "stale results", api: [up, up], resultAgeMs: 10 * MIN, component: "no_data", page: "some_no_data", detected: false },
];

/**
 * Issue 11 §1: the page, /api/v2, badges, the widget and the card said different things. One
 * table of scenarios, and every surface must give the same answer for each, in its own words,
 * on a real migrated database.
 */
describe("one status rule on every public surface", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  async function build(s: Scenario): Promise<Fixture> {
    await writePageSettings(db, { name: "Acme" });
    const [core] = await db.insert(componentGroups).values({ key: "core", name: "Core", displayOrder: 0 }).returning();
    const api = await makeComponent(db, { key: "api", name: "API", groupId: core.id, displayOrder: 1 });
    const web = await makeComponent(db, { key: "web", name: "Website", displayOrder: 2 });
    const since = NOW - 7 * MIN;
    for (const [status, condition] of s.api) {
      const m = await makeMonitor(db, { componentId: api.id, intervalS: 30, createdAt: NOW - 10 * HOUR });
      await db.insert(monitorStates).values({ monitorId: m.id, status, condition, since, lastResultAt: NOW - (s.resultAgeMs ?? 5_000), updatedAt: NOW });
    }
    const w = await makeMonitor(db, { componentId: web.id, intervalS: 30, createdAt: NOW - 10 * HOUR });
    await db.insert(monitorStates).values({ monitorId: w.id, status: "operational", condition: "up", since: NOW - 5 * HOUR, lastResultAt: NOW - 5_000, updatedAt: NOW });
    await pulse(db, "coordinator", "*", NOW - HOUR, {}, NOW - 5_000);
    const f = { db, apiId: api.id, webId: web.id };
    await s.arrange?.(f);
    return f;
  }

  for (const s of SCENARIOS) {
    it(`${s.name}: ${s.component}, page ${s.page}`, async () => {
      await build(s);
      const o = { siteUrl: SITE, now: NOW };
      const page = await loadStatusPage(db, NOW);
      const html = renderStatusPage(page, { now: NOW });
      const from = html.indexOf('data-component="API"');
      const apiArticle = html.slice(from, html.indexOf("</article>", from));
      const group = page.groups.find((g) => g.name === "Core")!;
      const v2 = await statuspageComponents(db, o);
      const summary = await statuspageSummary(db, o);
      const badge = (await (await badgeResponse(db, { kind: "component", key: "api", badge: "status.json" }, new URL(`${SITE}/badge/component/api/status.json`), NOW)).json()) as { message: string };
      const widget = (await widgetData(db, "component", "api", "90d", NOW))!;

      const seen = {
        page: group.components[0].status,
        group: group.status,
        html: /data-status="([a-z_]+)"/.exec(apiArticle)?.[1],
        htmlText: /data-testid="component-status"><span class="dot" aria-hidden="true"><\/span>([^<]+)</.exec(apiArticle)?.[1],
        v2: v2.components.find((c) => c.id === "api")?.status,
        v2Group: v2.components.find((c) => c.id === "group.core")?.status,
        summary: summary.components.find((c) => c.id === "api")?.status,
        badge: badge.message,
        widget: widget.status,
        card: widget.statusText,
        banner: page.overall.status,
        bannerHtml: /data-testid="overall"><span>([^<]+)</.exec(html)?.[1],
        statusJson: (await statuspageStatus(db, o)).status,
        summaryStatus: summary.status,
        detected: apiArticle.includes('data-testid="detected"'),
      };
      expect(seen).toEqual({
        page: s.component,
        // Website is operational; the group holds only API.
        group: s.component,
        html: s.component,
        htmlText: t.componentStatus[s.component],
        v2: STATUSPAGE_COMPONENT_STATUS[s.component],
        v2Group: STATUSPAGE_COMPONENT_STATUS[s.component],
        summary: STATUSPAGE_COMPONENT_STATUS[s.component],
        badge: t.badges.status[s.component],
        widget: s.component,
        card: t.componentStatus[s.component],
        banner: s.page,
        bannerHtml: t.pageStatus[s.page],
        statusJson: STATUSPAGE_PAGE_STATUS[s.page],
        summaryStatus: STATUSPAGE_PAGE_STATUS[s.page],
        detected: s.detected,
      });
      for (const text of s.htmlHas ?? []) expect(html).toContain(text);
      for (const text of s.htmlLacks ?? []) expect(html).not.toContain(text);
      if (s.detected) {
        // When, in the page's own time element (rewritten to the reader's zone), and that the team has not spoken.
        expect(apiArticle).toContain(`${t.detected.before}<time datetime="${new Date(NOW - 7 * MIN).toISOString()}" data-local>26 Nov 2026, 11:53 UTC</time>${t.detected.after}`);
      }
    });
  }
});
