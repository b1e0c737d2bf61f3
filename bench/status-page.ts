/**
 * Status page benchmark: 1,000 public monitors in 100 components (10 groups) with 90 days of
 * history, served by the real built app (`next start`) from a real SQLite file. Prints warm
 * server time p50/p95 for the page, HTML size, SQL statements per render, and the same page
 * with 1 year and with 1 week of history (cost must not grow with history), and a young install
 * (no hourly rollups yet: the response-time lines come from the newest raw results).
 *
 *   npm run build && npm run bench:status-page -- [--requests 200] [--monitors 1000] [--components 100]
 *
 * Server time is measured by the client on loopback (request start to last byte), which bounds
 * it from above. SQL statements are counted in-process on the one function the page calls
 * (loadStatusPage), with a counting wrapper around the same database client.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openDb, type Db } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { bulkInsert } from "../lib/db/bulk";
import { loadStatusPage } from "../lib/public/status-page";
import { pulse } from "../lib/workers/pulse";
import { LatencyHistogram } from "../lib/uptime/histogram";
import { DAY_MS, dayStartUtc, HOUR_MS, hourStartUtc } from "../lib/uptime/uptime";
import { statementsOf } from "../lib/testing/statements";
import { fmt, killServer, percentile, startNextServer, verdict } from "./util";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "200" },
    /** First of three ports for the three servers. */
    monitors: { type: "string", default: "1000" },
    components: { type: "string", default: "100" },
    port: { type: "string", default: "3977" },
    /** Only seed a database with this many days of history, print its URL and keep it (for profiling). */
    "seed-only": { type: "string" },
  },
});
const REQUESTS = Number(values.requests);
const MONITORS = Number(values.monitors);
const COMPONENTS = Number(values.components);
const PORT = Number(values.port);

if (!values["seed-only"] && !existsSync(".next/BUILD_ID")) {
  console.error("bench:status-page needs a production build: run `npm run build` first.");
  process.exit(1);
}

const dirs: string[] = [];
const cleanupAll = () => {
  for (const child of servers) killServer(child, "SIGKILL");
  if (!process.env.KEEP_BENCH_DB) for (const d of dirs) rmSync(d, { recursive: true, force: true });
};
process.on("SIGINT", () => (cleanupAll(), process.exit(130)));

/** Raw results a young install has: every monitor checked once a minute for this long. */
const YOUNG_RAW_HOURS = 6;

/**
 * A database with the page's shape and `days` of history; returns its URL. `young`: no hourly
 * rollups at all, only YOUNG_RAW_HOURS of raw results (more than the page's raw tail reads).
 */
