/**
 * Dashboard benchmark: 1,000 monitors (100 components, two regions) with 90 days of synthetic
 * rollups and state time and a raw tail (6 hours for every monitor, 24 hours for the measured
 * one), served by the real built app (`next start`) from a real SQLite file, signed in with a
 * session made by the app's own sign-in function. Prints warm server time p50/p95 of the
 * overview (first page, a search, the live-update JSON) and of one monitor page (24h and 90d
 * charts), the HTML/JSON size, and the SQL statements each request runs.
 *
 *   npm run build && npm run bench:dashboard -- [--requests 100] [--monitors 1000]
 *
 * Server time is measured by the client on loopback (request start to last byte), which bounds
 * it from above. Statements are counted in-process, with a counting wrapper around the same
 * database client, on the loaders each request calls in the same order the page calls them:
 * the session check, then the page's data functions (the layout's session check included).
 * Uptime Kuma 2.x needs 1.8-15 s for its dashboard at 1,000 monitors.
 */
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { listAlerts } from "../lib/alerts/store";
import { createFirstAdmin, createSession, sessionUser } from "../lib/auth/users";
import { bulkInsert } from "../lib/db/bulk";
import { openDb, type Db } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { parseChartRange } from "../lib/dashboard/chart-range";
import { monitorDetail } from "../lib/dashboard/monitors";
import { loadLiveOverview, loadOverview, parseOverviewQuery } from "../lib/dashboard/overview";
import { readPageSettings } from "../lib/settings/page";
import { readConfigError } from "../lib/settings/config-error";
import { reliability } from "../lib/incidents/reliability";
import { LatencyHistogram } from "../lib/uptime/histogram";
import { DAY_MS, dayStartUtc, HOUR_MS, hourStartUtc } from "../lib/uptime/uptime";
import { listPulses, pulse } from "../lib/workers/pulse";
import { statementsOf } from "../lib/testing/statements";
import { fmt, killServer, percentile, startNextServer, verdict } from "./util";

const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "100" },
    monitors: { type: "string", default: "1000" },
    port: { type: "string", default: "3987" },
  },
});
const REQUESTS = Number(values.requests);
const MONITORS = Number(values.monitors);
const COMPONENTS = Math.max(1, Math.round(MONITORS / 10));
const PORT = Number(values.port);
const DAYS = 90;
const REGIONS = 2;
const RAW_TAIL_HOURS = 6;
/** The monitor whose page is measured: down in one region, with a full day of raw results. */
const MEASURED = "monitor-7";
const TARGET_P95_MS = 150;
const EMAIL = "bench@example.com";
const PASSWORD = "correct horse battery staple";

if (!existsSync(".next/BUILD_ID")) {
  console.error("bench:dashboard needs a production build: run `npm run build` first.");
  process.exit(1);
}

let server: ChildProcess | undefined;
let dir = "";
const cleanup = () => {
  if (server) killServer(server, "SIGKILL");
  if (dir && !process.env.KEEP_BENCH_DB) rmSync(dir, { recursive: true, force: true });
};
process.on("SIGINT", () => (cleanup(), process.exit(130)));

async function batches(db: Db, table: string, columns: string[], rows: unknown[][], exprs?: string[]) {
  for (let i = 0; i < rows.length; i += 20_000) {
    await db.$client.batch([bulkInsert(table, columns, rows.slice(i, i + 20_000), "", exprs)], "write");
  }
}

