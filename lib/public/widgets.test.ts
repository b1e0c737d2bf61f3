import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { monitorStates, stateTimeDaily, stateTimeHourly } from "../db/schema";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { writePageSettings } from "../settings/page";
import { DAY_MS, HOUR_MS } from "../uptime/uptime";
import { pulse } from "../workers/pulse";
import { formatWidgetTime, parseCardRequest, parseEmbedRequest, widgetData } from "./widgets";

const NOW = Date.UTC(2026, 10, 26, 12, 5, 0);
const TODAY = Date.UTC(2026, 10, 26);
const q = (s: string) => new URLSearchParams(s);

describe("widget requests", () => {
  it("reads the card's kind, key, window and theme, with defaults", () => {
    expect(parseCardRequest({ kind: "component", key: "api.png" }, q(""))).toEqual({ ok: true, request: { kind: "component", key: "api", range: "90d", theme: "light" } });
    expect(parseCardRequest({ kind: "monitor", key: "api-health" }, q("window=24h&theme=dark"))).toEqual({
      ok: true,
      request: { kind: "monitor", key: "api-health", range: "24h", theme: "dark" },
    });
    expect(parseCardRequest({ kind: "monitors", key: "api" }, q(""))).toMatchObject({ ok: false, status: 404, message: expect.stringContaining("expected monitor or component") });
    expect(parseCardRequest({ kind: "monitor", key: "api" }, q("window=2d"))).toEqual({ ok: false, status: 400, message: `unknown window "2d"; expected one of 24h, 7d, 30d, 90d` });
    expect(parseCardRequest({ kind: "monitor", key: "api" }, q("theme=auto"))).toEqual({ ok: false, status: 400, message: `unknown theme "auto"; expected one of light, dark` });
  });

  it("reads the embed's theme and layout, auto and compact by default", () => {
    expect(parseEmbedRequest({ kind: "component", key: "api" }, q(""))).toEqual({
      ok: true,
      request: { kind: "component", key: "api", range: "90d", theme: "auto", layout: "compact" },
    });
    expect(parseEmbedRequest({ kind: "monitor", key: "a" }, q("theme=dark&layout=full&window=7d"))).toMatchObject({ ok: true, request: { theme: "dark", layout: "full", range: "7d" } });
    expect(parseEmbedRequest({ kind: "monitor", key: "a" }, q("layout=wide"))).toEqual({ ok: false, status: 400, message: `unknown layout "wide"; expected one of compact, full` });
    expect(parseEmbedRequest({ kind: "monitor", key: "a" }, q("theme=<b>"))).toEqual({ ok: false, status: 400, message: `unknown theme "<b>"; expected one of light, dark, auto` });
  });

  it("writes times in UTC", () => {
    expect(formatWidgetTime(NOW)).toBe("26 Nov 2026, 12:05 UTC");
    expect(formatWidgetTime(Date.UTC(2026, 0, 2, 0, 7))).toBe("2 Jan 2026, 00:07 UTC");
  });
});

describe("widgetData", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("shows a public subject's status, uptime over the window and 90 day bars; private ones are not found", async () => {
    await writePageSettings(db, { name: "Acme" });
    const api = await makeComponent(db, { key: "api", name: "API" });
    const secret = await makeComponent(db, { key: "secret", name: "Secret", isPublic: false });
    const m = await makeMonitor(db, { key: "api-health", name: "API health", componentId: api.id });
    const hidden = await makeMonitor(db, { key: "hidden", componentId: api.id, isPublic: false });
    await makeMonitor(db, { key: "in-secret", componentId: secret.id });
    await db.insert(monitorStates).values([
      { monitorId: m.id, status: "degraded", since: NOW, lastResultAt: NOW, updatedAt: NOW },
      { monitorId: hidden.id, status: "down", since: NOW, lastResultAt: NOW, updatedAt: NOW },
    ]);
    await pulse(db, "coordinator", "*", NOW, {}, NOW); // stored states count while the coordinator reports
    await db.insert(stateTimeDaily).values([
      { monitorId: m.id, bucketStart: TODAY, upMs: 12 * HOUR_MS },
      { monitorId: m.id, bucketStart: TODAY - DAY_MS, upMs: 18 * HOUR_MS, majorMs: 6 * HOUR_MS },
      // A private monitor's outage counts nowhere public.
      { monitorId: hidden.id, bucketStart: TODAY, majorMs: 12 * HOUR_MS },
    ]);
    await db.insert(stateTimeHourly).values([{ monitorId: m.id, bucketStart: NOW - 2 * HOUR_MS, upMs: HOUR_MS }]);

    for (const [kind, key] of [
      ["monitor", "hidden"],
      ["monitor", "in-secret"],
      ["component", "secret"],
      ["component", "nope"],
    ] as const) {
      expect(await widgetData(db, kind, key, "90d", NOW)).toBeNull();
    }

    const component = (await widgetData(db, "component", "api", "24h", NOW))!;
    expect(component).toMatchObject({
      pageName: "Acme",
      name: "API",
      status: "degraded",
      statusText: "Degraded performance",
      range: "24h",
      uptime: "100%",
      hasUptime: true,
      uptimeCaption: "uptime, last 24 hours",
      daysLabel: "API: 83.33% uptime over the last 90 days",
      asOf: "as of 26 Nov 2026, 12:05 UTC",
    });
    expect(component.days).toHaveLength(90);
    expect(component.days.slice(-3)).toEqual([
      { dayStart: TODAY - 2 * DAY_MS, worst: "no_data", title: "24 Nov 2026: no data" },
      { dayStart: TODAY - DAY_MS, worst: "major", title: "25 Nov 2026: 75.00%" },
      { dayStart: TODAY, worst: "up", title: "26 Nov 2026: 100%" },
    ]);
    expect((await widgetData(db, "monitor", "api-health", "90d", NOW))!).toMatchObject({ name: "API health", uptime: "83.33%", uptimeCaption: "uptime, last 90 days" });
    // The card's bars span its window, and say so: never "last 30 days" above "90 days ago".
    const card = (await widgetData(db, "component", "api", "30d", NOW, { barsOver: "range" }))!;
    expect(card).toMatchObject({ uptimeCaption: "uptime, last 30 days", barsFrom: "30 days ago", daysLabel: "API: 83.33% uptime over the last 30 days" });
    expect(card.days).toHaveLength(30);
    const hourly = (await widgetData(db, "component", "api", "24h", NOW, { barsOver: "range" }))!;
    expect(hourly).toMatchObject({ uptimeCaption: "uptime, last 24 hours", barsFrom: "24 hours ago", barsTo: "Now", daysLabel: "API: 100% uptime over the last 24 hours" });
    expect(hourly.days).toHaveLength(24);
    expect(hourly.days[21]).toEqual({ dayStart: NOW - (NOW % HOUR_MS) - 2 * HOUR_MS, worst: "up", title: "26 Nov 2026, 10:00 UTC: 100%" });
  });

  it("says no data, never 100%, for a subject without counted time", async () => {
    await makeComponent(db, { key: "empty", name: "Empty" });
    expect(await widgetData(db, "component", "empty", "30d", NOW)).toMatchObject({
      pageName: "Status",
      status: "no_data",
      statusText: "No data",
      uptime: "no data",
      hasUptime: false,
      daysLabel: "Empty: no uptime data over the last 90 days",
    });
  });
});
