import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { foldRollups, processResultBatch } from "../coordinator/fold";
import { renderStatusPage } from "./render/status-page";
import { loadStatusPage, RAW_LINE_BELOW_HOURS } from "./status-page";

const NOW = Date.UTC(2026, 10, 26, 12, 30, 0);
const MIN = 60_000;
const HOUR = 3_600_000;

/**
 * Issue 11 item 5: in the first hours the 24-hour response-time line was a two-point diagonal
 * (two hourly means). While a component has few hourly points, the line is drawn from the
 * newest raw results; the axes say what the numbers are.
 */
describe("the public page's response-time line", () => {
  let db: Db;
  let cleanup: () => void;
  let region: number;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    region = await ensureRegion(db, "local");
  });
  afterEach(() => cleanup());

  /** Results every minute over [from, to), answered in `ms(t)` milliseconds, folded by the real coordinator. */
  async function checks(monitor: Awaited<ReturnType<typeof makeMonitor>>, from: number, to: number, ms: (t: number) => number, status: "up" | "down" = "up") {
    const rows = [];
    for (let t = from; t < to; t += MIN) rows.push(toResultRow(monitor.id, region, { status, startedAt: t, totalUs: ms(t) * 1000, phases: {}, assertions: [] }));
    await insertResults(db, rows);
    while ((await processResultBatch(db, new Map([[monitor.id, monitor]]), NOW)).processed > 0);
    while ((await foldRollups(db, NOW)).processed > 0);
  }

  const componentOf = async (name: string) => (await loadStatusPage(db, NOW)).groups.flatMap((g) => g.components).find((c) => c.name === name)!;

  it("draws a young component from raw results, in five-minute means over the 90 minutes it has data", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const m = await makeMonitor(db, { key: "api", componentId: api.id });
    // 90 minutes of checks: 100 ms, then 300 ms for the last half hour. Hourly that is two points.
    await checks(m, NOW - 90 * MIN, NOW, (t) => (t >= NOW - 30 * MIN ? 300 : 100));
    // A down check's duration says nothing about speed: it stays out of the line.
    await checks(m, NOW - 10 * MIN + 30_000, NOW - 9 * MIN, () => 30_000, "down");

    const line = (await componentOf("API")).latency!;
    expect(line.fromRaw).toBe(true);
    expect(line.points).toHaveLength(90 / 5);
    expect(line.points.every((p) => p.stepMs === 5 * MIN)).toBe(true);
    expect(line.points.slice(0, 12).every((p) => Math.abs(p.ms - 100) < 0.01)).toBe(true);
    expect(line.points.slice(-6).every((p) => Math.abs(p.ms - 300) < 0.01)).toBe(true);
    // The axis starts at the hour of the first check, not a day back where nothing was measured.
    expect(line).toMatchObject({ from: NOW - 30 * MIN - 2 * HOUR + HOUR, to: NOW });

    const html = renderStatusPage(await loadStatusPage(db, NOW), { now: NOW });
    const figure = html.slice(html.indexOf('<figure class="latency"'), html.indexOf("</figure>"));
    expect(figure).toContain('data-source="raw"');
    expect(figure).toContain("Response time, last 90 minutes · average 167 ms");
    // Axes: zero and a round top in ms, the span back to now.
    expect(figure).toMatch(/<div class="latency-y" aria-hidden="true"><span>500 ms<\/span><span>0 ms<\/span><\/div>/);
    expect(figure).toContain("<span>90 min ago</span><span>now</span>");
    expect(figure).toContain('aria-label="API: average response time 167 ms over the last 90 minutes (lowest 100 ms, highest 300 ms)"');
    // One polyline of 18 points, a step up in the last half hour.
    const points = figure.match(/<polyline points="([^"]+)"/)![1].split(" ");
    expect(points).toHaveLength(18);
  });

  it("uses hourly means once there are enough of them, in five statements, and leaves a gap where nothing answered", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const m = await makeMonitor(db, { key: "api", componentId: api.id });
    await checks(m, NOW - 20 * HOUR, NOW - 12 * HOUR, () => 80);
    await checks(m, NOW - 6 * HOUR, NOW, () => 120); // six hours of nothing in between
    const line = (await componentOf("API")).latency!;
    expect(line.fromRaw).toBe(false);
    expect(line.points.length).toBeGreaterThanOrEqual(RAW_LINE_BELOW_HOURS);
    expect(line.points.every((p) => p.stepMs === HOUR)).toBe(true);
    expect(line.from).toBe(NOW - 30 * MIN - 23 * HOUR);

    const html = renderStatusPage(await loadStatusPage(db, NOW), { now: NOW });
    const figure = html.slice(html.indexOf('<figure class="latency"'), html.indexOf("</figure>"));
    expect(figure).toContain("Response time, last 24 hours");
    expect(figure).toContain("<span>24 h ago</span><span>now</span>");
    expect(figure.match(/<polyline /g)).toHaveLength(2);

    const execute = vi.spyOn(db.$client, "execute");
    await loadStatusPage(db, NOW);
    expect(execute).toHaveBeenCalledTimes(5);
  });

  it("reads raw results only for young latency components of public monitors", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const quiet = await makeComponent(db, { key: "quiet", name: "Quiet", showLatency: false });
    const pub = await makeMonitor(db, { key: "pub", componentId: api.id });
    const hidden = await makeMonitor(db, { key: "hidden", componentId: api.id, isPublic: false });
    const noLine = await makeMonitor(db, { key: "noline", componentId: quiet.id });
    await checks(pub, NOW - 30 * MIN, NOW, () => 50);
    await checks(hidden, NOW - 30 * MIN, NOW, () => 9_000); // a private monitor's 9 s stays private
    await checks(noLine, NOW - 30 * MIN, NOW, () => 70);

    const page = await loadStatusPage(db, NOW);
    const [a, q] = ["API", "Quiet"].map((n) => page.groups.flatMap((g) => g.components).find((c) => c.name === n)!);
    expect(a.latency!.points.every((p) => Math.abs(p.ms - 50) < 0.01)).toBe(true);
    // Half an hour of data: a point a minute, over the half hour.
    expect(a.latency).toMatchObject({ from: NOW - 30 * MIN, to: NOW, fromRaw: true });
    expect(a.latency!.points).toHaveLength(30);
    expect(a.latency!.points.every((p) => p.stepMs === MIN)).toBe(true);
    expect(q.latency).toBeNull();
    const html = renderStatusPage(page, { now: NOW });
    expect(html).not.toContain("9 s");
    expect(html.match(/<figure class="latency"/g)).toHaveLength(1);
  });

  it("spans a few minutes of data over a quarter of an hour, drawn at its right end", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const m = await makeMonitor(db, { key: "api", componentId: api.id });
    await checks(m, NOW - 3 * MIN, NOW, () => 40);
    const line = (await componentOf("API")).latency!;
    expect(line).toMatchObject({ from: NOW - 15 * MIN, to: NOW });
    expect(line.points.map((p) => p.at)).toEqual([NOW - 3 * MIN, NOW - 2 * MIN, NOW - MIN]);
    const html = renderStatusPage(await loadStatusPage(db, NOW), { now: NOW });
    expect(html).toContain("Response time, last 15 minutes · average 40 ms");
    const xs = html.match(/<polyline points="([^"]+)"/)![1].split(" ").map((p) => Number(p.split(",")[0]));
    // 240 wide over 15 minutes: the three minutes are the last fifth.
    expect(xs.every((x) => x > 190)).toBe(true);
  });

  it("draws nothing for a component without an answered check", async () => {
    const api = await makeComponent(db, { key: "api", name: "API" });
    const m = await makeMonitor(db, { key: "api", componentId: api.id });
    await checks(m, NOW - 30 * MIN, NOW, () => 10_000, "down");
    expect((await componentOf("API")).latency).toBeNull();
    expect(renderStatusPage(await loadStatusPage(db, NOW), { now: NOW })).not.toContain('<figure class="latency"');
  });
});
