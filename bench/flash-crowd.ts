/**
 * A flash crowd during an outage: the built product (`npm start`'s .next/worker/start.mjs: app,
 * probe and coordinator) with 1,000 HTTP monitors against a loopback target, and 50 concurrent
 * clients (autocannon) per URL — the status page, /api/v2/summary.json and a badge — WHILE a few
 * monitors keep flipping between up and down. Prints req/s, p99, errors and timeouts per URL, the
 * data age (how long after the database holds a monitor's new state the cached summary shows it),
 * the probe's scheduling lag p99 during the load (its /metrics histogram), and, as this machine's
 * reference in the same run, the same server's prerendered 404 page and the status page rendered
 * afresh (a request with a session cookie is never answered from the cache). The clients ask for gzip,
 * as browsers and CDNs do (`--identity` for uncompressed bodies).
 *
 *   npm run build && npm run bench:flash-crowd -- [--duration 30] [--connections 50] [--monitors 1000] [--identity]
 *
 * Client and server share the machine: autocannon's own CPU counts against the server's rate.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir, loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import { createClient } from "@libsql/client";
import { freePort, waitFor } from "../e2e/app";
import { setTarget, startSwitchableTarget } from "../e2e/target";
import { fmt, startTargetProcess, verdict } from "./util";

const { values } = parseArgs({
  options: {
    /** Seconds of load per URL. */
    duration: { type: "string", default: "30" },
    connections: { type: "string", default: "50" },
    monitors: { type: "string", default: "1000" },
    /** Seconds between flips of the flipping monitors' target. */
    "flip-every": { type: "string", default: "7" },
    /** Ask for uncompressed bodies (as wrk does) instead of gzip (as every browser and CDN does). */
    identity: { type: "boolean", default: false },
  },
});
/** What the crowd's clients send: browsers and CDNs ask for gzip. */
const ENCODING = values.identity ? "identity" : "gzip, deflate, br";
const DURATION_S = Number(values.duration);
const CONNECTIONS = Number(values.connections);
const MONITORS = Number(values.monitors);
const FLIP_EVERY_MS = Number(values["flip-every"]) * 1000;
/** Monitors whose target flips; each is its own component, so the summary shows its state. */
const FLIPPING = 5;
const COMPONENTS = 100;
/** Seconds of load for the references (the prerendered 404 and the page rendered afresh). */
const REFERENCE_S = Math.min(10, DURATION_S);
const UNCACHED_S = Math.min(5, DURATION_S);
/** Seconds of unmeasured load per URL before the measurements. */
const WARM_S = 5;

if (!existsSync(".next/worker/start.mjs")) {
  console.error("bench:flash-crowd needs a production build: run `npm run build` first.");
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), "bench-flash-crowd-"));
const children: ChildProcess[] = [];
const cleanup = () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
};
process.on("SIGINT", () => (cleanup(), process.exit(130)));

/** 1,000 monitors: FLIPPING that flip (interval 10 s, one failure makes them down) and the rest steady, every 30 s. */
function configYaml(steadyUrl: string, flipUrl: string): string {
  const lines = ["page:", "  name: Flash crowd", "components:"];
  for (let c = 0; c < COMPONENTS; c++) lines.push(`  - key: c-${c}`, `    name: Component ${c}`);
  for (let f = 0; f < FLIPPING; f++) lines.push(`  - key: flip-${f}`, `    name: Flipping ${f}`);
  lines.push("monitors:");
  for (let m = 0; m < MONITORS - FLIPPING; m++) {
    lines.push(`  - key: m-${m}`, `    name: Monitor ${m}`, "    type: http", `    component: c-${m % COMPONENTS}`, "    interval: 30s", "    timeout: 5s", `    url: ${steadyUrl}`);
  }
  for (let f = 0; f < FLIPPING; f++) {
    lines.push(`  - key: flip-${f}`, `    name: Flipping ${f}`, "    type: http", `    component: flip-${f}`, "    interval: 10s", "    timeout: 2s", "    failureThreshold: 1", "    successThreshold: 1", `    url: ${flipUrl}`);
  }
  return `${lines.join("\n")}\n`;
}

/** The probe's scheduling-lag histogram from /metrics: cumulative counts by bucket bound (seconds). */
async function schedulerLagBuckets(metricsPort: number): Promise<Map<number, number>> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const buckets = new Map<number, number>();
  for (const match of text.matchAll(/^status_scheduler_lag_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)/gm)) {
    const le = match[1] === "+Inf" ? Infinity : Number(match[1]);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** The smallest bucket bound holding 99 % of the checks started between two scrapes. */
function lagP99(before: Map<number, number>, after: Map<number, number>): { boundS: number; checks: number } {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Infinity) ?? 0) - (before.get(Infinity) ?? 0);
  for (const le of bounds) if ((after.get(le)! - (before.get(le) ?? 0)) >= 0.99 * total) return { boundS: le, checks: total };
  return { boundS: Infinity, checks: total };
}

/**
 * Watches the flipping monitors in the database and in the cached summary, every 100 ms: each
 * time the database holds a state the summary does not show yet, the time until it does is a sample.
 */
function watchDataAge(base: string, dbUrl: string) {
  const db = createClient({ url: dbUrl });
  const samples: number[] = [];
  const pendingSince = new Map<string, number>();
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const rows = await db.execute("SELECT m.name, s.status FROM monitor_states s JOIN monitors m ON m.id = s.monitor_id WHERE m.key LIKE 'flip-%'");
      const summary = (await (await fetch(`${base}/api/v2/summary.json`)).json()) as { components: { name: string; status: string }[] };
      const shown = new Map(summary.components.map((c) => [c.name, c.status === "operational"]));
      const now = performance.now();
      for (const row of rows.rows) {
        const name = String(row.name);
        if ((row.status === "operational") !== shown.get(name)) {
          if (!pendingSince.has(name)) pendingSince.set(name, now);
        } else if (pendingSince.has(name)) {
          samples.push(now - pendingSince.get(name)!);
          pendingSince.delete(name);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      db.close();
      return samples;
    },
  };
}

