/**
 * Storage benchmark: 1,000 monitors at 60 s from 3 regions (4.32 M results a day) on a real
 * SQLite file, in synthetic time, with the coordinator's own work (lib/coordinator/fold.ts
 * processResultBatch each simulated minute, foldRollups every rollupFoldEveryMs(1,000) as the
 * coordinator runs it, accrueStateTime every 30 s, applyRetention every 10 min) while another
 * process reads the public status page's data in a loop.
 *
 *   (a) ingest --hours of results (default a day): results/s with rollups, the longest write,
 *       the largest WAL, SQLITE_BUSY errors, rollups against a recomputation from the raw rows;
 *   (b) a year in day steps at 1/--year-scale of the monitors (the day's rows copied from (a),
 *       retention after every simulated hour): file size over time, the longest pruning statement;
 *   (c) the file a year at default retention takes, from the bytes per row and per packed result
 *       (lib/results/blocks.ts) measured in (b), and
 *       what check_results_monitor_started_idx costs (bytes, insert time with and without it).
 *
 *   npm run bench:storage -- [--hours 24] [--year-days 365] [--year-scale 20] [--rollup-every 300]
 *
 * --rollup-every (seconds, default rollupFoldEveryMs(1,000): 300) tries another rollup cadence, to see what
 * it amortises.
 */
import { fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { openDb, type Db } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { fileSizes } from "../lib/db/maintenance";
import { cursorStatement, RESULTS_CURSOR, ROLLUPS_CURSOR } from "../lib/db/cursors";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { ensureRegion } from "../lib/regions/store";
import { listActiveMonitors } from "../lib/monitors/store";
import { insertResults, type NewCheckResultRow } from "../lib/results/store";
import { accrueStateTime, foldRollups, processResultBatch, rollupFoldEveryMs, ROLLUP_RESULTS_PER_BATCH } from "../lib/coordinator/fold";
import { ACCRUE_EVERY_MS } from "../worker/coordinator";
import { applyRetention } from "../lib/results/retention";
import { decodeBlock, PACK_AFTER_MS } from "../lib/results/blocks";
import { DEFAULT_RETENTION, THIN_HOURLY_AFTER_MS } from "../lib/results/retention-policy";
import { getStatusPageData } from "../lib/public/status-page";
import { LatencyHistogram } from "../lib/uptime/histogram";
import { fmt, percentile, verdict } from "./util";

const { values } = parseArgs({
  options: {
    hours: { type: "string", default: "24" },
    "year-days": { type: "string", default: "365" },
    "year-scale": { type: "string", default: "20" },
    // The coordinator's cadence for the bench's 1,000 monitors.
    "rollup-every": { type: "string", default: String(rollupFoldEveryMs(1_000) / 1000) },
    reader: { type: "string" },
  },
});

const MONITORS = 1_000;
const REGIONS = ["eu-west", "us-east", "ap-south"];
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const MB = 1_048_576;
const isBusy = (e: unknown) => /SQLITE_BUSY|database is locked/i.test(String((e as Error)?.message ?? e)) || (e as { code?: string })?.code === "SQLITE_BUSY";

// ---------------------------------------------------------------------------------------------
// The reader: another process, as the app is, rendering the public page's data in a loop.
if (values.reader) {
  // Opening runs PRAGMAs before busy_timeout is set: while the writer commits one can meet SQLITE_BUSY (seen once the fold got faster).
  const db = await (async () => {
    for (;;) {
      try {
        return await openDb(values.reader!);
      } catch (e) {
        if (!isBusy(e)) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  let stop = false;
  process.on("message", () => (stop = true));
  process.on("disconnect", () => process.exit(1));
  const times: number[] = [];
  let busy = 0;
  let errors = 0;
  while (!stop) {
    const t0 = performance.now();
    try {
      const [row] = await db.all<{ at: number }>(sql`SELECT started_at AS at FROM check_results ORDER BY id DESC LIMIT 1`);
      await getStatusPageData(db, (row?.at ?? T0) + 1_000);
      times.push(performance.now() - t0);
    } catch (e) {
      if (isBusy(e)) busy++;
      else if (errors++ === 0) console.error("reader:", (e as Error).message);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  process.send!({ reads: times.length, busy, errors, p99: percentile(times.sort((a, b) => a - b), 99) }, () => process.exit(0));
  await new Promise(() => {});
}

// ---------------------------------------------------------------------------------------------
const hours = Number(values.hours);
const yearDays = Number(values["year-days"]);
const yearScale = Number(values["year-scale"]);
const dir = mkdtempSync(join(tmpdir(), "bench-storage-"));
const url = `file:${join(dir, "status.db")}`;
const file = url.slice("file:".length);
const lines: string[] = [];
const mb = (b: number) => `${fmt(b / MB)} MB`;
let reader: ReturnType<typeof fork> | undefined;

/** A write that retries on SQLITE_BUSY (counted: none should surface past busy_timeout), timed. */
let busyErrors = 0;
let longestWriteMs = 0;
async function write<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    const t0 = performance.now();
    try {
      const out = await work();
      longestWriteMs = Math.max(longestWriteMs, performance.now() - t0);
      return out;
    } catch (e) {
      if (!isBusy(e)) throw e;
      busyErrors++;
    }
  }
}

/** One result as a probe would write it: mostly up with five phases, 1 % down with a reason. */
function result(monitorId: number, regionId: number, startedAt: number): NewCheckResultRow {
  const h = (monitorId * 2_654_435_761 + regionId * 97 + Math.floor(startedAt / MIN)) % 1_000;
  const down = h < 10;
  const totalUs = 30_000 + ((h * 7_919) % 250_000) + regionId * 20_000;
  return down
    ? { monitorId, regionId, startedAt, status: 2, statusCode: 503, errorClass: "assertion", message: "status 503, expected 200-299", totalUs }
    : { monitorId, regionId, startedAt, status: h < 30 ? 1 : 0, statusCode: 200, totalUs, dnsUs: 1_000 + h, connectUs: 5_000 + h, tlsUs: 12_000 + h, firstByteUs: totalUs - 25_000, transferUs: 2_000, tlsExpiresAt: 1_800_000_000 };
}

/** One B-tree as dbstat sees it: its bytes on pages, and how full those pages are. */
interface Btree {
  name: string;
  table: string;
  bytes: number;
  /** 1 − unused / bytes: how much of its pages hold cells. */
  fill: number;
}
async function btrees(db: Db): Promise<Btree[]> {
  const rows = await db.all<{ name: string; table: string; bytes: number; unused: number }>(sql`SELECT d.name AS name, coalesce(m.tbl_name, d.name) AS "table", sum(d.pgsize) AS bytes, sum(d.unused) AS unused
    FROM dbstat d LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY d.name`);
  return rows.map((r) => ({ name: r.name, table: r.table, bytes: Number(r.bytes), fill: 1 - Number(r.unused) / Number(r.bytes) }));
}
/** The tables the projection counts: raw results (rows and packed blocks), rollups, state time. */
const MEASURED = ["check_results", "check_result_blocks", "rollups_hourly", "rollups_daily", "state_time_hourly", "state_time_daily"] as const;
type Measured = (typeof MEASURED)[number];
/** Per table: rows, bytes (with its indexes) and bytes per row; one line per B-tree with its fill. */
async function measure(db: Db, label: string): Promise<Record<Measured, { rows: number; bytes: number; perRow: number }>> {
  const trees = await btrees(db);
  const out = {} as Record<Measured, { rows: number; bytes: number; perRow: number }>;
  console.log(`    ${label}, per B-tree (dbstat: bytes on pages, B per row of its table, page fill):`);
  for (const table of MEASURED) {
    const rows = await countOf(db, table);
    const mine = trees.filter((t) => t.table === table);
    const bytes = mine.reduce((n, t) => n + t.bytes, 0);
    for (const t of mine) console.log(`      ${t.name.padEnd(36)} ${mb(t.bytes).padStart(10)} ${`${fmt(t.bytes / Math.max(1, rows))} B`.padStart(9)}  fill ${fmt(100 * t.fill, 0)} %`);
    console.log(`      = ${table.padEnd(34)} ${mb(bytes).padStart(10)} ${`${fmt(bytes / Math.max(1, rows))} B`.padStart(9)}  (${rows.toLocaleString("en")} rows)`);
    out[table] = { rows, bytes, perRow: bytes / Math.max(1, rows) };
  }
  return out;
}
/** Copies rows of a template table into `table`, every column as is but `timeColumn` shifted by `shift`. */
async function copyShifted(db: Db, table: string, template: string, timeColumn: string, shift: number, where: string, args: number[]) {
  const cols = (await db.all<{ name: string }>(sql`SELECT name FROM pragma_table_info(${table}) WHERE name <> 'id'`)).map((c) => c.name);
  const select = cols.map((c) => (c === timeColumn ? `${c} + ?` : c)).join(", ");
  return { sql: `INSERT INTO ${table} (${cols.join(", ")}) SELECT ${select} FROM ${template} WHERE ${where}`, args: [shift, ...args] };
}
/** A table's bytes (with its indexes) per row, from dbstat. */
async function bytesPerRow(db: Db, table: string): Promise<number> {
  const [row] = await db.all<{ bytes: number }>(sql`SELECT sum(pgsize) AS bytes FROM dbstat WHERE name IN (SELECT name FROM sqlite_master WHERE tbl_name = ${table})`);
  return Number(row.bytes) / Math.max(1, await countOf(db, table));
}
const countOf = async (db: Db, table: string) => Number((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${sql.raw(table)}`))[0].n);

try {
  const db = await openDb(url);
  await runMigrations(db);
  const yaml = [
    "page:\n  name: Bench\ncomponents:",
    ...Array.from({ length: 50 }, (_, c) => `  - key: c${c}\n    name: Component ${c}`),
    "monitors:",
    ...Array.from({ length: MONITORS }, (_, m) => `  - key: m${m}\n    name: Monitor ${m}\n    type: http\n    url: https://m${m}.bench.test/\n    interval: 60s\n    component: c${m % 50}`),
  ].join("\n");
  await applyConfig(db, parseConfig(yaml, {}), T0 - HOUR);
  const regionIds = [];
  for (const r of REGIONS) regionIds.push(await ensureRegion(db, r, T0 - HOUR));
  const active = await listActiveMonitors(db);
  const byId = new Map(active.map((m) => [m.id, m]));
  const ids = active.map((m) => m.id);

  // ---- (a) one simulated day --------------------------------------------------------------
  reader = fork(process.argv[1], ["--reader", url], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  let maxWal = 0;
  let lastAccrual = -Infinity;
  let lastRetention = T0;
  let longestPruneMs = 0;
  let foldMs = 0;
  let rollupMs = 0;
  let lastRollups = -Infinity;
  const rollupEveryMs = Number(values["rollup-every"]) * 1000;
  /** The rollup pass as worker/coordinator.ts runs it: batches until one comes back short. */
  const rollUp = async (now: number) => {
    const t0 = performance.now();
    while ((await write(() => foldRollups(db, now))).processed === ROLLUP_RESULTS_PER_BATCH);
    rollupMs += performance.now() - t0;
  };
  let accrualMs = 0;
  let insertMs = 0;
  const started = performance.now();
  const minutes = Math.round(hours * 60);
  for (let m = 0; m < minutes; m++) {
    const minute = T0 + m * MIN;
    // Each region writes a batch every 10 s, of the monitors whose slot fell in those 10 s.
    for (let slice = 0; slice < 6; slice++) {
      for (const regionId of regionIds) {
        const rows: NewCheckResultRow[] = [];
        for (let i = Math.floor((slice * ids.length) / 6); i < Math.floor(((slice + 1) * ids.length) / 6); i++) rows.push(result(ids[i], regionId, minute + Math.floor((i * MIN) / ids.length)));
        const t0 = performance.now();
        await write(() => insertResults(db, rows));
        insertMs += performance.now() - t0;
      }
    }
    const now = minute + MIN;
    const t0 = performance.now();
    while ((await write(() => processResultBatch(db, byId, now))).processed > 0);
    foldMs += performance.now() - t0;
    if (now - lastRollups >= rollupEveryMs) {
      lastRollups = now;
      await rollUp(now);
    }
    if (now - lastAccrual >= ACCRUE_EVERY_MS) {
      lastAccrual = now;
      const t1 = performance.now();
      await write(() => accrueStateTime(db, active, now));
      accrualMs += performance.now() - t1;
    }
    if (now - lastRetention >= 10 * MIN) {
      lastRetention = now;
      const r = await write(() => applyRetention(db, now));
      longestPruneMs = Math.max(longestPruneMs, r.longestStatementMs);
    }
    maxWal = Math.max(maxWal, fileSizes(file).walBytes);
    if ((m + 1) % 60 === 0) console.log(`  hour ${(m + 1) / 60}: ${fmt(((m + 1) * MONITORS * REGIONS.length) / ((performance.now() - started) / 1000), 0)} results/s, WAL ${mb(fileSizes(file).walBytes)}, file ${mb(fileSizes(file).dbBytes)}`);
  }
  // The last results reach the rollups too (the coordinator's next pass would fold them): timed with the rest.
  await rollUp(T0 + minutes * MIN);
  const wallS = (performance.now() - started) / 1000;
  const ingested = minutes * MONITORS * REGIONS.length;
  const readerStats = await new Promise<{ reads: number; busy: number; errors: number; p99: number }>((resolve) => {
    reader!.once("message", resolve as never);
    reader!.send("stop");
  });

  // Rollups against the raw rows: counts, failures, degraded, latency and phase sums per hour
  // and per day in SQL, and every histogram rebuilt from the raw latencies.
  const mismatched = async (table: string, bucket: number) =>
    Number(
      (
        await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (
          SELECT monitor_id, region_id, started_at - started_at % ${bucket} AS b, count(*) AS total, sum(status = 2) AS down, sum(status = 1) AS degraded,
            sum(CASE WHEN status <> 2 THEN total_us ELSE 0 END) AS lat, sum(CASE WHEN status <> 2 THEN coalesce(first_byte_us, 0) ELSE 0 END) AS fb
          FROM check_results GROUP BY 1, 2, 3) r
          LEFT JOIN ${sql.raw(table)} h ON h.monitor_id = r.monitor_id AND h.region_id = r.region_id AND h.bucket_start = r.b
          WHERE h.total IS NOT r.total OR h.down IS NOT r.down OR h.degraded IS NOT r.degraded OR h.latency_sum_us IS NOT r.lat OR h.first_byte_sum_us IS NOT r.fb`)
      )[0].n,
    );
  const hourlyBad = await mismatched("rollups_hourly", HOUR);
  const dailyBad = await mismatched("rollups_daily", DAY);
  const rawGroups = Number((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM (SELECT 1 FROM check_results GROUP BY monitor_id, region_id, started_at - started_at % ${HOUR})`))[0].n);
  const hourlyRows = await countOf(db, "rollups_hourly");
  let histogramBad = 0;
  for (const id of ids) {
    const built = new Map<string, LatencyHistogram>();
    for (const r of await db.all<{ region_id: number; started_at: number; total_us: number }>(sql`SELECT region_id, started_at, total_us FROM check_results WHERE monitor_id = ${id} AND status <> 2`)) {
      const key = `${r.region_id}:${r.started_at - (r.started_at % HOUR)}`;
      if (!built.has(key)) built.set(key, new LatencyHistogram());
      built.get(key)!.add(r.total_us);
    }
    for (const h of await db.all<{ region_id: number; bucket_start: number; histogram: ArrayBuffer }>(sql`SELECT region_id, bucket_start, histogram FROM rollups_hourly WHERE monitor_id = ${id}`)) {
      const mine = built.get(`${h.region_id}:${h.bucket_start}`);
      const stored = LatencyHistogram.decode(h.histogram);
      if (!mine || [50, 95, 99].some((p) => mine.percentile(p) !== stored.percentile(p)) || Buffer.compare(mine.encode(), stored.encode()) !== 0) histogramBad++;
    }
  }

  const trees = await btrees(db);
  const rawRows = await countOf(db, "check_results");
  const indexBytes = trees.find((t) => t.name === "check_results_monitor_started_idx")?.bytes ?? 0;
  const rawBytes = trees.filter((t) => t.table === "check_results").reduce((n, t) => n + t.bytes, 0);

  console.log(`\n(a) ${hours} h simulated (${ingested.toLocaleString("en")} results) in ${fmt(wallS)} s: inserts ${fmt(insertMs / 1000)} s, fold ${fmt(foldMs / 1000)} s, rollups every ${fmt(rollupEveryMs / 1000, 0)} s ${fmt(rollupMs / 1000)} s, state time ${fmt(accrualMs / 1000)} s`);
  console.log(`    longest write transaction (an insert batch, or a fold batch with its reads: an upper bound of the write-lock hold): ${fmt(longestWriteMs)} ms`);
  console.log(`    reader: ${readerStats.reads} status-page renders (p99 ${fmt(readerStats.p99)} ms), ${readerStats.busy} SQLITE_BUSY, ${readerStats.errors} other errors`);
  console.log(`    rollups: ${hourlyRows} hourly rows for ${rawGroups} raw (monitor, region, hour) groups; ${hourlyBad} hourly and ${dailyBad} daily rows differ from the raw sums; ${histogramBad} histograms differ`);
  const measuredA = await measure(db, `\n    (a) after ${hours} h`);
  lines.push(verdict("(a) results/s with rollups", fmt(ingested / wallS, 0), ">= 20000", ingested / wallS >= 20_000));
  lines.push(verdict("(a) largest WAL", mb(maxWal), "<= 64 MB", maxWal <= 64 * MB));
  lines.push(verdict("(a) SQLITE_BUSY surfacing", String(busyErrors + readerStats.busy), "0", busyErrors + readerStats.busy === 0));
  lines.push(verdict("(a) rollups exact vs raw", `${hourlyBad + dailyBad + histogramBad} differ`, "0", hourlyBad + dailyBad + histogramBad === 0 && hourlyRows === rawGroups));

  // ---- (c) what check_results_monitor_started_idx costs (the projection follows (b)) --------
  // The index on (monitor, started_at): insert time with and without it, same rows, same run.
  const schema = (await db.all<{ name: string; sql: string }>(sql`SELECT name, sql FROM sqlite_master WHERE tbl_name = 'check_results' AND sql IS NOT NULL`)).sort((a, b) => (a.name === "check_results" ? -1 : b.name === "check_results" ? 1 : 0));
  let run = 0;
  const insertRun = async (withIndex: boolean) => {
    const probe = await openDb(`file:${join(dir, `index-${run++}.db`)}`);
    for (const s of schema) if (withIndex || s.name !== "check_results_monitor_started_idx") await probe.$client.execute(s.sql);
    const t0 = performance.now();
    for (let minute = 0; minute < 120; minute++) {
      for (const regionId of [1, 2, 3]) await insertResults(probe, ids.map((id, i) => result(id, regionId, T0 + minute * MIN + i * 60)));
    }
    const ms = performance.now() - t0;
    probe.$client.close();
    return ms;
  };
  const times = { with: [] as number[], without: [] as number[] };
  for (let i = 0; i < 3; i++) {
    times.without.push(await insertRun(false));
    times.with.push(await insertRun(true));
  }
  const best = (xs: number[]) => Math.min(...xs);
  console.log(`    check_results_monitor_started_idx: ${fmt(indexBytes / rawRows)} B a row (${fmt((100 * indexBytes) / rawBytes, 0)} % of raw), 360,000 inserts ${fmt(best(times.with), 0)} ms with it, ${fmt(best(times.without), 0)} ms without (best of 3): ${fmt(best(times.with) / best(times.without), 2)}x`);

  // ---- (b) a year, in day steps, at 1/yearScale of the monitors ----------------------------
  // Templates of one day from (a), in an attached file so they do not count in the size.
  const scaledIds = ids.slice(0, Math.ceil(ids.length / yearScale));
  const inScale = sql.raw(`monitor_id IN (${scaledIds.join(",")})`);
  await db.run(sql`ATTACH ${join(dir, "template.db")} AS t`);
  await db.run(sql`CREATE TABLE t.raw AS SELECT * FROM check_results WHERE ${inScale} AND started_at < ${T0 + Math.min(hours, 24) * HOUR}`);
  await db.run(sql`CREATE TABLE t.hourly AS SELECT * FROM rollups_hourly WHERE ${inScale}`);
  await db.run(sql`CREATE TABLE t.daily AS SELECT * FROM rollups_daily WHERE ${inScale} AND bucket_start = ${T0}`);
  await db.run(sql`CREATE TABLE t.time_hourly AS SELECT * FROM state_time_hourly WHERE ${inScale}`);
  await db.run(sql`CREATE TABLE t.time_daily AS SELECT * FROM state_time_daily WHERE ${inScale} AND bucket_start = ${T0}`);
  for (const table of MEASURED) await db.run(sql`DELETE FROM ${sql.raw(table)}`);
  await db.$client.executeMultiple("PRAGMA incremental_vacuum; PRAGMA wal_checkpoint(TRUNCATE);");
  const templateHours = Math.min(hours, 24);
  console.log(`\n(b) a year in day steps, ${scaledIds.length} monitors × 3 regions (1/${yearScale}), the first ${templateHours} h of (a) repeated each day, retention (defaults) every simulated hour:`);
  const yStart = T0 + 2 * DAY;
  let longestPrune = 0;
  let longestPruneWhat = "";
  let firstFull = 0;
  const sample = async (d: number) => {
    const { dbBytes, walBytes } = fileSizes(file);
    console.log(`    day ${String(d).padStart(3)}: file ${mb(dbBytes).padStart(9)}, WAL ${mb(walBytes).padStart(8)}, raw ${await countOf(db, "check_results")}, hourly ${await countOf(db, "rollups_hourly")}, daily ${await countOf(db, "rollups_daily")}`);
    return dbBytes;
  };
  const sizesByDay: number[] = [];
  const thinDays = THIN_HOURLY_AFTER_MS / DAY;
  let fullHourly: number | undefined;
  for (let d = 0; d < yearDays; d++) {
    const day = yStart + d * DAY;
    const shift = day - T0;
    for (let h = 0; h < 24; h++) {
      const from = T0 + (h % templateHours) * HOUR;
      const offset = shift + (h - (h % templateHours)) * HOUR;
      const hour = [
        await copyShifted(db, "check_results", "t.raw", "started_at", offset, "started_at >= ? AND started_at < ?", [from, from + HOUR]),
        await copyShifted(db, "rollups_hourly", "t.hourly", "bucket_start", offset, "bucket_start = ?", [from]),
        await copyShifted(db, "state_time_hourly", "t.time_hourly", "bucket_start", offset, "bucket_start = ?", [from]),
      ];
      await write(() => db.$client.batch([
        ...hour,
        cursorStatement(RESULTS_CURSOR, Number.MAX_SAFE_INTEGER),
        cursorStatement(ROLLUPS_CURSOR, Number.MAX_SAFE_INTEGER),
      ], "write"));
      const r = await applyRetention(db, day + (h + 1) * HOUR);
      if (r.longestStatementMs > longestPrune) longestPruneWhat = r.longestStatement ?? "?";
      longestPrune = Math.max(longestPrune, r.longestStatementMs);
    }
    const daily = [await copyShifted(db, "rollups_daily", "t.daily", "bucket_start", shift, "1", []), await copyShifted(db, "state_time_daily", "t.time_daily", "bucket_start", shift, "1", [])];
    await write(() => db.$client.batch(daily, "write"));
    sizesByDay.push(fileSizes(file).dbBytes);
    // Hourly rows at full size, the day before retention starts thinning the oldest of them.
    if (d + 1 === thinDays) fullHourly = await bytesPerRow(db, "rollups_hourly");
    if (d === DEFAULT_RETENTION.rawMs / DAY + 1) firstFull = await sample(d + 1);
    else if ((d + 1) % 30 === 0 || d === yearDays - 1) await sample(d + 1);
  }
  // Bounded: once the raw window is full, the file grows by what the kept rollups add, no more.
  const last = sizesByDay.at(-1) ?? 0;
  const rollupGrowth = (yearDays - DEFAULT_RETENTION.rawMs / DAY - 2) * (scaledIds.length * REGIONS.length) * (24 * measuredA.rollups_hourly.perRow + measuredA.rollups_daily.perRow);
  const allowed = firstFull + rollupGrowth * 1.15 + 4 * MB;
  console.log(`    after the raw window filled (day ${DEFAULT_RETENTION.rawMs / DAY + 2}): ${mb(firstFull)}; at day ${yearDays}: ${mb(last)}; the rollups kept since add ${mb(rollupGrowth)}`);
  lines.push(verdict("(b) file bounded over a year", mb(last), `<= ${mb(allowed)}`, last <= allowed));
  lines.push(verdict("(b) longest pruning statement", `${fmt(longestPrune)} ms (${longestPruneWhat})`, "<= 50 ms", longestPrune <= 50));

  // ---- (c) the year's file at default retention --------------------------------------------
  // Bytes per row as the year-long run leaves them (pages split and freed by a year of inserts
  // and pruning, not (a)'s freshly appended ones), times the rows a year at full scale keeps.
  console.log(`\n(c) a year at default retention (raw ${DEFAULT_RETENTION.rawMs / DAY} d, hourly ${DEFAULT_RETENTION.hourlyMs! / DAY} d, daily forever), 1,000 monitors × 3 regions:`);
  const steady = await measure(db, `after (b)'s ${yearDays} days`);
  const keptDays = (ms: number | null) => Math.min(365, (ms ?? Infinity) / DAY);
  const seriesPerMonitor = { check_results: REGIONS.length, check_result_blocks: REGIONS.length, rollups_hourly: REGIONS.length, rollups_daily: REGIONS.length, state_time_hourly: 1, state_time_daily: 1 };
  const bucketsKept = { check_results: 1_440 * keptDays(DEFAULT_RETENTION.rawMs), check_result_blocks: 24 * keptDays(DEFAULT_RETENTION.rawMs), rollups_hourly: 24 * keptDays(DEFAULT_RETENTION.hourlyMs), rollups_daily: keptDays(DEFAULT_RETENTION.dailyMs), state_time_hourly: 24 * keptDays(DEFAULT_RETENTION.hourlyMs), state_time_daily: keptDays(DEFAULT_RETENTION.dailyMs) };
  let projected = 0;
  const project = (label: string, rows: number, perRow: number, inA: number | undefined) => {
    projected += rows * perRow;
    console.log(`      ${label.padEnd(28)} ${(rows / 1e6).toFixed(2).padStart(6)} M rows × ${fmt(perRow).padStart(6)} B${inA === undefined ? "" : ` (${fmt(inA)} B in (a))`} = ${mb(rows * perRow)}`);
  };
  // Raw results: full rows for PACK_AFTER_MS, then blocks, but for the results a block does not
  // take (failures, checks with words), which stay rows: their share, the bytes per full row and
  // per packed result are what (b)'s year of production passes left.
  const yearEnd = yStart + yearDays * DAY;
  const oldRows = await countOf(db, `check_results WHERE started_at < ${yearEnd - PACK_AFTER_MS}`);
  let packedResults = 0;
  for (const b of await db.all<{ at: number; results: ArrayBuffer }>(sql`SELECT hour_start AS at, results FROM check_result_blocks`)) packedResults += decodeBlock(Number(b.at), new Uint8Array(b.results)).length;
  const unpackable = oldRows / Math.max(1, oldRows + packedResults);
  const perPacked = steady.check_result_blocks.bytes / Math.max(1, packedResults);
  const resultsPerDay = MONITORS * REGIONS.length * 1_440;
  const packDays = PACK_AFTER_MS / DAY;
  const packedDays = keptDays(DEFAULT_RETENTION.rawMs) - packDays;
  console.log(`    packed in (b): ${packedResults.toLocaleString("en")} results in ${steady.check_result_blocks.rows.toLocaleString("en")} blocks, ${fmt(perPacked)} B a result; ${fmt(100 * unpackable, 2)} % of results older than ${packDays} d stay rows (failures, checks with words)`);
  for (const table of MEASURED) {
    const rows = MONITORS * seriesPerMonitor[table] * bucketsKept[table];
    if (table === "check_results") {
      project(`check_results (${packDays} d, and ${fmt(100 * unpackable, 1)} % beyond)`, resultsPerDay * (packDays + packedDays * unpackable), steady.check_results.perRow, measuredA.check_results.perRow);
      continue;
    }
    if (table === "check_result_blocks") {
      project(`packed results (${packedDays} d)`, resultsPerDay * packedDays * (1 - unpackable), perPacked, undefined);
      continue;
    }
    if (table !== "rollups_hourly" || fullHourly === undefined) {
      project(table, rows, steady[table].perRow, measuredA[table].perRow);
      continue;
    }
    // Full rows for THIN_HOURLY_AFTER_MS, thinned ones beyond: the thinned rows' size is what
    // the table grew by since the full rows were measured, less the full rows it still holds.
    const thin = await countOf(db, "rollups_hourly WHERE histogram IS NULL");
    const full = steady.rollups_hourly.rows - thin;
    const thinPerRow = thin > 0 ? (steady.rollups_hourly.bytes - full * fullHourly) / thin : fullHourly;
    const fullDays = Math.min(bucketsKept.rollups_hourly / 24, thinDays);
    project("rollups_hourly (full)", MONITORS * REGIONS.length * 24 * fullDays, fullHourly, measuredA[table].perRow);
    // A thinned row holds a monitor's regions together: one per monitor and hour.
    project(`rollups_hourly (thinned; ${fmt(thin / 1e3, 0)} k rows in (b))`, MONITORS * 24 * (bucketsKept.rollups_hourly / 24 - fullDays), thinPerRow, undefined);
  }
  // A day of raw results beyond PACK_AFTER_MS: packed, but for the share that stays rows.
  const packedDayBytes = resultsPerDay * (unpackable * steady.check_results.perRow + (1 - unpackable) * perPacked);
  const beyondPack = projected - packedDays * packedDayBytes;
  console.log(`    raw retention that fits under 2 GB with these rollups: ${packDays + Math.floor((2e9 - beyondPack) / packedDayBytes)} days (a packed day ${mb(packedDayBytes)})`);
  lines.push(verdict("(c) steady-state size, a year", `${fmt(projected / 1e9, 2)} GB`, "< 2 GB", projected < 2e9));
  db.$client.close();

  console.log(`\nload average during the run (shared machine, timings are noisy): ${(await import("node:os")).loadavg().map((l) => fmt(l, 2)).join(" ")}`);
  console.log(lines.join("\n"));
} finally {
  reader?.kill();
  rmSync(dir, { recursive: true, force: true });
}
