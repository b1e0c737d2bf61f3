import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { alerts, auditLog, notificationAttempts, notificationOutbox } from "../db/schema";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "./store";
import { accrueStateTime, foldRollups, processResultBatch } from "../coordinator/fold";
import type { MonitorRow } from "../monitors/store";
import type { CheckResult } from "../checks/types";
import { LatencyHistogram } from "../uptime/histogram";
import { DAY_MS, HOUR_MS } from "../uptime/uptime";
import { rangeStart } from "../uptime/ranges";
import { spanStats } from "../dashboard/stats";
import { chartSeries, recentChecks } from "../dashboard/monitors";
import { readMonitorResults } from "./store";
import { PACK_AFTER_MS } from "./blocks";
import { planRange, presetRange } from "../dashboard/chart-range";
import { getStatusPageData } from "../public/status-page";
import { slaReport } from "../reports/sla";
import { reportPeriod } from "../reports/period";
import { applyRetention, deletedRows, readRetention } from "./retention";
import { foldedThrough } from "../db/cursors";
import { DEFAULT_RETENTION, MIN_HOURLY_RETENTION_MS, THIN_HOURLY_AFTER_MS } from "./retention-policy";
import { enableIncrementalVacuum, fileSizes } from "../db/maintenance";
import { createClient } from "@libsql/client";
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { applyConfig } from "../config/sync";
import { parseConfig } from "../config/load";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const count = async (db: Db, table: string) => (await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)}`))[0].n;

describe("retention", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  beforeEach(async () => ({ db, url, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  /** One public monitor checked every 30 minutes for `days` days up to NOW, down every 17th check, degraded every 13th, folded by the coordinator. */
  async function history(days: number) {
    const component = await makeComponent(db);
    const monitor = (await makeMonitor(db, { componentId: component.id, createdAt: NOW - days * DAY_MS - HOUR_MS })) as MonitorRow;
    const regionId = await ensureRegion(db, "local");
    const results: CheckResult[] = [];
    for (let at = NOW - days * DAY_MS, i = 0; at < NOW; at += 30 * 60_000, i++) {
      const down = i % 17 === 0;
      results.push({ status: down ? "down" : i % 13 === 0 ? "degraded" : "up", startedAt: at, totalUs: 20_000 + ((i * 7_919) % 400_000), phases: { connectUs: 1_000 + (i % 50), firstByteUs: 10_000 }, statusCode: down ? 503 : 200, errorClass: down ? "assertion" : undefined, message: down ? "status 503" : undefined, assertions: [] });
    }
    await insertResults(db, results.map((r) => toResultRow(monitor.id, regionId, r)));
    const byId = new Map([[monitor.id, monitor]]);
    while ((await processResultBatch(db, byId, NOW)).processed > 0);
    while ((await foldRollups(db, NOW)).processed > 0);
    await accrueStateTime(db, [monitor], NOW);
    return { monitor, results };
  }

  /** Everything that reads 30 and 90 days: dashboard figures, charts, the public page's bars, an SLA report. */
  async function longFigures(monitorId: number) {
    const page = await getStatusPageData(db, NOW);
    return {
      d30: await spanStats(db, [monitorId], { range: "30d" }, NOW),
      d90: await spanStats(db, [monitorId], { range: "90d" }, NOW),
      chart30: await chartSeries(db, monitorId, presetRange("30d", NOW)),
      chart90: await chartSeries(db, monitorId, presetRange("90d", NOW)),
      publicDays: page.groups.flatMap((g) => g.components.map((c) => c.days)),
      sla: await slaReport(db, reportPeriod({ month: "2026-11" }, NOW), 99.9, NOW),
      // Readers of hourly rows, up to the oldest any of them reaches.
      d7: await spanStats(db, [monitorId], { range: "7d" }, NOW),
      oldestHourlySpan: await spanStats(db, [monitorId], { from: NOW - MIN_HOURLY_RETENTION_MS + HOUR_MS, to: NOW - MIN_HOURLY_RETENTION_MS + 7 * DAY_MS }, NOW),
      chart7: await chartSeries(db, monitorId, presetRange("7d", NOW)),
      oldestHourlyChart: await chartSeries(db, monitorId, planRange("custom", NOW - MIN_HOURLY_RETENTION_MS, NOW - MIN_HOURLY_RETENTION_MS + 8 * DAY_MS, NOW)),
      latency: page.groups.flatMap((g) => g.components.map((c) => JSON.stringify(c))),
    };
  }

  /** Everything that reads raw results: every page of recent checks (all, failures), a raw chart of each day, the API's pages by id. */
  async function rawFigures(monitorId: number) {
    const pages = async (failedOnly: boolean) => {
      const out = [];
      for (let before: string | null = null, n = 0; n === 0 || before; n++) {
        const page = await recentChecks(db, monitorId, { before, failedOnly });
        out.push(page);
        before = page.older;
      }
      return out;
    };
    const byId = [];
    for (let beforeId: number | undefined, n = 0; n === 0 || beforeId !== undefined; n++) {
      const page = await readMonitorResults(db, monitorId, { beforeId, from: NOW - 7 * DAY_MS, to: NOW, limit: 40 });
      byId.push(page.rows);
      beforeId = page.next ?? undefined;
    }
    const days = [];
    for (let d = 1; d <= 6; d++) days.push(await chartSeries(db, monitorId, planRange("custom", NOW - (d + 1) * DAY_MS + 1, NOW - d * DAY_MS, NOW)));
    return { all: await pages(false), failed: await pages(true), byId, days, day: await chartSeries(db, monitorId, presetRange("24h", NOW)) };
  }

  it("keeps 30- and 90-day figures exact from the rollups once raw results past the retention are gone", async () => {
    const { monitor, results } = await history(100);
    const before = await longFigures(monitor.id);
    // The rollups agree with the raw rows: counts, failures and the histogram's percentiles.
    for (const [name, stats] of [["30d", before.d30], ["90d", before.d90]] as const) {
      const inRange = results.filter((r) => r.startedAt >= rangeStart(name, NOW).from);
      const up = inRange.filter((r) => r.status !== "down");
      const h = new LatencyHistogram();
      for (const r of up) h.add(r.totalUs);
      expect(stats.total).toBe(inRange.length);
      expect(stats.checkRatio).toBe(up.length / inRange.length);
      expect([stats.p50Ms, stats.p95Ms, stats.p99Ms]).toEqual([50, 95, 99].map((p) => h.percentile(p)! / 1000));
    }

    const report = await applyRetention(db, NOW, { packAfterMs: null });
    expect(report.deleted.check_results).toBe(results.filter((r) => r.startedAt < NOW - DEFAULT_RETENTION.rawMs).length);
    // Packing results older than PACK_AFTER_MS changes no answer of any reader of raw results.
    const raw = await rawFigures(monitor.id);
    expect(raw.days.every((d) => d.range.source === "raw" && d.all.some((p) => p.total > 0))).toBe(true);
    expect(raw.all.flatMap((p) => p.checks).length).toBe(results.filter((r) => r.startedAt >= NOW - DEFAULT_RETENTION.rawMs).length);
    const packed = await applyRetention(db, NOW);
    const packable = results.filter((r) => r.startedAt >= NOW - DEFAULT_RETENTION.rawMs && r.startedAt < NOW - PACK_AFTER_MS && r.status !== "down");
    expect(packed.packed).toBe(packable.length);
    expect(await count(db, "check_results")).toBe(results.filter((r) => r.startedAt >= NOW - PACK_AFTER_MS || (r.startedAt >= NOW - DEFAULT_RETENTION.rawMs && r.status === "down")).length);
    expect(await count(db, "check_result_blocks")).toBe((DEFAULT_RETENTION.rawMs - PACK_AFTER_MS) / HOUR_MS);
    expect(await rawFigures(monitor.id)).toEqual(raw);
    const oldest = (await db.all<{ at: number }>(sql`SELECT min(started_at) AS at FROM check_results`))[0].at;
    expect(oldest).toBeGreaterThanOrEqual(NOW - DEFAULT_RETENTION.rawMs);
    // Hourly rows past THIN_HOURLY_AFTER_MS keep their counts and latency sum, nothing more.
    const hourly = async () => db.all<{ old: number; total: number; down: number; latency: number; full: number }>(sql`SELECT bucket_start < ${NOW - THIN_HOURLY_AFTER_MS} AS old,
      sum(total) AS total, sum(down) AS down, sum(latency_sum_us) AS latency, count(histogram) + count(dns_sum_us) + count(connect_sum_us) AS full FROM rollups_hourly GROUP BY 1 ORDER BY 1`);
    expect(report.thinned).toBe((100 * DAY_MS - THIN_HOURLY_AFTER_MS) / HOUR_MS);
    const [fresh, thinned] = await hourly();
    expect(thinned).toMatchObject({ old: 1, full: 0 });
    expect(thinned.total).toBe(results.filter((r) => r.startedAt < NOW - THIN_HOURLY_AFTER_MS).length);
    expect(fresh.full).toBe(3 * (THIN_HOURLY_AFTER_MS / HOUR_MS));
    expect(await longFigures(monitor.id)).toEqual(before);
    // The next pass has nothing left to thin; a late result for a thinned hour still folds.
    expect((await applyRetention(db, NOW)).thinned).toBe(0);
    await insertResults(db, [toResultRow(monitor.id, await ensureRegion(db, "local"), { status: "up", startedAt: NOW - 50 * DAY_MS + 60_000, totalUs: 1_000, phases: {}, assertions: [] })]);
    while ((await foldRollups(db, NOW)).processed > 0);
    expect((await hourly())[1].total).toBe(thinned.total + 1);
  });

  it("packs each region's hour into its block, and merges a late result into a packed hour once it is folded", async () => {
    const monitor = (await makeMonitor(db, { createdAt: NOW - 3 * DAY_MS })) as MonitorRow;
    const regionIds = [await ensureRegion(db, "eu"), await ensureRegion(db, "us")];
    const rows = [];
    for (let at = NOW - 30 * HOUR_MS, i = 0; at < NOW; at += 300_000, i++) {
      for (const regionId of regionIds) {
        const status = i % 41 === 0 ? "down" : i % 11 === 0 ? "degraded" : "up";
        // A degraded check with words stays a row; one without is packed.
        const message = status === "down" || i % 22 === 0 ? `${status} ${i}` : undefined;
        rows.push(toResultRow(monitor.id, regionId, { status, startedAt: at + (i % 5) * 997, totalUs: 10_000 + i * 31, statusCode: i % 9 === 0 ? 301 : 200, message, phases: i % 7 ? { dnsUs: i, connectUs: 900 } : {}, tlsExpiresAt: i < 40 ? 1_800_000_000 : 1_810_000_000, assertions: [] }));
      }
    }
    await insertResults(db, rows);
    const fold = async () => {
      while ((await processResultBatch(db, new Map([[monitor.id, monitor]]), NOW)).processed > 0);
      while ((await foldRollups(db, NOW)).processed > 0);
    };
    await fold();
    const before = await rawFigures(monitor.id);
    const report = await applyRetention(db, NOW);
    expect(report.packed).toBe(rows.filter((r) => r.startedAt < NOW - PACK_AFTER_MS && r.status < 2 && r.message === null).length);
    expect(await count(db, "check_result_blocks")).toBe(6 * regionIds.length);
    expect(await rawFigures(monitor.id)).toEqual(before);

    // A late result for a packed hour: not packed before the coordinator folds it, merged into its block after.
    const late = toResultRow(monitor.id, regionIds[0], { status: "up", startedAt: NOW - 28 * HOUR_MS + 1, totalUs: 5, phases: {}, assertions: [] });
    await insertResults(db, [late, toResultRow(monitor.id, regionIds[1], { status: "up", startedAt: NOW - 1_000, totalUs: 5, phases: {}, assertions: [] })]);
    expect((await applyRetention(db, NOW)).packed).toBe(0);
    await fold();
    const withLate = await rawFigures(monitor.id);
    expect(withLate.all.flatMap((p) => p.checks).filter((c) => c.startedAt === late.startedAt)).toHaveLength(1);
    const rowsBefore = await count(db, "check_results");
    expect((await applyRetention(db, NOW)).packed).toBe(1);
    expect(await count(db, "check_results")).toBe(rowsBefore - 1);
    expect(await count(db, "check_result_blocks")).toBe(6 * regionIds.length);
    expect(await rawFigures(monitor.id)).toEqual(withLate);
    // Blocks go once their whole hour is past the raw window, with the rows.
    await applyRetention(db, NOW + DEFAULT_RETENTION.rawMs + HOUR_MS);
    expect(await count(db, "check_result_blocks")).toBe(0);
  });

  it("thins hourly rollups past THIN_HOURLY_AFTER_MS to one row per monitor and hour with the regions' counts summed", async () => {
    const monitor = await makeMonitor(db);
    const hour = NOW - THIN_HOURLY_AFTER_MS - 2 * HOUR_MS;
    const histogram = new LatencyHistogram().add(5_000).encode();
    for (const [regionId, total, down] of [[1, 60, 2], [2, 58, 0], [3, 61, 5]]) {
      for (const bucketStart of [hour, NOW - HOUR_MS]) {
        await db.run(sql`INSERT INTO rollups_hourly VALUES (${monitor.id}, ${regionId}, ${bucketStart}, ${total}, ${down}, 1, ${total * 5_000}, 10, 20, 30, 40, 50, ${histogram})`);
      }
    }
    const report = await applyRetention(db, NOW);
    expect(report.thinned).toBe(3);
    expect(await db.all(sql`SELECT region_id, bucket_start, total, down, degraded, latency_sum_us, dns_sum_us, histogram FROM rollups_hourly WHERE bucket_start = ${hour}`)).toEqual([
      { region_id: 0, bucket_start: hour, total: 179, down: 7, degraded: 3, latency_sum_us: 179 * 5_000, dns_sum_us: null, histogram: null },
    ]);
    expect(await count(db, "rollups_hourly")).toBe(4);
    expect((await applyRetention(db, NOW + HOUR_MS)).thinned).toBe(0);
  });

  it("follows the configured policy, and never deletes results the coordinator has not folded", async () => {
    await applyConfig(db, parseConfig("page:\n  name: X\nretention:\n  raw: 8d\n  hourly: 40d\n  daily: 100d\n  deliveries: 2d\n  audit: 31d\n", {}), NOW);
    expect(await readRetention(db)).toEqual({ ...DEFAULT_RETENTION, rawMs: 8 * DAY_MS, hourlyMs: 40 * DAY_MS, dailyMs: 100 * DAY_MS, deliveriesMs: 2 * DAY_MS, auditMs: 31 * DAY_MS });
    const { monitor } = await history(120);
    // Results that came in after the coordinator's last batch: old (a probe's outbox caught up) but not folded yet.
    await insertResults(db, [toResultRow(monitor.id, await ensureRegion(db, "late"), { status: "up", startedAt: NOW - 30 * DAY_MS, totalUs: 1_000, phases: {}, assertions: [] })]);
    // The delivery log: a finished delivery of a resolved alert goes, one of an open alert and a pending one stay.
    const [resolved, open] = await db
      .insert(alerts)
      .values([
        { kind: "monitor_down", monitorId: monitor.id, title: "down", reason: "r", openedAt: NOW - 10 * DAY_MS, resolvedAt: NOW - 9 * DAY_MS },
        { kind: "monitor_down", monitorId: monitor.id, title: "down", reason: "r", openedAt: NOW - 10 * DAY_MS },
      ])
      .returning();
    const outbox = await db
      .insert(notificationOutbox)
      .values([
        { dedupeKey: "a", channelId: 1, message: {}, alertId: resolved.id, status: "delivered", nextAttemptAt: 0, createdAt: NOW - 5 * DAY_MS },
        { dedupeKey: "b", channelId: 1, message: {}, alertId: open.id, status: "delivered", nextAttemptAt: 0, createdAt: NOW - 5 * DAY_MS },
        { dedupeKey: "c", channelId: 0, message: {}, status: "pending", nextAttemptAt: 0, createdAt: NOW - 5 * DAY_MS },
        { dedupeKey: "d", channelId: 0, message: {}, status: "dead", nextAttemptAt: 0, createdAt: NOW - DAY_MS },
      ])
      .returning();
    await db.insert(notificationAttempts).values(outbox.map((o) => ({ outboxId: o.id, attempt: 1, at: o.createdAt, ok: true, detail: "ok", latencyMs: 1 })));
    await db.insert(auditLog).values([NOW - 40 * DAY_MS, NOW - 20 * DAY_MS].map((at) => ({ at, actor: "t", source: "system" as const, action: "x.y", entity: "x" })));

    const report = await applyRetention(db, NOW);
    expect(report.more).toBe(false);
    const minOf = async (table: string, column: string) => (await db.all<{ at: number }>(sql`SELECT min(${sql.raw(column)}) AS at FROM ${sql.raw(table)}`))[0].at;
    // Only the unfolded late result is older than 8 days.
    expect(await db.all(sql`SELECT started_at FROM check_results WHERE started_at < ${NOW - 8 * DAY_MS}`)).toEqual([{ started_at: NOW - 30 * DAY_MS }]);
    expect(await minOf("rollups_hourly", "bucket_start")).toBe(NOW - 40 * DAY_MS);
    expect(await minOf("state_time_hourly", "bucket_start")).toBeGreaterThanOrEqual(NOW - 40 * DAY_MS);
    expect(await minOf("state_time_daily", "bucket_start")).toBeGreaterThanOrEqual(NOW - 100 * DAY_MS - 12 * HOUR_MS);
    // Days are kept whole: the first day that starts within 100 days.
    expect(await minOf("rollups_daily", "bucket_start")).toBe(NOW - 99 * DAY_MS - 12 * HOUR_MS);
    expect((await db.select().from(notificationOutbox)).map((o) => o.dedupeKey).sort()).toEqual(["b", "c", "d"]);
    expect(await count(db, "notification_attempts")).toBe(3);
    expect((await db.select().from(auditLog)).map((a) => a.at).filter((at) => at < NOW - 30 * DAY_MS)).toEqual([]);
    expect(report.deleted).toMatchObject({ notification_outbox: 1, audit_log: 1 });
  });

  it("keeps raw results the rollup pass has not folded, even where the state fold is past them", async () => {
    const { monitor } = await history(10);
    const regionId = await ensureRegion(db, "local");
    // Late results from before the raw window: the state fold takes them, the rollup pass has not run since.
    // (and a fresh one after them: the newest row always stays, its id would be handed out again)
    await insertResults(db, [NOW - 9 * DAY_MS, NOW - 9 * DAY_MS + 60_000, NOW - 1_000].map((startedAt) => toResultRow(monitor.id, regionId, { status: "up", startedAt, totalUs: 1_000, phases: {}, assertions: [] })));
    while ((await processResultBatch(db, new Map([[monitor.id, monitor]]), NOW)).processed > 0);
    const late = await db.all<{ id: number }>(sql`SELECT id FROM check_results WHERE started_at >= ${NOW - 9 * DAY_MS} AND started_at < ${NOW - 9 * DAY_MS + HOUR_MS} ORDER BY id DESC LIMIT 2`);
    expect(await foldedThrough(db)).toBeLessThan(late[1].id);
    await applyRetention(db, NOW);
    expect(await db.all(sql`SELECT id FROM check_results WHERE started_at < ${NOW - DEFAULT_RETENTION.rawMs} ORDER BY id DESC`)).toEqual(late);
    // Once folded, they go like the rest, and the hour they belong to counts them.
    const hourBefore = (await db.all<{ total: number }>(sql`SELECT total FROM rollups_hourly WHERE bucket_start = ${NOW - 9 * DAY_MS}`))[0].total;
    while ((await foldRollups(db, NOW)).processed > 0);
    await applyRetention(db, NOW);
    expect(await count(db, `check_results WHERE started_at < ${NOW - DEFAULT_RETENTION.rawMs}`)).toBe(0);
    expect((await db.all<{ total: number }>(sql`SELECT total FROM rollups_hourly WHERE bucket_start = ${NOW - 9 * DAY_MS}`))[0].total).toBe(hourBefore + 2);
  });

  it("works in chunks within a time budget, and the next passes finish the job", async () => {
    await history(20);
    const expired = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM check_results WHERE started_at < ${NOW - DEFAULT_RETENTION.rawMs}`);
    const first = await applyRetention(db, NOW, { chunkRows: 50, budgetMs: 0 });
    expect(first.more).toBe(true);
    expect(first.deleted.check_results).toBe(50);
    let passes = 1;
    let deleted = first.deleted.check_results;
    for (let r = first; r.more; passes++) {
      r = await applyRetention(db, NOW, { chunkRows: 50, budgetMs: 0 });
      deleted += r.deleted.check_results ?? 0;
    }
    expect(deleted).toBe(expired[0].n);
    expect(passes).toBeGreaterThan(expired[0].n / 50);
    expect(deletedRows(await applyRetention(db, NOW))).toBe(0);
  });

  it("frees pages in steps on a new file, and switches an older file to incremental vacuum", async () => {
    const pragma = async (d: Db, p: string) => Number((await d.$client.execute(`PRAGMA ${p}`)).rows[0][0]);
    expect(await pragma(db, "auto_vacuum")).toBe(2);
    const monitor = await makeMonitor(db);
    const regionId = await ensureRegion(db, "bulk");
    const rows = Array.from({ length: 20_010 }, (_, i) => toResultRow(monitor.id, regionId, { status: "down", startedAt: i < 20_000 ? NOW - 30 * DAY_MS + i : NOW, totalUs: 1, phases: {}, message: "x".repeat(100), assertions: [] }));
    for (let i = 0; i < rows.length; i += 2_000) await insertResults(db, rows.slice(i, i + 2_000));
    await db.run(sql`INSERT INTO cursors (name, position) SELECT name, (SELECT max(id) FROM check_results) FROM (SELECT 'coordinator.results' AS name UNION ALL SELECT 'coordinator.rollups')`);
    const file = url.slice("file:".length);
    await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    const grown = fileSizes(file).dbBytes;
    const report = await applyRetention(db, NOW);
    expect(report.deleted.check_results).toBe(20_000);
    expect(report.pagesFreed).toBeGreaterThan(0);
    expect(report.checkpoint?.truncated).toBe(true);
    expect(fileSizes(file).dbBytes).toBeLessThan(grown / 2);
    expect(await count(db, "check_results")).toBe(10);

    // A file made before auto_vacuum was set: one VACUUM at start-up switches it.
    const plain = createClient({ url: `${url}-older` });
    await plain.execute("PRAGMA journal_mode=WAL");
    await plain.execute("CREATE TABLE kept (x)");
    plain.close();
    const older = await openDb(`${url}-older`);
    await runMigrations(older);
    expect(await pragma(older, "auto_vacuum")).toBe(0);
    expect(await enableIncrementalVacuum(older, 1)).toBe("too-large");
    expect(await enableIncrementalVacuum(older)).toBe("switched");
    expect(await pragma(older, "auto_vacuum")).toBe(2);
    older.$client.close();
  });
});