interface Load {
  rps: number;
  p99: number;
  errors: number;
  timeouts: number;
  non2xx: number;
}

async function load(url: string, seconds: number, headers: Record<string, string> = {}): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, timeout: 10, headers: { "accept-encoding": ENCODING, ...headers } });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx };
}

const line = (label: string, r: Load) =>
  `${label.padEnd(40)} ${fmt(r.rps, 0).padStart(7)} req/s, p99 ${fmt(r.p99, 0).padStart(5)} ms, errors ${r.errors}, timeouts ${r.timeouts}, non-2xx ${r.non2xx}`;

try {
  const steady = await startTargetProcess();
  children.push(steady.child);
  const flip = await startSwitchableTarget(true);
  writeFileSync(join(dir, "status.config.yaml"), configYaml(`${steady.url}/ok`, `${flip.url}/check`));
  const port = await freePort();
  const metricsPort = await freePort();
  const dbUrl = `file:${join(dir, "status.db")}`;
  const base = `http://127.0.0.1:${port}`;
  // As `npm start` runs it.
  const product = spawn(process.execPath, ["--max-old-space-size=160", "--max-semi-space-size=4", "--heap-growing-percent=25", "--v8-pool-size=1", ".next/worker/start.mjs"], {
    env: { ...process.env, MALLOC_ARENA_MAX: "2", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: dbUrl, STATUS_CONFIG: join(dir, "status.config.yaml"), METRICS_PORT: String(metricsPort), LOG_LEVEL: "warn" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  children.push(product);
  await waitFor(`${base}/api/v2/status.json`, 120_000);
  // Every steady monitor checked at least once (30 s interval), so the page shows data, not "no data".
  console.log(`flash crowd: ${MONITORS} monitors (${FLIPPING} flipping every ${FLIP_EVERY_MS / 1000} s), ${CONNECTIONS} connections, ${DURATION_S} s per URL, Accept-Encoding: ${ENCODING}; warming up 35 s`);
  await new Promise((r) => setTimeout(r, 35_000));
  let up = true;
  const flipper = setInterval(() => void setTarget(flip.url, (up = !up) ? "up" : "down"), FLIP_EVERY_MS);

  const urls = [
    ["/ (status page)", `${base}/`],
    ["/api/v2/summary.json", `${base}/api/v2/summary.json`],
    ["/badge/component/c-0/status.svg", `${base}/badge/component/c-0/status.svg`],
  ] as const;
  // Every URL once under the same load, unmeasured, so none is measured against a cold JIT or first renders.
  for (const [, url] of urls) await load(url, WARM_S);
  const results: { label: string; load: Load; ages: number[]; lag: { boundS: number; checks: number } }[] = [];
  for (const [label, url] of urls) {
    const lagBefore = await schedulerLagBuckets(metricsPort);
    const watcher = watchDataAge(base, dbUrl);
    const measured = await load(url, DURATION_S);
    const ages = await watcher.stop();
    const lag = lagP99(lagBefore, await schedulerLagBuckets(metricsPort));
    results.push({ label, load: measured, ages, lag });
    console.log(`${line(label, measured)}; data age max ${ages.length ? fmt(Math.max(...ages) / 1000, 2) : "n/a"} s (${ages.length} flips seen); probe lag p99 ≤ ${lag.boundS} s (${lag.checks} checks)`);
  }
  const reference = await load(`${base}/no-such-page`, REFERENCE_S);
  console.log(line(`reference: prerendered 404 (${REFERENCE_S} s)`, reference).replace("non-2xx", "404s"));
  const uncached = await load(`${base}/`, UNCACHED_S, { cookie: "status_session=bench" });
  console.log(line(`reference: / rendered afresh (${UNCACHED_S} s)`, uncached));
  clearInterval(flipper);
  await flip.close();

  const [l1, l5, l15] = loadavg();
  console.log(`\nload average while measuring: ${fmt(l1, 2)} ${fmt(l5, 2)} ${fmt(l15, 2)} (shared machine: figures are noisy when others run)`);
  for (const r of results) {
    const maxAge = r.ages.length ? Math.max(...r.ages) / 1000 : NaN;
    console.log(verdict(`${r.label} req/s`, `${fmt(r.load.rps, 0)} (${fmt(r.load.rps / reference.rps, 2)}× 404)`, ">= 2,000", r.load.rps >= 2000));
    console.log(verdict(`${r.label} p99`, `${fmt(r.load.p99, 0)} ms`, "< 100 ms", r.load.p99 < 100));
    console.log(verdict(`${r.label} errors+timeouts`, String(r.load.errors + r.load.timeouts + r.load.non2xx), "0", r.load.errors + r.load.timeouts + r.load.non2xx === 0));
    console.log(verdict(`${r.label} data age`, `${fmt(maxAge, 2)} s`, "<= 5 s", r.ages.length > 0 && maxAge <= 5));
    console.log(verdict(`${r.label} probe lag p99`, `≤ ${r.lag.boundS} s`, "< 1 s", r.lag.boundS < 1));
  }
  console.log(`cached / against / rendered afresh: ${fmt(results[0].load.rps / uncached.rps, 1)}×`);
} finally {
  cleanup();
}
