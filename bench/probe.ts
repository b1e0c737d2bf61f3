/**
 * Probe benchmark: N HTTP monitors against a loopback target, with the real probe and
 * coordinator roles on a real SQLite file. Prints throughput, scheduling lag, spread, CPU per
 * check, event-loop delay, RSS, database bytes per stored result, and how long after a restart
 * every monitor has been checked again.
 *
 *   npm run bench:probe -- --monitors 10000 --interval 30 --seconds 90
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { Client } from "undici";
import { openDb } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { monitors } from "../lib/db/schema";
import { CHECK_CONFIG_SCHEMAS } from "../lib/config/schema";
import { foldRollups } from "../lib/coordinator/fold";
import { PACK_AFTER_MS } from "../lib/results/blocks";
import { DEFAULT_RETENTION } from "../lib/results/retention-policy";
import { applyRetention } from "../lib/results/retention";
import { CoordinatorRole } from "../worker/coordinator";
import { ProbeRole } from "../worker/probe";
import { fmt, percentile, startTargetProcess, verdict } from "./util";

const { values } = parseArgs({
  options: {
    monitors: { type: "string", default: "10000" },
    interval: { type: "string", default: "30" },
    seconds: { type: "string", default: "90" },
    concurrency: { type: "string", default: "200" },
    /** Share of each check type, e.g. "http=70,tcp=10,tls=10,dns=10" (default: all http). */
    mix: { type: "string", default: "http=100" },
    /** Internal: run only the bare baseline against this URL, in this (child) process, and print its CPU per request. */
    bare: { type: "string" },
  },
});
const N = Number(values.monitors);
const intervalS = Number(values.interval);
const seconds = Number(values.seconds);
const intervalMs = intervalS * 1000;

// Baseline in the same run: bare undici requests, each on a fresh connection (a new Client,
// closed after the body), paced at the same rate. The floor a check cannot go below here.
// It runs in a child process, before and after the probe (the mean is used), so that its
// sockets and buffers do not count in the worker's RSS and a change in the machine's load
// during the run weighs on both sides alike.
async function bareBaselineCpuMs(url: string, ratePerS: number, durationMs: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  const inflight = new Set<Promise<void>>();
  while (performance.now() - started < durationMs) {
    const due = Math.floor(((performance.now() - started) / 1000) * ratePerS);
    for (; sent < due; sent++) {
      const p = (async () => {
        const client = new Client(url);
        const res = await client.request({ path: "/ok", method: "GET" });
        await res.body.dump();
        await client.close();
      })().catch(() => {});
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await Promise.all(inflight);
  const cpu = process.cpuUsage(cpu0);
  return (cpu.user + cpu.system) / 1000 / Math.max(1, sent);
}
const BARE_BASELINE_MS = 10_000;
if (values.bare) {
  console.log(JSON.stringify({ cpuMs: await bareBaselineCpuMs(values.bare, N / intervalS, BARE_BASELINE_MS) }));
  process.exit(0);
}
/** This script with --bare in a child process (same Node flags): the bare request's CPU in ms. */
async function bareBaselineInChild(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], "--bare", target.url, "--monitors", String(N), "--interval", String(intervalS)], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout!.on("data", (chunk) => (out += chunk));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`bare baseline exited with ${code}`);
  return (JSON.parse(out.trim().split("\n").pop()!) as { cpuMs: number }).cpuMs;
}

const dir = mkdtempSync(join(tmpdir(), "bench-probe-"));
const target = await startTargetProcess();
const db = await openDb(`file:${join(dir, "bench.db")}`);
await runMigrations(db);

