import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitorStates, monitors } from "../db/schema";
import { createTestDb } from "../db/test-db";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { pulse } from "../workers/pulse";
import { badgeResponse } from "./badges";
import { renderStatusPage } from "./render/status-page";
import { loadStatusPage } from "./status-page";
import { statuspageComponents, statuspageStatus, STATUS_DESCRIPTIONS } from "./statuspage";
import { findPublicSubject } from "./subjects";
import { widgetData } from "./widgets";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const SEC = 1_000;
const MIN = 60_000;
const SITE = "https://status.example.com";
const CONFIG = `
page:
  name: Acme
components:
  - key: api
    name: API
  - key: jobs
    name: Jobs
monitors:
  - key: api-health
    name: API health
    type: http
    component: api
    interval: 30s
    url: http://127.0.0.1:9/
  - key: cron
    name: Nightly job
    type: heartbeat
    component: jobs
    interval: 60s
    grace: 60s
`;

/**
 * Issue 10 item 6: a dead worker left monitor_states saying operational, and every public
 * surface kept saying so. Each public loader reads the stored status through the no-data rule
 * at its own `now`, on a real migrated database.
 */
describe("public surfaces with stale data", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    await applyConfig(db, parseConfig(CONFIG, {}), NOW - 60 * MIN);
  });
  afterEach(() => cleanup());

  async function idOf(key: string) {
    const [m] = await db.select({ id: monitors.id }).from(monitors).where(eq(monitors.key, key));
    return m.id;
  }

  /** Stored states as a coordinator left them: API operational, the heartbeat monitor down (a recorded miss). */
  async function storeStates(opts: { apiResultAt: number; cronResultAt: number }) {
    const since = NOW - 30 * MIN;
    await db.insert(monitorStates).values([
      { monitorId: await idOf("api-health"), status: "operational", condition: "up", since, lastResultAt: opts.apiResultAt, updatedAt: opts.apiResultAt },
      { monitorId: await idOf("cron"), status: "down", condition: "major", since, lastResultAt: opts.cronResultAt, updatedAt: opts.cronResultAt },
    ]);
  }

  /** What every public surface says of API and Jobs at `now`. */
  async function surfaces(now: number) {
    const page = await loadStatusPage(db, now);
    const html = renderStatusPage(page, { now });
    const htmlStatus = (name: string) => html.match(new RegExp(`data-component="${name}" data-status="([a-z_]+)"`))?.[1];
    const pageStatus = (name: string) => page.groups.flatMap((g) => g.components).find((c) => c.name === name)?.status;
    const { components } = await statuspageComponents(db, { siteUrl: SITE, now });
    const v2 = (name: string) => components.find((c) => c.name === name)?.status;
    const badge = async (key: string) => {
      const res = await badgeResponse(db, { kind: "monitor", key, badge: "status.json" }, new URL(`${SITE}/badge/monitor/${key}/status.json`), now);
      return ((await res.json()) as { message: string }).message;
    };
    return {
      page: { api: pageStatus("API"), jobs: pageStatus("Jobs"), overall: page.overall.status },
      html: { api: htmlStatus("API"), jobs: htmlStatus("Jobs") },
      v2: { api: v2("API"), jobs: v2("Jobs"), page: (await statuspageStatus(db, { siteUrl: SITE, now })).status.description },
      subjects: {
        api: (await findPublicSubject(db, "monitor", "api-health", now))?.status,
        cron: (await findPublicSubject(db, "monitor", "cron", now))?.status,
        apiComponent: (await findPublicSubject(db, "component", "api", now))?.status,
      },
      badges: { api: await badge("api-health"), cron: await badge("cron") },
      widgets: { api: (await widgetData(db, "component", "api", "24h", now))?.status, jobs: (await widgetData(db, "component", "jobs", "24h", now))?.status },
    };
  }

  const FRESH = {
    page: { api: "operational", jobs: "down", overall: "partial_outage" },
    html: { api: "operational", jobs: "down" },
    v2: { api: "operational", jobs: "major_outage", page: "Partial System Outage" },
    subjects: { api: "operational", cron: "down", apiComponent: "operational" },
    badges: { api: "operational", cron: "down" },
    widgets: { api: "operational", jobs: "down" },
  };
  const NO_DATA = {
    page: { api: "no_data", jobs: "no_data", overall: "no_data" },
    html: { api: "no_data", jobs: "no_data" },
    v2: { api: "degraded_performance", jobs: "degraded_performance", page: STATUS_DESCRIPTIONS.noData },
    subjects: { api: "no_data", cron: "no_data", apiComponent: "no_data" },
    badges: { api: "no data", cron: "no data" },
    widgets: { api: "no_data", jobs: "no_data" },
  };

  it("shows the stored status while the last result and the coordinator are fresh", async () => {
    // The heartbeat's last result (a recorded miss) is older than 2 × interval but within
    // interval + grace: a heartbeat monitor's own no-data rule, so still down.
    await storeStates({ apiResultAt: NOW - 10 * SEC, cronResultAt: NOW - 110 * SEC });
    await pulse(db, "coordinator", "*", NOW - 60 * MIN, {}, NOW - 5 * SEC);
    expect(await surfaces(NOW)).toEqual(FRESH);
  });

  it("says no data everywhere when the last result is 10 minutes old, though monitor_states says operational", async () => {
    await storeStates({ apiResultAt: NOW - 10 * MIN, cronResultAt: NOW - 10 * MIN });
    await pulse(db, "coordinator", "*", NOW - 60 * MIN, {}, NOW - 5 * SEC);
    expect(await surfaces(NOW)).toEqual(NO_DATA);
  });

  it("says no data everywhere when the coordinator's pulse is stale or missing, however fresh the results", async () => {
    await storeStates({ apiResultAt: NOW - 10 * SEC, cronResultAt: NOW - 10 * SEC });
    expect(await surfaces(NOW)).toEqual(NO_DATA); // no coordinator has ever reported
    await pulse(db, "coordinator", "*", NOW - 60 * MIN, {}, NOW - 31 * SEC);
    expect(await surfaces(NOW)).toEqual(NO_DATA);
    await pulse(db, "coordinator", "*", NOW - 60 * MIN, {}, NOW - 29 * SEC);
    expect(await surfaces(NOW)).toEqual(FRESH);
  });

  it("says since when the data went stale, and keeps the page at six statements while the lines are young", async () => {
    await storeStates({ apiResultAt: NOW - 10 * MIN, cronResultAt: NOW - 10 * SEC });
    await pulse(db, "coordinator", "*", NOW - 60 * MIN, {}, NOW - 5 * SEC);
    const api = (await loadStatusPage(db, NOW)).groups.flatMap((g) => g.components).find((c) => c.name === "API")!;
    // 30 s interval: no data from two intervals after the last result.
    expect(api).toMatchObject({ status: "no_data", since: NOW - 10 * MIN + 60 * SEC });

    const execute = vi.spyOn(db.$client, "execute");
    await loadStatusPage(db, NOW);
    // Five, and one for the newest raw results: no line has hourly points yet (latency-line.test.ts).
    expect(execute).toHaveBeenCalledTimes(6);
  });
});