/** A database with 1,000 monitors and 90 days of history; returns it open, with a session token. */
async function seed(): Promise<{ url: string; db: Db; token: string; seedMs: number }> {
  const t0 = performance.now();
  dir = mkdtempSync(join(tmpdir(), "bench-dashboard-"));
  const url = `file:${join(dir, "status.db")}`;
  const db = await openDb(url);
  await runMigrations(db);
  const now = Date.now();
  await db.$client.batch(
    [
      bulkInsert("regions", ["id", "name", "created_at"], Array.from({ length: REGIONS }, (_, r) => [r + 1, ["eu-west", "us-east"][r], now])),
      bulkInsert("components", ["id", "key", "name", "display_order", "is_public"], Array.from({ length: COMPONENTS }, (_, c) => [c + 1, `component-${c}`, `Component ${c}`, c, 1])),
      bulkInsert(
        "monitors",
        ["id", "key", "name", "type", "check_config", "interval_s", "timeout_ms", "component_id", "is_public", "config_hash", "created_at", "updated_at"],
        Array.from({ length: MONITORS }, (_, m) => [
          m + 1, `monitor-${m}`, `Monitor ${m}`, m % 10 === 9 ? "tcp" : "http", JSON.stringify({ url: `https://service-${m}.example/health` }), 60, 10_000,
          (m % COMPONENTS) + 1, 1, "h", now - DAYS * DAY_MS, now,
        ]),
      ),
    ],
    "write",
  );
  // States: mostly operational; a few down, degraded, partial (a regional warning) and no data.
  const stateOf = (m: number) => (m % 97 === 7 ? "down" : m % 89 === 3 ? "degraded" : m % 83 === 5 ? "no_data" : "operational");
  await batches(
    db,
    "monitor_states",
    ["monitor_id", "status", "since", "updated_at", "condition", "accrued_until", "last_result_at", "last_message", "warning"],
    Array.from({ length: MONITORS }, (_, m) => {
      const s = stateOf(m);
      return [m + 1, s, now - ((m * 7919) % DAY_MS), now, s === "operational" ? "up" : s === "down" ? "major" : s === "degraded" ? "degraded" : "no_data", now, now - 30_000,
        s === "down" ? "status 503, expected 200-299" : null, m % 71 === 2 ? "us-east failing (1 of 2 regions)" : null];
    }),
  );
  await batches(
    db,
    "monitor_region_states",
    ["monitor_id", "region_id", "status", "since", "last_result_at"],
    Array.from({ length: MONITORS * REGIONS }, (_, i) => [Math.floor(i / REGIONS) + 1, (i % REGIONS) + 1, stateOf(Math.floor(i / REGIONS)) === "down" ? "down" : "operational", now - HOUR_MS, now]),
  );
  const histogram = new LatencyHistogram();
  for (let i = 0; i < 60; i++) histogram.add(40_000 + i * 700);
  const hex = histogram.encode().toString("hex");
  const rollupColumns = ["monitor_id", "region_id", "bucket_start", "total", "down", "degraded", "latency_sum_us", "dns_sum_us", "connect_sum_us", "tls_sum_us", "first_byte_sum_us", "transfer_sum_us", "histogram"];
  const rollupExprs = rollupColumns.map((c, i) => (c === "histogram" ? `unhex(value->>${i})` : `value->>${i}`));
  const rollup = (m: number, r: number, at: number, total: number, down: number) => [m + 1, r + 1, at, total, down, 0, total * 45_000, total * 2_000, total * 3_000, total * 6_000, total * 30_000, total * 4_000, hex];
  // Hourly rollups and state time for the last 7 days (what the dashboard reads of them).
  for (let h = 0; h < 7 * 24; h++) {
    const at = hourStartUtc(now) - h * HOUR_MS;
    const rows = [];
    const time = [];
    for (let m = 0; m < MONITORS; m++) {
      const bad = (m * 31 + h * 7) % 211 === 0;
      for (let r = 0; r < REGIONS; r++) rows.push(rollup(m, r, at, 60, bad ? 6 : 0));
      time.push([m + 1, at, bad ? HOUR_MS - 600_000 : HOUR_MS, 0, 0, bad ? 600_000 : 0, 0, 0]);
    }
    await batches(db, "rollups_hourly", rollupColumns, rows, rollupExprs);
    await batches(db, "state_time_hourly", ["monitor_id", "bucket_start", "up_ms", "degraded_ms", "partial_ms", "major_ms", "maintenance_ms", "no_data_ms"], time);
  }
  // Daily rollups and state time for 90 days.
  for (let d = 0; d < DAYS; d++) {
    const at = dayStartUtc(now) - d * DAY_MS;
    const rows = [];
    const time = [];
    for (let m = 0; m < MONITORS; m++) {
      const bad = (m * 31 + d * 17) % 53 === 0;
      for (let r = 0; r < REGIONS; r++) rows.push(rollup(m, r, at, 1440, bad ? 20 : 0));
      time.push([m + 1, at, bad ? DAY_MS - 900_000 : DAY_MS, 0, bad ? 600_000 : 0, bad ? 300_000 : 0, 0, 0]);
    }
    await batches(db, "rollups_daily", rollupColumns, rows, rollupExprs);
    await batches(db, "state_time_daily", ["monitor_id", "bucket_start", "up_ms", "degraded_ms", "partial_ms", "major_ms", "maintenance_ms", "no_data_ms"], time);
  }
  // The raw tail: every monitor once a minute per region for RAW_TAIL_HOURS, the measured one for 24 hours.
  const resultColumns = ["monitor_id", "region_id", "started_at", "status", "status_code", "error_class", "message", "total_us", "dns_us", "connect_us", "tls_us", "first_byte_us", "transfer_us", "tls_expires_at", "assertions", "response_headers", "response_body"];
  const measuredId = Number(MEASURED.split("-")[1]) + 1;
  const failed = JSON.stringify([{ name: "status", ok: false, expected: "200-299", actual: "503", severity: "down" }]);
  const result = (id: number, r: number, at: number, i: number) => {
    const down = (i + id) % 41 === 0;
    return [id, r + 1, at, down ? 2 : 0, down ? 503 : 200, down ? "assertion" : null, down ? "status 503, expected 200-299" : null, 40_000 + ((i * 7 + id) % 50) * 1000,
      2_000, 3_000, 6_000, 25_000, 4_000, Math.floor(now / 1000) + 40 * 86_400, down ? failed : null,
      down ? "content-type: text/html\nretry-after: 30\nserver: nginx" : null, down ? "<html><body><h1>503 Service Unavailable</h1></body></html>" : null];
  };
  for (let minute = 24 * 60; minute > 0; minute -= 10) {
    const rows = [];
    for (let k = 0; k < 10; k++) {
      const at = now - (minute - k) * 60_000;
      const ids = minute - k <= RAW_TAIL_HOURS * 60 ? MONITORS : 0;
      for (let r = 0; r < REGIONS; r++) {
        for (let m = 1; m <= ids; m++) rows.push(result(m, r, at + m, minute - k));
        if (ids === 0) rows.push(result(measuredId, r, at, minute - k));
      }
    }
    await batches(db, "check_results", resultColumns, rows);
  }
  const adminId = await createFirstAdmin(db, EMAIL, PASSWORD, now);
  const { token } = await createSession(db, adminId, now);
  await pulse(db, "coordinator", "*", now, {}, now);
  await db.$client.execute("ANALYZE");
  return { url, db, token, seedMs: performance.now() - t0 };
}

