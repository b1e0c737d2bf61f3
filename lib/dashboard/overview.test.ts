import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { monitorRegionStates, monitorStates, rollupsHourly, stateTimeDaily, stateTimeHourly } from "../db/schema";
import type { MonitorStatus } from "../db/schema/monitor-states";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { scheduleMaintenance } from "../incidents/manage";
import { ensureRegion } from "../regions/store";
import { countStatements } from "../testing/statements";
import { LatencyHistogram } from "../uptime/histogram";
import { HOUR_MS, hourStartUtc } from "../uptime/uptime";
import {
  loadLiveOverview,
  loadOverview,
  LIVE_OVERVIEW_STATEMENTS,
  OVERVIEW_PAGE_SIZE,
  OVERVIEW_SEARCH_MAX_CHARS,
  OVERVIEW_STATEMENTS,
  overviewSearch,
  parseOverviewQuery,
  SPARK_HOURS,
  DEFAULT_OVERVIEW_QUERY,
  type OverviewQuery,
} from "./overview";

const NOW = Date.UTC(2026, 10, 26, 12, 30, 0);
const MIN = 60_000;

const q = (over: Partial<OverviewQuery> = {}): OverviewQuery => ({ ...DEFAULT_OVERVIEW_QUERY, ...over });

describe("dashboard overview", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  async function withState(over: Parameters<typeof makeMonitor>[1], status: MonitorStatus | null, extra: { warning?: string; since?: number } = {}) {
    const m = await makeMonitor(db, over);
    if (status) {
      await db.insert(monitorStates).values({ monitorId: m.id, status, since: extra.since ?? NOW - 5 * MIN, warning: extra.warning ?? null, updatedAt: NOW, lastResultAt: NOW - MIN });
    }
    return m;
  }

  it("puts the worst first (down, degraded, partial, no data, maintenance, paused, operational), then by name, and counts each state", async () => {
    const shop = await makeComponent(db, { key: "shop", name: "Shop" });
    await withState({ key: "a-ok", name: "Alpha" }, "operational");
    await withState({ key: "b-maint", name: "Bravo", componentId: shop.id }, "down");
    await withState({ key: "c-none", name: "Charlie" }, null);
    await withState({ key: "d-partial", name: "Delta" }, "operational", { warning: "eu-west failing (1 of 3 regions)" });
    await withState({ key: "e-degraded", name: "Echo" }, "degraded");
    await withState({ key: "f-down", name: "Foxtrot" }, "down");
    await withState({ key: "g-down", name: "golf" }, "down");
    // Paused while down: the pause is what the team sees, since the pause.
    await withState({ key: "h-paused", name: "Hotel", pausedAt: NOW - 2 * MIN, pausedBy: "ana@example.com" }, "down");
    await scheduleMaintenance(db, SYSTEM_ACTOR, { title: "Shop upgrade", body: "Upgrading", componentIds: [shop.id], scheduledFor: NOW - HOUR_MS, scheduledUntil: NOW + HOUR_MS, published: true }, NOW - 2 * HOUR_MS);

    const o = await loadOverview(db, q(), NOW);
    expect(o.rows.map((r) => [r.key, r.state])).toEqual([
      ["f-down", "down"],
      ["g-down", "down"],
      ["e-degraded", "degraded"],
      ["d-partial", "partial"],
      ["c-none", "no_data"],
      ["b-maint", "maintenance"],
      ["h-paused", "paused"],
      ["a-ok", "operational"],
    ]);
    expect(o.summary).toEqual({ down: 2, degraded: 1, partial: 1, no_data: 1, maintenance: 1, paused: 1, operational: 1 });
    expect(o.total).toBe(8);
    expect(o.rows.find((r) => r.key === "h-paused")?.since).toBe(NOW - 2 * MIN);
    expect(o.rows[0].since).toBe(NOW - 5 * MIN);
    expect(o.rows.find((r) => r.key === "c-none")?.since).toBeNull();

    const byName = await loadOverview(db, q({ sort: "name" }), NOW);
    expect(byName.rows.map((r) => r.name)).toEqual(["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "golf", "Hotel"]);
  });

  it("filters by state, component and type, and searches name and key (LIKE wildcards match themselves)", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    await withState({ key: "api-login", name: "Login", componentId: api.id }, "down");
    await withState({ key: "api-orders", name: "Orders", componentId: api.id, type: "tcp" }, "operational");
    await withState({ key: "web", name: "Website 100%" }, "operational");
    await withState({ key: "web-2", name: "Website 1000" }, "operational");
    const keys = async (over: Partial<OverviewQuery>) => (await loadOverview(db, q(over), NOW)).rows.map((r) => r.key);

    expect(await keys({ state: "down" })).toEqual(["api-login"]);
    expect(await keys({ component: "api" })).toEqual(["api-login", "api-orders"]);
    expect(await keys({ type: "tcp" })).toEqual(["api-orders"]);
    expect(await keys({ q: "ORDERS" })).toEqual(["api-orders"]);
    expect(await keys({ q: "api-" })).toEqual(["api-login", "api-orders"]);
    expect(await keys({ q: "100%" })).toEqual(["web"]);
    expect(await keys({ q: "_" })).toEqual([]);
    expect(await keys({ q: "nothing like it" })).toEqual([]);
    // The summary counts every monitor, whatever the filter.
    const filtered = await loadOverview(db, q({ state: "down" }), NOW);
    expect(filtered.summary.operational).toBe(3);
    expect(filtered.matched).toBe(1);
  });

  it("pages by 50 with the match count, and runs the same fixed number of statements for 3 or 120 monitors", async () => {
    const region = await ensureRegion(db, "eu-west", NOW);
    const h = new LatencyHistogram();
    for (let i = 1; i <= 100; i++) h.add(i * 1000);
    const histogram = h.encode();
    const seedMonitors = async (n: number, from: number) => {
      for (let i = from; i < from + n; i++) {
        const m = await withState({ key: `m-${String(i).padStart(3, "0")}`, name: `Monitor ${String(i).padStart(3, "0")}` }, "operational");
        await db.insert(monitorRegionStates).values({ monitorId: m.id, regionId: region, status: "operational", since: NOW - HOUR_MS });
        await db.insert(rollupsHourly).values({ monitorId: m.id, regionId: region, bucketStart: hourStartUtc(NOW) - HOUR_MS, total: 100, down: 0, histogram });
        await db.insert(stateTimeHourly).values({ monitorId: m.id, bucketStart: hourStartUtc(NOW) - HOUR_MS, upMs: 50 * MIN, majorMs: 10 * MIN });
        await db.insert(stateTimeDaily).values({ monitorId: m.id, bucketStart: Date.UTC(2026, 10, 20), upMs: 24 * HOUR_MS });
      }
    };
    const measure = async (query: OverviewQuery) => {
      const counter = countStatements(db);
      try {
        const o = await loadOverview(db, query, NOW);
        return { o, statements: counter.count() };
      } finally {
        counter.restore();
      }
    };
    await seedMonitors(3, 0);
    const small = await measure(q());
    expect(small.statements).toBe(OVERVIEW_STATEMENTS);
    const row = small.o.rows[0];
    expect(row.regions).toEqual([{ name: "eu-west", status: "operational", since: NOW - HOUR_MS }]);
    expect(row.uptime["24h"]).toBeCloseTo(50 / 60);
    expect(row.uptime["30d"]).toBe(1);
    expect(row.p95Ms24h).toBeGreaterThan(95 / 1.1);
    expect(row.p95Ms24h).toBeLessThan(95 * 1.1);
    expect(row.spark).toHaveLength(SPARK_HOURS);
    expect(row.spark[SPARK_HOURS - 2]).toMatchObject({ at: hourStartUtc(NOW) - HOUR_MS, total: 100, down: 0 });
    expect(row.spark[0].p95Ms).toBeNull();

    await seedMonitors(117, 3);
    const big = await measure(q());
    expect(big.statements).toBe(OVERVIEW_STATEMENTS);
    expect(big.o.rows).toHaveLength(OVERVIEW_PAGE_SIZE);
    expect(big.o.matched).toBe(120);
    expect(big.o.pageCount).toBe(3);
    const third = await measure(q({ page: 3 }));
    expect(third.statements).toBe(OVERVIEW_STATEMENTS);
    expect(third.o.rows.map((r) => r.key)).toEqual(Array.from({ length: 20 }, (_, i) => `m-${String(100 + i).padStart(3, "0")}`));
    // The live route's answer: the same page's states and the counts, in two statements whatever the count.
    const counter = countStatements(db);
    const live = await loadLiveOverview(db, q({ page: 3 }), NOW);
    counter.restore();
    expect(counter.count()).toBe(LIVE_OVERVIEW_STATEMENTS);
    expect(live.rows.map((r) => r.key)).toEqual(third.o.rows.map((r) => r.key));
    expect(live.rows[0]).toEqual({ key: "m-100", state: "operational", label: "Operational", since: NOW - 5 * MIN, lastResultAt: NOW - MIN });
    expect(live.summary.operational).toBe(120);
    const past = await measure(q({ page: 9 }));
    expect(past.o.rows).toEqual([]);
    expect(past.statements).toBe(OVERVIEW_STATEMENTS);
  });

  it("reads its query from the URL with bounds, and writes it back without defaults", () => {
    const long = "x".repeat(500);
    const parsed = parseOverviewQuery(new URLSearchParams({ q: ` ${long} `, state: "down", sort: "nonsense", page: "-3", type: "ftp", component: "api" }));
    expect(parsed.q).toHaveLength(OVERVIEW_SEARCH_MAX_CHARS);
    expect(parsed).toMatchObject({ state: "down", sort: "worst", page: 1, type: null, component: "api" });
    expect(parseOverviewQuery({ page: ["99999999"], state: "paused-or-unknown" })).toMatchObject({ page: 1000, state: null });
    expect(overviewSearch(DEFAULT_OVERVIEW_QUERY)).toBe("");
    expect(overviewSearch(q({ q: "a b", state: "down" }), { page: 2 })).toBe("?q=a+b&state=down&page=2");
  });
});
