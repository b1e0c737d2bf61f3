/**
 * Alert latency benchmark: how long from a target going down to the alert email arriving in the
 * SMTP server, in real time, through the real product: probe processes (one per region) and a
 * coordinator process on one SQLite file, config applied by config sync, the default escalation
 * policy telling an email channel at once, delivered by the outbox over SMTP to a loopback SMTP
 * server. The target is a loopback HTTP server switched between 200 and 503.
 *
 * Each run takes the target down for its own fresh monitors at a random phase within the
 * interval, waits for their alert emails, then brings it back and waits for the recovery emails.
 * Fresh monitors per run because flap damping is part of the product: a monitor that changes
 * state 6 times in 30 minutes is flapping and its alerts are held back, so reusing monitors would
 * measure the damping after the third run, not the latency.
 *
 * Target (the issue): at most interval × (m + 1) + 5 s, m the failure threshold.
 *
 *   npm run bench:notify -- --runs 8 --interval 10 --regions 3 --monitors 3 --max-minutes 20
 *   (--worker built: run .next/worker/index.mjs from `npm run build:worker` instead of the sources through tsx)
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { createTestDb } from "../lib/db/test-db";
import { RESULT_STATUS_CODES } from "../lib/checks/types";
import { startSmtpRecorder, type ReceivedMail } from "../lib/notify/test-smtp";
import { fmt, percentile } from "./util";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "8" },
    /** Check interval of every monitor, seconds. */
    interval: { type: "string", default: "10" },
    /** Probe processes, one region each. */
    regions: { type: "string", default: "3" },
    /** Monitors taken down together in each run. */
    monitors: { type: "string", default: "3" },
    /** Stop starting runs after this long (the report covers the runs done). */
    "max-minutes": { type: "string", default: "20" },
    /** "tsx": worker/index.ts through tsx (the sources as they are); "built": .next/worker/index.mjs. */
    worker: { type: "string", default: "tsx" },
    seed: { type: "string" },
  },
});
const RUNS = Number(values.runs);
const intervalS = Number(values.interval);
const intervalMs = intervalS * 1000;
const MONITORS = Number(values.monitors);
const REGION_NAMES = ["eu-west", "us-east", "ap-south", "sa-east", "af-south", "me-central", "ca-central"];
const REGIONS = REGION_NAMES.slice(0, Math.max(1, Math.min(REGION_NAMES.length, Number(values.regions))));
const deadline = Date.now() + Number(values["max-minutes"]) * 60_000;
const builtWorker = resolve(".next/worker/index.mjs");
if (values.worker === "built" && !existsSync(builtWorker)) {
  console.error("--worker built needs .next/worker/index.mjs: run `npm run build:worker` first");
  process.exit(0);
}
// Seeded phases (mulberry32), so a run's phases can be repeated; default a random seed.
const seed = values.seed === undefined ? randomBytes(4).readUInt32LE() : Number(values.seed);
let rngState = seed >>> 0;
const random = () => {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};