const now = Date.now();
// One normalized check config per type, as config sync would store it.
const CONFIGS = {
  http: CHECK_CONFIG_SCHEMAS.http.parse({ url: `${target.url}/ok` }),
  tcp: CHECK_CONFIG_SCHEMAS.tcp.parse({ host: "127.0.0.1", port: target.httpPort }),
  tls: CHECK_CONFIG_SCHEMAS.tls.parse({ host: "127.0.0.1", port: target.httpsPort, allowSelfSigned: true, expiryWarning: "1d" }),
  dns: CHECK_CONFIG_SCHEMAS.dns.parse({ query: "bench.test", server: target.dnsServer }),
} as const;
type MixType = keyof typeof CONFIGS;
const mix = values.mix!.split(",").map((part) => {
  const [type, share] = part.split("=");
  if (!(type in CONFIGS)) throw new Error(`--mix: unknown type ${type}; use http, tcp, tls, dns`);
  return { type: type as MixType, share: Number(share) };
});
const shareTotal = mix.reduce((a, m) => a + m.share, 0);
const typeOf = (j: number): MixType => {
  let x = ((j * 7919) % 1000) / 1000 * shareTotal;
  for (const m of mix) if ((x -= m.share) < 0) return m.type;
  return mix[mix.length - 1].type;
};
const countsByType = new Map<MixType, number>();
for (let i = 0; i < N; i += 1000) {
  const rows = [];
  for (let j = i; j < Math.min(N, i + 1000); j++) {
    const type = typeOf(j);
    countsByType.set(type, (countsByType.get(type) ?? 0) + 1);
    rows.push({ key: `bench-${j}`, name: `Bench ${j}`, type, checkConfig: CONFIGS[type] as Record<string, unknown>, intervalS, timeoutMs: 10_000, configHash: `h${j}`, createdAt: now, updatedAt: now });
  }
  await db.insert(monitors).values(rows);
}
console.log(`${N} monitors (${[...countsByType].map(([t, n]) => `${n} ${t}`).join(", ")}) every ${intervalS}s; ${seconds}s run; database ${dir}`);

const bareBefore = await bareBaselineInChild();

// Measurements: only after the first interval, when every monitor has had its first slot.
const lags: number[] = [];
const startsPerSecond = new Map<number, number>();
let measuring = false;
/** Which part of the run the worker is in, to say where its RSS peaked. */
let phase = "first interval";
let phaseAtMax = phase;
let checksMeasured = 0;
const eld = monitorEventLoopDelay({ resolution: 10 });
let rssMax = 0;
let memAtMax = process.memoryUsage();
let rssMaxMeasuring = 0;
const rssTimer = setInterval(() => {
  const m = process.memoryUsage();
  if (measuring) rssMaxMeasuring = Math.max(rssMaxMeasuring, m.rss);
  if (m.rss > rssMax) {
    rssMax = m.rss;
    phaseAtMax = phase;
    memAtMax = m;
  }
}, 250);

let probe: ProbeRole | undefined = new ProbeRole({
  db,
  region: "bench",
  concurrency: Number(values.concurrency),
  onCheckStart: (_id, lag) => {
    if (!measuring) return;
    lags.push(lag);
    const sec = Math.floor(Date.now() / 1000);
    startsPerSecond.set(sec, (startsPerSecond.get(sec) ?? 0) + 1);
  },
  onCheckDone: () => void (measuring && checksMeasured++),
});
const coordinator = new CoordinatorRole({ db });
await probe.start();
coordinator.start();

await new Promise((r) => setTimeout(r, intervalMs));
measuring = true;
phase = "measuring";
eld.enable();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, Math.max(1, seconds * 1000 - intervalMs)));
const elapsedS = (performance.now() - t0) / 1000;
// For memory investigations: BENCH_HEAP_SNAPSHOT=/tmp/x.heapsnapshot writes one here.
if (process.env.BENCH_HEAP_SNAPSHOT) (await import("node:v8")).writeHeapSnapshot(process.env.BENCH_HEAP_SNAPSHOT);
const cpu = process.cpuUsage(cpu0);
measuring = false;
eld.disable();