const counted = statementsOf;

interface Case {
  label: string;
  path: string;
  statements: number;
  bytes: number;
  times: number[];
  /** Text the answer must contain (so a sign-in page is never measured by mistake). */
  expect: string;
}

try {
  console.log(`dashboard: ${MONITORS} monitors in ${COMPONENTS} components, ${REGIONS} regions, ${DAYS} days of rollups, ${REQUESTS} warm requests each (after 10 to warm up), loopback`);
  const { url, db, token, seedMs } = await seed();
  console.log(`seeded in ${fmt(seedMs / 1000)} s${process.env.KEEP_BENCH_DB ? ` (kept: ${url})` : ""}`);
  const now = Date.now();
  const session = () => sessionUser(db, token, now);
  // The overview page: the layout's and the page's session checks, then its loaders.
  const overviewLoad = (params: Record<string, string>) => async () => {
    await session();
    await session();
    await Promise.all([loadOverview(db, parseOverviewQuery(params), now), listPulses(db), listAlerts(db, 10), readPageSettings(db), readConfigError(db)]);
  };
  const monitorLoad = (range: string) => async () => {
    await session();
    await session();
    const detail = await monitorDetail(db, MEASURED, { range: parseChartRange({ range }, now).range }, now);
    if (detail) await reliability(db, { monitorId: detail.monitor.id, to: now });
  };
  const cases: Case[] = [
    { label: "overview, first page", path: "/dashboard", statements: await counted(db, overviewLoad({})), bytes: 0, times: [], expect: 'data-testid="monitor-row"' },
    { label: "overview, search", path: "/dashboard?q=monitor-12", statements: await counted(db, overviewLoad({ q: "monitor-12" })), bytes: 0, times: [], expect: 'data-monitor="monitor-12"' },
    { label: "live JSON", path: "/dashboard/overview.json", statements: await counted(db, async () => (await session(), await loadLiveOverview(db, parseOverviewQuery({}), now))), bytes: 0, times: [], expect: '"rows"' },
    { label: "monitor page, 24h", path: `/dashboard/monitors/${MEASURED}?range=24h`, statements: await counted(db, monitorLoad("24h")), bytes: 0, times: [], expect: 'data-source="raw"' },
    { label: "monitor page, 90d", path: `/dashboard/monitors/${MEASURED}?range=90d`, statements: await counted(db, monitorLoad("90d")), bytes: 0, times: [], expect: 'data-source="daily"' },
  ];
  db.$client.close();
  server = await startNextServer(url, PORT);
  const headers = { cookie: `status_session=${token}` };
  const foreign = await fetch(`http://127.0.0.1:${PORT}/dashboard/overview.json`, { headers: { ...headers, origin: "https://evil.example" } });
  if (foreign.status !== 403) throw new Error(`the live JSON answered a foreign Origin with ${foreign.status}, not 403`);
  for (let i = 0; i < 10 + REQUESTS; i++) {
    for (const c of cases) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${PORT}${c.path}`, { headers, redirect: "manual" });
      const body = await res.text();
      const ms = performance.now() - t0;
      if (!res.ok || !body.includes(c.expect)) throw new Error(`GET ${c.path} answered ${res.status} without ${c.expect}`);
      if (i >= 10) c.times.push(ms);
      c.bytes = Buffer.byteLength(body);
    }
  }
  console.log("");
  let allPass = true;
  for (const c of cases) {
    const times = [...c.times].sort((a, b) => a - b);
    const p95 = percentile(times, 95);
    console.log(`${c.label.padEnd(22)} p50 ${fmt(percentile(times, 50))} ms, p95 ${fmt(p95)} ms, max ${fmt(times[times.length - 1])} ms; ${fmt(c.bytes / 1024)} KB; ${c.statements} SQL statements per request`);
    allPass &&= p95 < TARGET_P95_MS;
  }
  console.log("");
  for (const c of cases) {
    const p95 = percentile([...c.times].sort((a, b) => a - b), 95);
    console.log(verdict(`${c.label} server time p95`, `${fmt(p95)} ms`, `< ${TARGET_P95_MS} ms`, p95 < TARGET_P95_MS));
  }
  console.log(`(statements counted in-process on the same loaders; the overview's stay ${cases[0].statements} at any monitor count: lib/dashboard/overview.test.ts)`);
  if (!allPass) process.exitCode = 1;
} finally {
  cleanup();
}