async function seed(days: number, young = false): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "bench-status-page-"));
  dirs.push(dir);
  const url = `file:${join(dir, "status.db")}`;
  const db = await openDb(url);
  await runMigrations(db);
  const now = Date.now();
  const statements = [];
  const groups = Array.from({ length: 10 }, (_, g) => [g + 1, `group-${g}`, `Group ${g}`, g]);
  statements.push(bulkInsert("component_groups", ["id", "key", "name", "display_order"], groups));
  const components = Array.from({ length: COMPONENTS }, (_, c) => [c + 1, `component-${c}`, `Component ${c}`, (c % 10) + 1, c, 1, c % 4 === 0 ? 1 : 0]);
  statements.push(bulkInsert("components", ["id", "key", "name", "group_id", "display_order", "is_public", "show_latency"], components));
  const perComponent = MONITORS / COMPONENTS;
  const monitors = Array.from({ length: MONITORS }, (_, m) => [
    m + 1, `monitor-${m}`, `Monitor ${m}`, "http", JSON.stringify({ url: "http://127.0.0.1:9/" }), 60, 10_000, Math.floor(m / perComponent) + 1, 1, "h", now - days * DAY_MS, now,
  ]);
  statements.push(
    bulkInsert("monitors", ["id", "key", "name", "type", "check_config", "interval_s", "timeout_ms", "component_id", "is_public", "config_hash", "created_at", "updated_at"], monitors),
  );
  statements.push(
    bulkInsert(
      "monitor_states",
      ["monitor_id", "status", "since", "updated_at", "condition", "accrued_until"],
      monitors.map((m, i) => [m[0], i % 97 === 0 ? "degraded" : "operational", now - HOUR_MS, now, "up", now]),
    ),
  );
  await db.$client.batch(statements, "write");
  // Daily state time: mostly up, a little partial and major outage here and there.
  const today = dayStartUtc(now);
  for (let d = 0; d < days; d++) {
    const rows = Array.from({ length: MONITORS }, (_, m) => {
      const bad = (m * 31 + d * 17) % 53 === 0;
      return [m + 1, today - d * DAY_MS, bad ? DAY_MS - 900_000 : DAY_MS, 0, bad ? 600_000 : 0, bad ? 300_000 : 0, 0, 0];
    });
    await db.$client.batch(
      [bulkInsert("state_time_daily", ["monitor_id", "bucket_start", "up_ms", "degraded_ms", "partial_ms", "major_ms", "maintenance_ms", "no_data_ms"], rows)],
      "write",
    );
  }
  // Hourly rollups for the sparklines (the last 24 hours), one region.
  const histogram = new LatencyHistogram();
  for (let i = 0; i < 60; i++) histogram.add(40_000 + i * 500);
  const hex = histogram.encode().toString("hex");
  const hourly = [];
  for (let h = 0; h < (young ? 0 : Math.min(24 * days, 35 * 24)); h++) {
    for (let m = 0; m < MONITORS; m++) hourly.push([m + 1, 1, hourStartUtc(now) - h * HOUR_MS, 60, 0, 0, 60 * 45_000, hex]);
    if (hourly.length >= 50_000 || h === Math.min(24 * days, 35 * 24) - 1) {
      await db.$client.batch(
        [bulkInsert("rollups_hourly", ["monitor_id", "region_id", "bucket_start", "total", "down", "degraded", "latency_sum_us", "histogram"], hourly, "", ["value->>0", "value->>1", "value->>2", "value->>3", "value->>4", "value->>5", "value->>6", "unhex(value->>7)"])],
        "write",
      );
      hourly.length = 0;
    }
  }
  for (let minute = YOUNG_RAW_HOURS * 60; young && minute > 0; minute -= 10) {
    const rows = [];
    for (let k = 0; k < 10; k++) {
      for (let m = 0; m < MONITORS; m++) rows.push([m + 1, 1, now - (minute - k) * 60_000, 0, 200, 40_000 + ((m * 7 + minute) % 50) * 1000]);
    }
    await db.$client.batch([bulkInsert("check_results", ["monitor_id", "region_id", "started_at", "status", "status_code", "total_us"], rows)], "write");
  }
  await db.$client.batch(
    [
      bulkInsert("regions", ["id", "name", "created_at"], [[1, "local", now]]),
      // Two open incidents and one maintenance ahead, with a few updates each.
      bulkInsert(
        "incidents",
        ["id", "kind", "title", "status", "impact", "source", "published", "started_at", "scheduled_for", "scheduled_until", "created_at", "updated_at"],
        [
          [1, "incident", "Elevated API errors", "identified", "major", "manual", 1, now - HOUR_MS, null, null, now, now],
          [2, "incident", "Slow dashboard", "investigating", "minor", "manual", 1, now - 600_000, null, null, now, now],
          [3, "maintenance", "Database upgrade", "scheduled", "none", "manual", 1, now + DAY_MS, now + DAY_MS, now + DAY_MS + 2 * HOUR_MS, now, now],
        ],
      ),
      bulkInsert(
        "incident_updates",
        ["incident_id", "status", "body", "created_at"],
        [1, 1, 2, 3].flatMap((id, i) => [[id, "investigating", `We are looking into **it** (${i}).`, now - HOUR_MS + i * 60_000]]),
      ),
      bulkInsert("incident_components", ["incident_id", "component_id", "impact"], [[1, 1, "partial_outage"], [2, 2, "degraded_performance"], [3, 3, "degraded_performance"]]),
    ],
    "write",
  );
  await countedLoad(db); // warms SQLite's page cache like a running app would be
  db.$client.close();
  return url;
}

/** SQL statements one call of the page's loader runs, counted on the client. */
const countedLoad = (db: Db) => statementsOf(db, () => loadStatusPage(db));