// Restart: a new probe must check every monitor again within one interval.
await probe.stop();
// A real restart is a new process: the stopped probe's jobs must not count in this one's RSS.
probe = undefined;
const restartAt = Date.now();
phase = "restart";
const seenAfterRestart = new Map<number, number>();
const probe2 = new ProbeRole({
  db,
  region: "bench",
  concurrency: Number(values.concurrency),
  onCheckStart: (id) => void (seenAfterRestart.has(id) || seenAfterRestart.set(id, Date.now() - restartAt)),
});
await probe2.start();
const startupMs = Date.now() - restartAt;
await new Promise((r) => setTimeout(r, intervalMs + 2_000));
await probe2.stop();
await new Promise((r) => setTimeout(r, 3_000)); // let the coordinator fold the last results
await coordinator.stop();
clearInterval(rssTimer);
const bareAfter = await bareBaselineInChild();
const bareCpuMs = (bareBefore + bareAfter) / 2;

// Storage: bytes of the results table and its index, and of the rollups, per stored result.
// Rollups fold every few minutes (ROLLUP_FOLD_EVERY_MS): fold the rest before measuring them.
while ((await foldRollups(db, Date.now())).processed > 0);
await db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
const [{ n: results }] = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM check_results`);
const byOutcome = await db.all<{ type: string; status: number; n: number }>(
  sql`SELECT m.type AS type, r.status AS status, count(*) AS n FROM check_results r JOIN monitors m ON m.id = r.monitor_id GROUP BY 1, 2`,
);
const sizes = await db.all<{ name: string; bytes: number; used: number }>(
  sql`SELECT name, sum(pgsize) AS bytes, sum(pgsize - unused) AS used FROM dbstat GROUP BY name`,
);
const bytesOf = (names: string[]) => sizes.filter((s) => names.some((n) => s.name.startsWith(n))).reduce((a, s) => a + Number(s.bytes), 0);
const resultBytes = bytesOf(["check_results"]);
const rollupBytes = bytesOf(["rollups_", "sqlite_autoindex_rollups_"]);
const [{ hourly, daily }] = await db.all<{ hourly: number; daily: number }>(
  sql`SELECT (SELECT count(*) FROM rollups_hourly) AS hourly, (SELECT count(*) FROM rollups_daily) AS daily`,
);
// Steady state: one hourly row per monitor-hour and one daily row per monitor-day.
const rollupBytesPerRow = rollupBytes / Math.max(1, Number(hourly) + Number(daily));
const resultsPerMonitorHour = 3600 / intervalS;
const steadyRollupPerResult = (rollupBytesPerRow * (1 + 1 / 24)) / resultsPerMonitorHour;

// Results older than PACK_AFTER_MS are packed into blocks (lib/results/blocks.ts): pack these as
// retention would a day later, and weigh a full row and a packed result over the raw window.
const packedReport = await applyRetention(db, Date.now() + PACK_AFTER_MS + 3_600_000, { budgetMs: 600_000 });
await db.run(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
const packedSizes = await db.all<{ name: string; bytes: number }>(sql`SELECT name, sum(pgsize) AS bytes FROM dbstat WHERE name LIKE 'check_result_blocks%' GROUP BY name`);
const packedBytesPerResult = packedSizes.reduce((a, s) => a + Number(s.bytes), 0) / Math.max(1, packedReport.packed);
const rawDays = DEFAULT_RETENTION.rawMs / 86_400_000;
const packDays = PACK_AFTER_MS / 86_400_000;
const steadyBytesPerResult = (packDays * (resultBytes / Number(results)) + (rawDays - packDays) * packedBytesPerResult) / rawDays + steadyRollupPerResult;

lags.sort((a, b) => a - b);
const counts = [...startsPerSecond.entries()].sort((a, b) => a[0] - b[0]).slice(1, -1).map(([, c]) => c);
const mean = counts.reduce((a, b) => a + b, 0) / Math.max(1, counts.length);
const busiest = Math.max(...counts);
const scheduledRate = N / intervalS;
const achievedRate = checksMeasured / elapsedS;
const cpuMsPerCheck = (cpu.user + cpu.system) / 1000 / Math.max(1, checksMeasured);
const restartTimes = [...seenAfterRestart.values()].sort((a, b) => a - b);
const allRechecked = seenAfterRestart.size === N;
const eldP99Ms = eld.percentile(99) / 1e6;

console.log("");
console.log(`results by type and status (0 up, 1 degraded, 2 down): ${byOutcome.map((o) => `${o.type}/${o.status}: ${o.n}`).join(", ")}`);
console.log(`checks/second achieved ${fmt(achievedRate)} of ${fmt(scheduledRate)} scheduled`);
console.log(`scheduling lag p50 ${fmt(percentile(lags, 50))} ms, p99 ${fmt(percentile(lags, 99))} ms, max ${fmt(lags[lags.length - 1] ?? NaN)} ms`);
console.log(`spread: busiest second ${busiest} starts, mean ${fmt(mean)} per second (${fmt(busiest / mean, 2)}x)`);
console.log(`CPU per check ${fmt(cpuMsPerCheck, 3)} ms (user+system of the worker process, probe + coordinator + writes); a bare undici request on a fresh connection at the same rate, in a child process: ${fmt(bareCpuMs, 3)} ms (${fmt(bareBefore, 3)} before the probe, ${fmt(bareAfter, 3)} after; ${fmt(cpuMsPerCheck / bareCpuMs, 2)}x)`);
console.log(`event-loop delay p99 ${fmt(eldP99Ms)} ms`);
const mb = (n: number) => `${fmt(n / 1048576)} MB`;
console.log(`worker RSS max ${mb(rssMax)} over the run, in the ${phaseAtMax} (${mb(rssMaxMeasuring)} while measuring; at the max: heap used ${mb(memAtMax.heapUsed)} of ${mb(memAtMax.heapTotal)}, external ${mb(memAtMax.external)}, array buffers ${mb(memAtMax.arrayBuffers)})`);
console.log(`stored: ${results} results, ${resultBytes} bytes (table + index) = ${fmt(resultBytes / Number(results))} B/result; rollups ${fmt(rollupBytesPerRow)} B/row → ${fmt(steadyRollupPerResult, 2)} B/result at steady state`);
console.log(`packed a day later: ${packedReport.packed} results at ${fmt(packedBytesPerResult)} B each (blocks + key index); over the ${rawDays}-day raw window (${packDays} d as rows, ${rawDays - packDays} d packed) with rollups: ${fmt(steadyBytesPerResult)} B/result`);
const lastRecheckS = ((restartTimes[restartTimes.length - 1] ?? NaN) - startupMs) / 1000;
console.log(`after restart: start-up (reading ${N} monitors) ${startupMs} ms, then ${seenAfterRestart.size}/${N} monitors checked again, the last one ${fmt(lastRecheckS, 2)} s later (interval ${intervalS} s)`);
console.log("");
console.log(verdict("throughput (achieved/scheduled)", fmt(achievedRate / scheduledRate, 3), ">= 0.98", achievedRate / scheduledRate >= 0.98));
console.log(verdict("scheduling lag p99", `${fmt(percentile(lags, 99))} ms`, "< 1000 ms", percentile(lags, 99) < 1000));
console.log(verdict("busiest second / mean", fmt(busiest / mean, 2), "<= 1.5", busiest / mean <= 1.5));
// CPU as a ratio to the bare request measured in this run: comparable on a shared, loaded machine.
console.log(verdict("CPU per check / bare request", fmt(cpuMsPerCheck / bareCpuMs, 2), "<= 1.25", cpuMsPerCheck / bareCpuMs <= 1.25));
console.log(verdict("worker RSS", `${fmt(rssMax / 1048576)} MB`, "< 170 MB", rssMax < 170 * 1048576));
console.log(verdict("DB bytes per result, raw window (incl. rollups)", fmt(steadyBytesPerResult), "<= 60", steadyBytesPerResult <= 60));
console.log(verdict("all re-checked after restart within", `${fmt(lastRecheckS, 2)} s`, `<= ${intervalS} s`, allRechecked && lastRecheckS <= intervalS));

target.child.kill();
db.$client.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