const benchStart = Date.now();
const clock = () => `[${new Date(Date.now() - benchStart).toISOString().slice(14, 19)}]`;
const progress = (line: string) => console.log(`${clock()} ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// One secret key for this process (config sync) and the workers (links, decryption), so nothing
// writes a key file anywhere.
process.env.STATUS_SECRET_KEY = randomBytes(32).toString("hex");

// ---------------------------------------------------------------------------------------------
// The world: a switchable target, an SMTP server, a database with the config, the workers.

/** Runs whose monitors answer 503 now. */
const failingRuns = new Set<number>();
const target = createServer((req, res) => {
  const run = Number(/^\/r(\d+)\//.exec(req.url ?? "")?.[1]);
  const down = failingRuns.has(run);
  res.writeHead(down ? 503 : 200, { "content-type": "text/plain" }).end(down ? "down\n" : "ok\n");
});
target.keepAliveTimeout = 1_000;
await new Promise<void>((r) => target.listen(0, "127.0.0.1", r));
const targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
const smtp = await startSmtpRecorder();
const { db, url: databaseUrl, cleanup } = await createTestDb();

const keyOf = (run: number, i: number) => `notify-r${run}-m${i}`;
const yaml = [
  "page:",
  "  name: Notify bench",
  "channels:",
  "  - key: ops-email",
  "    type: email",
  "    to: [ops@example.com]",
  "escalation:",
  "  - key: default",
  "    steps:",
  "      - after: 0s",
  "        channels: [ops-email]",
  "monitors:",
  ...Array.from({ length: RUNS }, (_, r) =>
    Array.from({ length: MONITORS }, (_, i) => [
      `  - key: ${keyOf(r + 1, i + 1)}`,
      `    name: Notify run ${r + 1} monitor ${i + 1}`,
      "    type: http",
      `    interval: ${intervalS}s`,
      `    timeout: ${Math.min(5, intervalS / 2)}s`,
      `    url: ${targetUrl}/r${r + 1}/m${i + 1}`,
    ]).flat(),
  ).flat(),
].join("\n");
await applyConfig(db, parseConfig(yaml, {}));
const monitorRows = await db.all<{ id: number; key: string; failure_threshold: number; success_threshold: number; quorum: number | null }>(
  sql`SELECT id, key, failure_threshold, success_threshold, quorum FROM monitors WHERE archived_at IS NULL`,
);
const monitorByKey = new Map(monitorRows.map((m) => [m.key, m]));
const m = Number(monitorRows[0].failure_threshold);
const r = Number(monitorRows[0].success_threshold);
const targetMs = intervalMs * (m + 1) + 5_000;

const children = new Map<string, ChildProcess>();
const logTails = new Map<string, string[]>();
const workerEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  SMTP_URL: smtp.url,
  SMTP_FROM: "Status bench <status@example.com>",
  PUBLIC_URL: "https://status.example.com",
  STATUS_SECRET_KEY: process.env.STATUS_SECRET_KEY,
};
function startWorker(name: string, args: string[]) {
  const argv = values.worker === "built" ? [builtWorker, ...args] : ["--import", "tsx", resolve("worker/index.ts"), ...args];
  const child = spawn(process.execPath, argv, { env: workerEnv, stdio: ["ignore", "ignore", "pipe"] });
  const tail: string[] = [];
  logTails.set(name, tail);
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    tail.push(...chunk.split("\n").filter(Boolean));
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  });
  child.once("exit", (code, signal) => {
    if (!stopping) progress(`worker ${name} exited (${signal ?? code}); its last lines:\n    ${tail.slice(-10).join("\n    ")}`);
  });
  children.set(name, child);
}

let stopping = false;
let interrupted = false;
function killChildren(signal: NodeJS.Signals) {
  for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill(signal);
}
process.on("exit", () => killChildren("SIGKILL"));
process.on("SIGINT", () => {
  if (interrupted) {
    killChildren("SIGKILL");
    process.exit(0);
  }
  interrupted = true;
  progress("SIGINT: finishing with the runs done so far (again to quit at once)");
});
process.on("SIGTERM", () => {
  killChildren("SIGKILL");
  process.exit(0);
});

for (const region of REGIONS) startWorker(region, ["--role", "probe", "--region", region]);
startWorker("coordinator", ["--role", "coordinator"]);
console.log(
  `notify: ${MONITORS} monitor(s) per run × ${RUNS} runs, interval ${intervalS} s, m=${m} r=${r}, quorum majority of ${REGIONS.length} regions (${REGIONS.join(", ")}); ` +
    `workers: ${REGIONS.length} probe processes + 1 coordinator (${values.worker === "built" ? ".next/worker/index.mjs" : "worker/index.ts via tsx"}); ` +
    `SMTP ${smtp.url}; seed ${seed}`,
);
console.log(`target: alert email within interval × (m + 1) + 5 s = ${fmt(targetMs / 1000)} s of the target going down`);

// ---------------------------------------------------------------------------------------------
// Waiting and reading what the product did.

/** Polls `read` until `ok`; null on timeout or interrupt. */
async function waitFor<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, timeoutMs: number, everyMs = 200): Promise<T | null> {
  const until = Date.now() + timeoutMs;
  while (!interrupted) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) return null;
    await sleep(everyMs);
  }
  return null;
}

async function statuses(ids: number[]) {
  const rows = await db.all<{ monitor_id: number; status: string; regions: number }>(
    sql`SELECT s.monitor_id, s.status, (SELECT count(*) FROM monitor_region_states rs WHERE rs.monitor_id = s.monitor_id) AS regions
        FROM monitor_states s WHERE s.monitor_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`,
  );
  return rows;
}

/** The delivery key an email carries in its Message-ID (lib/notify/email.ts emailMessageId). */
function dedupeKeyOf(mail: ReceivedMail): string {
  const id = mail.parsed.messageId ?? "";
  const local = id.replace(/^</, "").replace(/@[^@]*>?$/, "");
  try {
    return decodeURIComponent(local);
  } catch {
    return local;
  }
}

interface Sample {
  run: number;
  key: string;
  t0: number;
  /** Where t0 fell: the random wait after the monitors were ready. */
  phaseMs: number;
  /** Absolute times (ms); null when not seen. */
  firstFailAt: number | null;
  transitionAt: number | null;
  queuedAt: number | null;
  sendStartAt: number | null;
  deliveredAt: number | null;
  arrivedAt: number | null;
  attempts: number;
  alertEmails: number;
  /** Recovery: target back up at t1. */
  t1: number | null;
  recoveredAt: number | null;
  recoveryArrivedAt: number | null;
  recoveryEmails: number;
  /** The run went to its end (not cut short by SIGINT), so missing emails are misses. */
  complete: boolean;
}

async function alertFacts(monitorId: number, since: number) {
  const [alert] = await db.all<{ id: number; opened_at: number; resolved_at: number | null }>(
    sql`SELECT id, opened_at, resolved_at FROM alerts WHERE kind = 'monitor_down' AND monitor_id = ${monitorId} AND opened_at >= ${since - intervalMs} ORDER BY id LIMIT 1`,
  );
  if (!alert) return null;
  const outbox = await db.all<{ dedupe_key: string; created_at: number; delivered_at: number | null; attempts: number; ok_at: number | null }>(
    sql`SELECT o.dedupe_key, o.created_at, o.delivered_at, o.attempts,
          (SELECT max(t.at) FROM notification_attempts t WHERE t.outbox_id = o.id AND t.ok = 1) AS ok_at
        FROM notification_outbox o WHERE o.alert_id = ${alert.id}`,
  );
  return { alert, outbox };
}

// ---------------------------------------------------------------------------------------------
// The runs.

const samples: Sample[] = [];
const otherMails: string[] = [];
let workersReady = false;
for (let run = 1; run <= RUNS && !interrupted; run++) {
  if (Date.now() > deadline) {
    progress(`time bound of ${values["max-minutes"]} min reached: stopping after ${run - 1} run(s)`);
    break;
  }
  const keys = Array.from({ length: MONITORS }, (_, i) => keyOf(run, i + 1));
  const ids = keys.map((k) => Number(monitorByKey.get(k)!.id));
  // Operational, and every region has reported on each monitor (so quorum counts them all).
  const ready = await waitFor(
    () => statuses(ids),
    (rows) => rows.length === ids.length && rows.every((s) => s.status === "operational" && Number(s.regions) === REGIONS.length),
    workersReady ? 3 * intervalMs : 90_000,
    500,
  );
  if (!ready) {
    if (!interrupted) progress(`run ${run}: monitors not operational in every region in time: ${JSON.stringify(await statuses(ids))}`);
    break;
  }
  if (!workersReady) progress(`workers up: ${keys.length * RUNS} monitors operational in all ${REGIONS.length} regions`);
  workersReady = true;

  // A random phase within the interval, so t0 falls anywhere relative to the check schedule.
  const phaseMs = Math.floor(random() * intervalMs);
  await sleep(phaseMs);
  const mailsBefore = smtp.mails.length;
  const t0 = Date.now();
  failingRuns.add(run);
  progress(`run ${run}/${RUNS}: target down for ${keys.join(", ")} (after a random ${fmt(phaseMs / 1000)} s wait)`);

  const alertKeys = async () => {
    const rows = await db.all<{ id: number; monitor_id: number }>(
      sql`SELECT id, monitor_id FROM alerts WHERE kind = 'monitor_down' AND monitor_id IN (SELECT value FROM json_each(${JSON.stringify(ids)})) AND opened_at >= ${t0 - intervalMs}`,
    );
    return rows;
  };
  const mailsOfRun = () => smtp.mails.slice(mailsBefore);
  const alertMailFor = (alertId: number) => (mail: ReceivedMail) => dedupeKeyOf(mail).startsWith(`alert:${alertId}:step:`);
  const recoveryMailFor = (alertId: number) => (mail: ReceivedMail) => dedupeKeyOf(mail) === `alert:${alertId}:recovery:ops-email`;
  // Alert emails for every monitor of the run; give up at three times the target.
  let alerts = await waitFor(
    async () => ({ alerts: await alertKeys(), mails: mailsOfRun() }),
    (v) => v.alerts.length === ids.length && v.alerts.every((a) => v.mails.some(alertMailFor(Number(a.id)))),
    3 * targetMs,
  );
  if (!alerts) alerts = { alerts: await alertKeys(), mails: mailsOfRun() };
  // Back up at a random phase too (not locked to the check that raised the alert); meanwhile a
  // duplicate, if the product sent one, has time to arrive before the emails are counted.
  await sleep(1_000 + Math.floor(random() * intervalMs));
  const t1 = Date.now();
  failingRuns.delete(run);
  const recovered = await waitFor(
    () => mailsOfRun(),
    (mails) => alerts!.alerts.length > 0 && alerts!.alerts.every((a) => mails.some(recoveryMailFor(Number(a.id)))),
    (r + 3) * intervalMs + 30_000,
  );
  if (!recovered && !interrupted) progress(`run ${run}: recovery emails missing after ${fmt((Date.now() - t1) / 1000)} s`);

  // What the product recorded, monitor by monitor.
  const runSamples: Sample[] = [];
  for (const [i, id] of ids.entries()) {
    const [firstFail] = await db.all<{ at: number | null }>(
      sql`SELECT min(started_at) AS at FROM check_results WHERE monitor_id = ${id} AND status = ${RESULT_STATUS_CODES.down} AND started_at >= ${t0 - 2_000} AND started_at < ${t1}`,
    );
    const [down] = await db.all<{ at: number }>(
      sql`SELECT at FROM monitor_transitions WHERE monitor_id = ${id} AND to_status = 'down' AND at >= ${t0 - 2_000} ORDER BY at LIMIT 1`,
    );
    const [up] = await db.all<{ at: number }>(
      sql`SELECT at FROM monitor_transitions WHERE monitor_id = ${id} AND from_status = 'down' AND to_status = 'operational' AND at >= ${t1 - 2_000} ORDER BY at LIMIT 1`,
    );
    const facts = await alertFacts(id, t0);
    const step = facts?.outbox.find((o) => o.dedupe_key.includes(":step:"));
    const alertId = facts ? Number(facts.alert.id) : -1;
    const mails = smtp.mails.slice(mailsBefore);
    const alertMails = mails.filter(alertMailFor(alertId));
    const recoveryMails = mails.filter(recoveryMailFor(alertId));
    runSamples.push({
      run,
      key: keys[i],
      t0,
      phaseMs,
      firstFailAt: firstFail?.at == null ? null : Number(firstFail.at),
      transitionAt: down ? Number(down.at) : null,
      queuedAt: step ? Number(step.created_at) : null,
      sendStartAt: step?.ok_at == null ? null : Number(step.ok_at),
      deliveredAt: step?.delivered_at == null ? null : Number(step.delivered_at),
      arrivedAt: alertMails[0]?.at ?? null,
      attempts: step ? Number(step.attempts) : 0,
      alertEmails: alertMails.length,
      t1,
      recoveredAt: up ? Number(up.at) : null,
      recoveryArrivedAt: recoveryMails[0]?.at ?? null,
      recoveryEmails: recoveryMails.length,
      complete: !interrupted,
    });
  }
  const alertIds = new Set(alerts.alerts.map((a) => `alert:${a.id}:`));
  for (const mail of smtp.mails.slice(mailsBefore)) {
    const key = dedupeKeyOf(mail);
    if (![...alertIds].some((p) => key.startsWith(p))) otherMails.push(`run ${run}: ${key} "${mail.parsed.subject}"`);
  }
  samples.push(...runSamples);
  const s = (at: number | null, from: number) => (at === null ? "—" : `${fmt((at - from) / 1000)} s`);
  progress(
    `run ${run}: alert emails ${runSamples.filter((x) => x.arrivedAt !== null).length}/${ids.length} after ${runSamples.map((x) => s(x.arrivedAt, t0)).join(", ")} ` +
      `(transition ${runSamples.map((x) => s(x.transitionAt, t0)).join(", ")}); ` +
      `recovery emails ${runSamples.filter((x) => x.recoveryArrivedAt !== null).length}/${ids.length} after ${runSamples.map((x) => s(x.recoveryArrivedAt, t1)).join(", ")}`,
  );
}

// ---------------------------------------------------------------------------------------------
// Report

stopping = true;
killChildren("SIGTERM");
await Promise.race([Promise.all([...children.values()].map((c) => (c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => c.once("exit", r))))), sleep(5_000)]);
killChildren("SIGKILL");

const stats = (list: (number | null)[]) => {
  const xs = list.filter((x): x is number => x !== null).sort((a, b) => a - b);
  return { n: xs.length, p50: percentile(xs, 50), p95: percentile(xs, 95), max: xs.length ? xs[xs.length - 1] : NaN };
};
const sec = (ms: number) => (Number.isFinite(ms) ? `${fmt(ms / 1000)} s` : "n/a");
const between = (from: (x: Sample) => number | null, to: (x: Sample) => number | null) =>
  samples.map((x) => {
    const a = from(x);
    const b = to(x);
    return a === null || b === null ? null : b - a;
  });
const pad = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(" ");

console.log("");
if (samples.length === 0) {
  console.log("no run completed: nothing to report");
} else {
  const runsDone = new Set(samples.map((x) => x.run)).size;
  const widths = [14, 9, 12, 12, 12, 10, 10, 10, 12];
  console.log(pad(["run/monitor", "wait", "1st fail", "transition", "queued", "sent", "arrived", "emails", "recovery"], widths));
  for (const x of samples) {
    const rel = (at: number | null, from: number | null) => (at === null || from === null ? "—" : sec(at - from));
    console.log(
      pad(
        [
          x.key.replace("notify-", ""),
          sec(x.phaseMs),
          rel(x.firstFailAt, x.t0),
          rel(x.transitionAt, x.t0),
          rel(x.queuedAt, x.t0),
          rel(x.sendStartAt, x.t0),
          rel(x.arrivedAt, x.t0),
          `${x.alertEmails}+${x.recoveryEmails}`,
          rel(x.recoveryArrivedAt, x.t1),
        ],
        widths,
      ),
    );
  }
  console.log(
    "wait: random wait before the target went down; times from the target going down (recovery: from it coming back up); " +
      "sent: SMTP send started; emails: alert + recovery emails received",
  );
  console.log("");

  const total = stats(between((x) => x.t0, (x) => x.arrivedAt));
  console.log(`alert email latency (arrival in the SMTP server − target down), ${total.n} of ${samples.length} alerts over ${runsDone} run(s): p50 ${sec(total.p50)}, p95 ${sec(total.p95)}, max ${sec(total.max)}`);
  console.log("where the time goes (p50 / p95 / max):");
  const stage = (label: string, list: (number | null)[]) => {
    const st = stats(list);
    console.log(`  ${label.padEnd(72)} ${sec(st.p50).padStart(8)} ${sec(st.p95).padStart(8)} ${sec(st.max).padStart(8)}`);
  };
  stage("target down → first failing check starts (where t0 fell in the schedule)", between((x) => x.t0, (x) => x.firstFailAt));
  stage(`first failing check → quorum transition (start of the check of round ${m})`, between((x) => x.firstFailAt, (x) => x.transitionAt));
  stage("transition → alert queued (check, probe flush, coordinator tick)", between((x) => x.transitionAt, (x) => x.queuedAt));
  stage("queued → SMTP send starts (outbox delivery pass)", between((x) => x.queuedAt, (x) => x.sendStartAt));
  stage("send starts → mail parsed in the SMTP server", between((x) => x.sendStartAt, (x) => x.arrivedAt));
  const attempts = samples.filter((x) => x.attempts > 1).length;
  if (attempts) console.log(`  ${attempts} alert(s) needed more than one delivery attempt`);
  const recovery = stats(between((x) => x.t1, (x) => x.recoveryArrivedAt));
  const recoveredTransition = stats(between((x) => x.t1, (x) => x.recoveredAt));
  console.log(
    `recovery email latency (arrival − target back up), n=${recovery.n}: p50 ${sec(recovery.p50)}, p95 ${sec(recovery.p95)}, max ${sec(recovery.max)}; ` +
      `recovery transition p50 ${sec(recoveredTransition.p50)}, max ${sec(recoveredTransition.max)} (r = ${r})`,
  );
  for (const line of otherMails.slice(0, 10)) console.log(`unexpected email: ${line}`);
  console.log("");

  // A run cut short by SIGINT did not wait for its recovery emails: judged on complete runs only.
  const judged = samples.filter((x) => x.complete);
  if (judged.length < samples.length) console.log(`run ${samples[samples.length - 1].run} was cut short by SIGINT: left out of the exactly-once count`);
  const exactlyOnce = judged.filter((x) => x.alertEmails === 1 && x.recoveryEmails === 1).length;
  const within = samples.filter((x) => x.arrivedAt !== null && x.arrivedAt - x.t0 <= targetMs).length;
  const line = (name: string, value: string, targetText: string, ok: boolean) => `${name.padEnd(44)} ${value.padEnd(22)} target ${targetText.padEnd(20)} ${ok ? "PASS" : "FAIL"}`;
  console.log(line("alert email latency p95", sec(total.p95), `≤ ${sec(targetMs)}`, total.n === samples.length && total.p95 <= targetMs));
  console.log(line("alert emails within the target", `${within}/${samples.length} (max ${sec(total.max)})`, "all", within === samples.length));
  console.log(line("alert and recovery emailed exactly once", `${exactlyOnce}/${judged.length}`, "all", exactlyOnce === judged.length && otherMails.length === 0));
}
if (samples.some((x) => x.complete && (x.arrivedAt === null || x.recoveryArrivedAt === null))) {
  for (const [name, tail] of logTails) console.log(`\nlast log lines of ${name}:\n  ${tail.slice(-15).join("\n  ")}`);
}

await smtp.close();
target.closeAllConnections();
await new Promise<void>((r) => target.close(() => r()));
cleanup();
process.exit(0);