/** Stands in for the worker: every monitor's last result is now, and the coordinator beats. */
async function keepFresh(db: Db): Promise<void> {
  const now = Date.now();
  await db.$client.execute({ sql: "UPDATE monitor_states SET last_result_at = ?", args: [now] });
  await pulse(db, "coordinator", "*", now, {}, now);
}

const servers: ChildProcess[] = [];

async function startServer(url: string, port: number): Promise<void> {
  servers.push(await startNextServer(url, port));
}

interface Case {
  label: string;
  days: number;
  port: number;
  queries: number;
  bytes: number;
  times: number[];
}

/** Seeds each history length, starts one server per database, then measures them in turn (so load changes hit all alike). */
async function measureAll(cases: { label: string; days: number; young?: boolean }[], requests: number) {
  const prepared: Case[] = [];
  const dbs: Db[] = [];
  for (const [i, c] of cases.entries()) {
    const url = await seed(c.days, c.young);
    const db = await openDb(url);
    await keepFresh(db);
    const queries = await countedLoad(db);
    dbs.push(db);
    await startServer(url, PORT + i);
    prepared.push({ ...c, port: PORT + i, queries, bytes: 0, times: [] });
  }
  // What a running worker does: fresh results and a coordinator pulse, or the page says no data.
  const freshness = setInterval(() => dbs.forEach((db) => void keepFresh(db)), 5_000);
  for (let i = 0; i < 20 + requests; i++) {
    for (const c of prepared) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${c.port}/`);
      const html = await res.text();
      const ms = performance.now() - t0;
      if (!res.ok) throw new Error(`GET / answered ${res.status}`);
      if (i >= 20) c.times.push(ms);
      c.bytes = Buffer.byteLength(html);
    }
  }
  clearInterval(freshness);
  for (const db of dbs) db.$client.close();
  for (const child of servers) killServer(child, "SIGTERM");
  return prepared.map((c) => {
    const times = [...c.times].sort((a, b) => a - b);
    const out = { ...c, p50: percentile(times, 50), p95: percentile(times, 95), max: times[times.length - 1] };
    console.log(
      `${c.label.padEnd(10)} history ${String(c.days).padStart(3)} d: p50 ${fmt(out.p50)} ms, p95 ${fmt(out.p95)} ms, max ${fmt(out.max)} ms; HTML ${fmt(c.bytes / 1024)} KB; ${c.queries} SQL statements per render`,
    );
    return out;
  });
}

try {
  console.log(`status page: ${MONITORS} monitors in ${COMPONENTS} components, ${REQUESTS} warm requests each (after 20 to warm up), loopback`);
  const [main, week, year, young] = await measureAll(
    [
      { label: "90 days", days: 90 },
      { label: "1 week", days: 7 },
      { label: "1 year", days: 365 },
      { label: "young", days: 1, young: true },
    ],
    REQUESTS,
  );
  const ratio = year.p95 / week.p95;
  console.log("");
  console.log(verdict("warm server time p95 (90 days)", `${fmt(main.p95)} ms`, "< 100 ms", main.p95 < 100));
  console.log(verdict("SQL statements per render", String(main.queries), "≤ 5", main.queries <= 5));
  console.log(verdict("HTML size", `${fmt(main.bytes / 1024)} KB`, "< 300 KB", main.bytes < 300 * 1024));
  console.log(verdict("p95 with 1 year / with 1 week", `${fmt(ratio, 2)}×`, "≤ 1.20×", ratio <= 1.2));
  // One week of history draws 83 days of "no data" (half the bytes), so the like-for-like check
  // of "cost does not grow with history" is a year against the 90 days the page shows.
  const sameContent = year.p50 / main.p50;
  console.log(verdict("p50 with 1 year / with 90 days", `${fmt(sameContent, 2)}×`, "≤ 1.20×", sameContent <= 1.2));
  // A young install reads the raw tail too (one more statement, a bounded id range).
  console.log(verdict(`young install (${YOUNG_RAW_HOURS} h of raw results, no rollups) p95`, `${fmt(young.p95)} ms`, "< 100 ms", young.p95 < 100));
  console.log(verdict("young install SQL statements per render", String(young.queries), "≤ 6", young.queries <= 6));
} finally {
  cleanupAll();
}
