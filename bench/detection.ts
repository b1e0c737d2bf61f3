/**
 * Detection benchmark: hours of synthetic time in which monitors suffer scripted outages of
 * various lengths, single-region blips and latency spikes, checked from three regions. Results
 * are written to a real SQLite file the way probes write them, and the real coordinator code
 * (processResultBatch, updateFlapping, markStale, as worker/coordinator.ts calls them) folds them
 * in on a synthetic clock, with the escalation pass (escalate) queuing the team's messages. What
 * reaches a person is scored against the script: the **alerts** it opens (recall, alerts from
 * single-region blips, detection delay) and the messages per flapping episode. The automatic
 * incidents are scored too, as before.
 *
 * An outage is counted as reaching a person when an alert for its monitor opened during it, or
 * was already open when it started (a flapping monitor's alert stays open through its bounces).
 *
 *   npm run bench:detection -- --monitors 30 --hours 3 --interval 30 --tick 1 --seed 42
 */
import { parseArgs } from "node:util";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { createTestDb } from "../lib/db/test-db";
import { listActiveMonitors } from "../lib/monitors/store";
import { ensureRegion } from "../lib/regions/store";
import { insertResults, toResultRow, type NewCheckResultRow } from "../lib/results/store";
import { markStale, processResultBatch, RESULTS_PER_BATCH } from "../lib/coordinator/fold";
import { updateFlapping } from "../lib/coordinator/flapping";
import { escalate } from "../lib/notify/escalation";
import { evenOffsets, nextSlot, stableHash } from "../worker/scheduler";
import {
  causeOf, checkOutcome, eventAt, eventsByMonitor, p50p95, score, scriptEvents, seededRandom,
  type Cause, type IncidentSeen, type OutageOutcome, type ScriptedEvent,
} from "./detection-scenario";
import { fmt } from "./util";

const { values } = parseArgs({
  options: {
    monitors: { type: "string", default: "30" },
    hours: { type: "string", default: "3" },
    /** Check interval of every monitor, seconds. */
    interval: { type: "string", default: "30" },
    /** Coordinator pass every this many synthetic seconds (the worker's tickMs default). */
    tick: { type: "string", default: "1" },
    /** Failure threshold m (consecutive failing rounds per region). */
    threshold: { type: "string", default: "2" },
    seed: { type: "string", default: "42" },
    /** Model the probes' second opinion (worker/probe.ts): other regions re-check a failure at once. */
    "second-opinion": { type: "string", default: "on" },
  },
});
const SECOND_OPINION = values["second-opinion"] !== "off";
const MONITORS = Number(values.monitors);
const HOURS = Number(values.hours);
const intervalS = Number(values.interval);
const intervalMs = intervalS * 1000;
const tickMs = Number(values.tick) * 1000;
const m = Number(values.threshold);
const seed = Number(values.seed);
const REGIONS = ["ap-south", "eu-west", "us-east"];
const TIMEOUT_MS = Math.min(10_000, intervalMs / 2);
const MAX_LATENCY_MS = 2_000;
/** The coordinator's staleness pass period (worker/coordinator.ts staleCheckMs default). */
const STALE_CHECK_MS = 5_000;
/** A probe flushes its buffer every 500 ms (worker/probe.ts flushMs). */
const PROBE_FLUSH_MS = 500;
/** Per-check scheduling lag of a probe, up to. */
const PROBE_LAG_MS = 200;

const wallStart = performance.now();
const random = seededRandom(seed);
// A fixed synthetic start: the same seed gives the same run, whenever it runs.
const T0 = Date.UTC(2025, 0, 6, 0, 0, 0);
const T_END = T0 + HOURS * 3_600_000;
const { db, cleanup } = await createTestDb();

// Monitors through config sync; even-numbered ones have a latency limit, so a spike degrades them.
const keyOf = (i: number) => `det-${String(i).padStart(3, "0")}`;
const hasMaxLatency = (i: number) => i % 2 === 0;
// One team channel behind the default policy (no repeat): every message the team would get is an outbox row.
const yaml = [
  "page:",
  "  name: Detection bench",
  "channels:",
  "  - key: team",
  "    type: webhook",
  "    url: http://127.0.0.1:9/team",
  `    secret: whsec_${Buffer.alloc(32, 7).toString("base64")}`,
  "escalation:",
  "  - key: default",
  "    steps:",
  "      - after: 0s",
  "        channels: [team]",
  "monitors:",
  ...Array.from({ length: MONITORS }, (_, i) => [
    `  - key: ${keyOf(i)}`,
    `    name: Detection ${i}`,
    "    type: http",
    `    interval: ${intervalS}s`,
    `    timeout: ${TIMEOUT_MS}ms`,
    `    failureThreshold: ${m}`,
    `    url: http://127.0.0.1:9/${keyOf(i)}`,
    ...(hasMaxLatency(i) ? [`    maxLatency: ${MAX_LATENCY_MS}ms`] : []),
  ]).flat(),
].join("\n");
await applyConfig(db, parseConfig(yaml, {}), T0 - 60_000);
const active = await listActiveMonitors(db);
const monitorsById = new Map(active.map((row) => [row.id, row]));
const indexById = new Map(active.map((row) => [row.id, Number(row.key.slice(4))]));
const rowByIndex = new Map(active.map((row) => [Number(row.key.slice(4)), row]));
const successThreshold = active[0].successThreshold;

const regionIds = new Map<string, number>();
for (const name of REGIONS) regionIds.set(name, await ensureRegion(db, name, T0 - 60_000));
// Every region checks a monitor in the same slot (worker/probe.ts spaces slots over all monitors);
// regions differ by clock skew and scheduling lag, so their checks land a little apart.
const skewMs = new Map(REGIONS.map((name) => [name, stableHash(name) % 1_000]));
const offsets = evenOffsets(active.map((row) => ({ key: row.key, intervalMs })));

const events = scriptEvents({
  monitors: MONITORS,
  regions: REGIONS,
  intervalMs,
  startMs: T0,
  endMs: T_END,
  leadMs: 3 * intervalMs,
  tailMs: 10 * intervalMs,
  random,
});
const byMonitor = eventsByMonitor(events);

// Every check of the run, with when its probe's flush makes it visible to the coordinator.
type Check = { region: string; at: number; durationMs: number; writeAt: number; down: boolean };
const pending: { writeAt: number; regionId: number; row: NewCheckResultRow }[] = [];
const checksByMonitor = new Map<number, Check[]>();
const runCheck = (i: number, region: string, at: number, rnd: () => number): Check => {
  const row = rowByIndex.get(i)!;
  const regionId = regionIds.get(region)!;
  const { result, durationMs } = checkOutcome(eventAt(byMonitor.get(i), region, at), at, { timeoutMs: TIMEOUT_MS, maxLatencyMs: hasMaxLatency(i) ? MAX_LATENCY_MS : null, random: rnd });
  const writeAt = at + durationMs + Math.floor(rnd() * PROBE_FLUSH_MS);
  pending.push({ writeAt, regionId, row: toResultRow(row.id, regionId, result) });
  return { region, at, durationMs, writeAt, down: result.status === "down" };
};
for (let i = 0; i < MONITORS; i++) {
  const row = rowByIndex.get(i)!;
  const checks: Check[] = [];
  for (const region of REGIONS) {
    for (let slot = nextSlot(row.key, intervalMs, T0, true, offsets.get(row.key)); slot < T_END; slot += intervalMs) {
      checks.push(runCheck(i, region, slot + skewMs.get(region)! + Math.floor(random() * PROBE_LAG_MS), random));
    }
  }
  checksByMonitor.set(i, checks);
}
// Second opinions (worker/probe.ts + Scheduler.runSoon): a failure, once written, is seen by the
// other regions' probes within their poll period, and each re-checks at once, at most once per
// interval, not while its own check runs, and not when its own slot is within a tenth of the
// interval. Their own draws come from a second generator, so the regular checks stay the same.
const SECOND_OPINION_POLL_MS = 500;
let secondOpinions = 0;
if (SECOND_OPINION) {
  const rnd2 = seededRandom(seed + 1);
  for (let i = 0; i < MONITORS; i++) {
    const row = rowByIndex.get(i)!;
    const queue = [...checksByMonitor.get(i)!].sort((a, b) => a.writeAt - b.writeAt);
    const earlyAt = new Map<string, number>();
    const byRegion = new Map(REGIONS.map((r) => [r, queue.filter((c) => c.region === r).sort((a, b) => a.at - b.at)]));
    for (let q = 0; q < queue.length; q++) {
      const c = queue[q];
      if (!c.down) continue;
      for (const region of REGIONS) {
        if (region === c.region) continue;
        const t = c.writeAt + Math.floor(rnd2() * SECOND_OPINION_POLL_MS) + Math.floor(rnd2() * PROBE_LAG_MS);
        if (t >= T_END) continue;
        const last = earlyAt.get(region);
        if (last !== undefined && t - last < intervalMs) continue;
        const ownSlot = nextSlot(row.key, intervalMs, t - skewMs.get(region)!, false, offsets.get(row.key)) + skewMs.get(region)!;
        if (ownSlot - t <= intervalMs / 10) continue;
        const mine = byRegion.get(region)!;
        if (mine.some((x) => x.at <= t && t < x.at + x.durationMs)) continue;
        earlyAt.set(region, t);
        const early = runCheck(i, region, t, rnd2);
        secondOpinions++;
        mine.push(early);
        // In write order, so an early failure can ask the third region in turn.
        let k = q + 1;
        while (k < queue.length && queue[k].writeAt <= early.writeAt) k++;
        queue.splice(k, 0, early);
      }
    }
  }
}
pending.sort((a, b) => a.writeAt - b.writeAt);

// The synthetic clock: probes flush what they have, then one coordinator pass, as in
// CoordinatorRole.tick (which cannot be driven here: it passes Date.now() to processResultBatch).
let next = 0;
const flapSince = new Map<number, number>();
const episodes: { monitor: number; startMs: number; endMs: number | null }[] = [];
let lastStaleCheck = -Infinity;
let processed = 0;
const coordinatorMs: number[] = [];
for (let now = T0; now <= T_END; now += tickMs) {
  const due = new Map<number, NewCheckResultRow[]>();
  for (; next < pending.length && pending[next].writeAt <= now; next++) {
    const p = pending[next];
    const rows = due.get(p.regionId);
    if (rows) rows.push(p.row);
    else due.set(p.regionId, [p.row]);
  }
  for (const rows of due.values()) await insertResults(db, rows);

  const passStart = performance.now();
  const changed: number[] = [];
  for (let i = 0; i < 20; i++) {
    const out = await processResultBatch(db, monitorsById, now);
    processed += out.processed;
    changed.push(...out.transitions.map((t) => t.monitorId));
    if (out.processed < RESULTS_PER_BATCH) break;
  }
  if (changed.length || now - lastStaleCheck >= STALE_CHECK_MS) {
    await updateFlapping(db, changed, now);
    // Flapping episodes: from the mark to its clearing, per monitor.
    const marked = new Set((await db.$client.execute("SELECT monitor_id FROM monitor_states WHERE flapping > 0")).rows.map((r) => Number(r.monitor_id)));
    for (const id of marked) if (!flapSince.has(id)) flapSince.set(id, now);
    for (const [id, since] of flapSince) {
      if (marked.has(id)) continue;
      episodes.push({ monitor: indexById.get(id)!, startMs: since, endMs: now });
      flapSince.delete(id);
    }
  }
  await escalate(db, now);
  if (now - lastStaleCheck >= STALE_CHECK_MS) {
    lastStaleCheck = now;
    await markStale(db, active, now);
  }
  coordinatorMs.push(performance.now() - passStart);
}

for (const [id, since] of flapSince) episodes.push({ monitor: indexById.get(id)!, startMs: since, endMs: null });

// What the coordinator left behind.
const incidentRows = await db.$client.execute(
  "SELECT id, monitor_id, impact, started_at, created_at, resolved_at FROM incidents WHERE source = 'auto' ORDER BY started_at",
);
const incidents: IncidentSeen[] = incidentRows.rows.map((row) => ({
  id: Number(row.id),
  monitor: indexById.get(Number(row.monitor_id))!,
  impact: String(row.impact),
  startedAt: Number(row.started_at),
  createdAt: Number(row.created_at),
  resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
}));
const transitionRows = await db.$client.execute("SELECT monitor_id, at, from_status, to_status, reason FROM monitor_transitions ORDER BY at");
const transitions = transitionRows.rows.map((row) => ({
  monitor: indexById.get(Number(row.monitor_id))!,
  at: Number(row.at),
  from: String(row.from_status),
  to: String(row.to_status),
  reason: String(row.reason),
}));
const alertRows = await db.$client.execute("SELECT id, monitor_id, opened_at, resolved_at FROM alerts WHERE kind = 'monitor_down' ORDER BY opened_at");
const alertsSeen = alertRows.rows.map((row) => ({
  id: Number(row.id),
  monitor: indexById.get(Number(row.monitor_id))!,
  at: Number(row.opened_at),
  resolvedAt: row.resolved_at === null ? null : Number(row.resolved_at),
}));
const alertMonitor = new Map(alertsSeen.map((a) => [a.id, a.monitor]));
const outboxRows = await db.$client.execute("SELECT dedupe_key, alert_id, created_at FROM notification_outbox WHERE alert_id IS NOT NULL");
const messages = outboxRows.rows.map((row) => ({
  key: String(row.dedupe_key),
  monitor: alertMonitor.get(Number(row.alert_id))!,
  at: Number(row.created_at),
  flapping: /:flapping:/.test(String(row.dedupe_key)),
}));
const flappingRows = await db.$client.execute("SELECT count(*) AS n FROM monitor_states WHERE flapping > 0");
const wallS = (performance.now() - wallStart) / 1000;

// ---------------------------------------------------------------------------------------------
// Report

const result = score(events, incidents, intervalMs, hasMaxLatency);
const sec = (ms: number) => `${fmt(ms / 1000)} s`;
const ivl = (ms: number) => fmt(ms / intervalMs, 2);
const clock = (ms: number) => `+${new Date(ms - T0).toISOString().slice(11, 19)}`;
const count = (kind: ScriptedEvent["kind"], where: (e: ScriptedEvent) => boolean = () => true) => events.filter((e) => e.kind === kind && where(e)).length;
const pad = (cells: (string | number)[], widths: number[]) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(" ");

console.log(
  `detection: ${MONITORS} monitors × ${REGIONS.length} regions (${REGIONS.map((name) => `${name} +${skewMs.get(name)} ms`).join(", ")}), ` +
    `interval ${intervalS} s, m=${m} r=${successThreshold}, quorum majority, ${HOURS} h synthetic, coordinator every ${tickMs / 1000} s; seed ${seed}`,
);
console.log(
  `scripted: ${count("outage")} outages (${count("outage", (e) => e.regions.length === REGIONS.length)} all regions, ` +
    `${count("outage", (e) => e.regions.length < REGIONS.length)} two of three), ${count("blip")} single-region blips, ` +
    `${count("spike")} latency spikes (${count("spike", (e) => hasMaxLatency(e.monitor))} on monitors with maxLatency ${MAX_LATENCY_MS} ms, ` +
    `${count("spike", (e) => e.regions.length === 1)} in one region only)`,
);
const passes = p50p95(coordinatorMs);
console.log(`second opinions: ${SECOND_OPINION ? `${secondOpinions} early re-checks (worker/probe.ts; --second-opinion off to leave them out)` : "off"}`);
console.log(`${processed} results folded; coordinator pass p50 ${fmt(passes.p50)} ms, p95 ${fmt(passes.p95)} ms; wall time ${fmt(wallS)} s`);
console.log("");

// Outages by length.
const BUCKETS: { label: string; min: number; max: number }[] = [
  { label: "[1, 2) intervals", min: 1, max: 2 },
  { label: "[2, 3) intervals", min: 2, max: 3 },
  { label: "[3, 5) intervals", min: 3, max: 5 },
  { label: "[5, 10) intervals", min: 5, max: Infinity },
];
const widths = [26, 8, 8, 11, 11, 11, 12, 12, 6];
console.log(pad(["outages", "scripted", "detected", "delay p50", "delay p95", "delay max", "resolve p50", "resolve p95", "dup"], widths));
const row = (label: string, list: OutageOutcome[]) => {
  const delay = p50p95(list.map((o) => o.delayMs));
  const resolve = p50p95(list.map((o) => o.resolveMs));
  const detected = list.filter((o) => o.incidents.length > 0).length;
  const dup = list.filter((o) => o.incidents.length > 1).length;
  console.log(pad([label, list.length, detected, sec(delay.p50), sec(delay.p95), sec(delay.max), sec(resolve.p50), sec(resolve.p95), dup], widths));
};
for (const b of BUCKETS) row(`${b.label}${b.max <= m ? "*" : ""}`, result.outages.filter((o) => o.lengthIntervals >= b.min && o.lengthIntervals < b.max));
row("all regions fail", result.outages.filter((o) => o.event.regions.length === REGIONS.length));
row("2 of 3 regions fail", result.outages.filter((o) => o.event.regions.length < REGIONS.length));
row("all", result.outages);
console.log(`* at most m = ${m} intervals: allowed to miss. dup: outages that opened more than one incident.`);
console.log("");

// Incidents by cause.
const CAUSES: Cause[] = ["outage", "blip", "spike with maxLatency", "spike without maxLatency", "nothing scripted"];
const byImpact = (list: IncidentSeen[]) => {
  const counts = new Map<string, number>();
  for (const i of list) counts.set(i.impact, (counts.get(i.impact) ?? 0) + 1);
  return [...counts].map(([impact, n]) => `${n} ${impact}`).join(", ") || "-";
};
console.log(`automatic incidents: ${incidents.length}`);
for (const cause of CAUSES) {
  const list = result.causes.get(cause) ?? [];
  console.log(`  caused by ${cause.padEnd(26)} ${String(list.length).padStart(5)}   impact: ${byImpact(list)}`);
}
const spikesWithLimit = events.filter((e) => e.kind === "spike" && hasMaxLatency(e.monitor));
const longSpikes = spikesWithLimit.filter((e) => e.regions.length === REGIONS.length && e.endMs - e.startMs >= m * intervalMs);
console.log(`  (a spike in every region of a monitor with maxLatency degrades it by design: ${longSpikes.length} such spikes were at least ${m} intervals long)`);
const transitionCounts = new Map<string, number>();
for (const t of transitions) transitionCounts.set(`${t.from}→${t.to}`, (transitionCounts.get(`${t.from}→${t.to}`) ?? 0) + 1);
const alertCauses = new Map<Cause, number>();
for (const a of alertsSeen) {
  const { cause } = causeOf({ id: a.id, monitor: a.monitor, impact: "", startedAt: a.at, createdAt: a.at, resolvedAt: null }, byMonitor, hasMaxLatency);
  alertCauses.set(cause, (alertCauses.get(cause) ?? 0) + 1);
}
console.log(`monitor-down alerts: ${alertsSeen.length} (${CAUSES.filter((c) => alertCauses.has(c)).map((c) => `${alertCauses.get(c)} ${c}`).join(", ") || "none"}); team messages queued: ${messages.length} (${messages.filter((x) => x.flapping).length} flapping notices)`);
console.log(`transitions: ${[...transitionCounts].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ")}; monitors flapping at the end: ${flappingRows.rows[0].n}`);
console.log("");

const fromOutages = result.causes.get("outage")?.length ?? 0;
const degradedBySpike = result.causes.get("spike with maxLatency")?.length ?? 0;
const mustDetect = result.outages.filter((o) => o.lengthIntervals > m);
const mayMiss = result.outages.filter((o) => o.lengthIntervals <= m);
const detected = (list: OutageOutcome[]) => list.filter((o) => o.incidents.length > 0).length;
const ratio = (a: number, b: number) => `${a}/${b} = ${b ? fmt(a / b, 3) : "n/a"}`;
console.log(`precision (incidents matching an outage / all incidents)                    ${ratio(fromOutages, incidents.length)}`);
console.log(`precision, degraded incidents from spikes on maxLatency monitors left out  ${ratio(fromOutages, incidents.length - degradedBySpike)}`);
console.log(`recall, outages > ${m} intervals                                               ${ratio(detected(mustDetect), mustDetect.length)}`);
console.log(`recall, outages ≤ ${m} intervals (allowed to miss)                            ${ratio(detected(mayMiss), mayMiss.length)}`);
const delay = p50p95(result.outages.map((o) => o.delayMs));
const noticed = p50p95(result.outages.map((o) => o.noticedMs));
const resolve = p50p95(result.outages.map((o) => o.resolveMs));
console.log(`detection delay (incident started_at − outage start)  p50 ${sec(delay.p50)} (${ivl(delay.p50)} intervals), p95 ${sec(delay.p95)} (${ivl(delay.p95)}), max ${sec(delay.max)} (${ivl(delay.max)}); n=${delay.n}`);
console.log(`noticed delay (incident written − outage start)       p50 ${sec(noticed.p50)} (${ivl(noticed.p50)} intervals), p95 ${sec(noticed.p95)} (${ivl(noticed.p95)}), max ${sec(noticed.max)} (${ivl(noticed.max)})`);
console.log(`time to resolve (resolved_at − outage end)            p50 ${sec(resolve.p50)} (${ivl(resolve.p50)} intervals), p95 ${sec(resolve.p95)} (${ivl(resolve.p95)}), max ${sec(resolve.max)} (${ivl(resolve.max)}); n=${resolve.n}`);
const unresolved = result.outages.filter((o) => o.incidents.length > 0 && o.resolveMs === null).length;
if (unresolved) console.log(`  ${unresolved} detected outage(s) still had an open incident at the end`);
// Every region of an all-region outage longer than m intervals goes down, so its incident reaches
// "critical"; the impact it keeps after resolution is what the history shows.
const total = mustDetect.filter((o) => o.event.regions.length === REGIONS.length && o.incidents.length > 0);
const understated = total.filter((o) => o.incidents[o.incidents.length - 1].impact !== "critical");
console.log(`impact kept by incidents of all-region outages > ${m} intervals: ${total.length - understated.length} critical, ${understated.length} lower`);
console.log("");

// Evidence for whatever misses a target.
const transitionsOf = (monitor: number, from: number, to: number) =>
  transitions.filter((t) => t.monitor === monitor && t.at >= from && t.at <= to).map((t) => `${clock(t.at)} ${t.from}→${t.to}: ${t.reason}`);
const describe = (e: ScriptedEvent) =>
  `${keyOf(e.monitor)} ${e.kind} ${clock(e.startMs)}–${clock(e.endMs)} (${ivl(e.endMs - e.startMs)} intervals, ${e.regions.join("+")}${e.error ? `, ${e.error}` : ""}${e.latencyMs ? `, ${e.latencyMs} ms` : ""})`;
const missed = mustDetect.filter((o) => o.incidents.length === 0);
const wrong = [...(result.causes.get("blip") ?? []), ...(result.causes.get("spike without maxLatency") ?? []), ...(result.causes.get("nothing scripted") ?? [])];
const slow = result.outages.filter((o) => o.delayMs !== null && o.delayMs > (m + 1) * intervalMs);
for (const o of missed.slice(0, 10)) {
  console.log(`no incident of its own: ${describe(o.event)}`);
  for (const line of transitionsOf(o.event.monitor, o.event.startMs, o.event.endMs + 3 * intervalMs)) console.log(`    ${line}`);
}
for (const i of wrong.slice(0, 10)) {
  const e = byMonitor.get(i.monitor)?.find((x) => x.startMs <= i.startedAt && i.startedAt < x.endMs);
  console.log(`unwanted incident #${i.id} (${i.impact}) on ${keyOf(i.monitor)} at ${clock(i.startedAt)}: ${e ? describe(e) : "no scripted event"}`);
  for (const line of transitionsOf(i.monitor, i.startedAt - intervalMs, i.startedAt + intervalMs)) console.log(`    ${line}`);
}
for (const o of slow.slice(0, 10)) console.log(`slow detection (${sec(o.delayMs!)}): ${describe(o.event)}`);
for (const o of understated.slice(0, 5)) {
  const i = o.incidents[o.incidents.length - 1];
  console.log(`total outage kept as ${i.impact}: ${describe(o.event)}; incident #${i.id} resolved ${i.resolvedAt === null ? "never" : clock(i.resolvedAt)}`);
}
if (missed.length || wrong.length || slow.length || understated.length) console.log("");

// What reaches a person: alerts, per outage.
const alertsOf = new Map<number, typeof alertsSeen>();
for (const a of alertsSeen) alertsOf.set(a.monitor, [...(alertsOf.get(a.monitor) ?? []), a]);
const flappingEver = new Set(episodes.map((e) => e.monitor));
const alerted = result.outages.map((o) => {
  const list = alertsOf.get(o.event.monitor) ?? [];
  const own = list.find((a) => a.at >= o.event.startMs && a.at < o.event.endMs + 3 * intervalMs);
  const already = list.find((a) => a.at < o.event.startMs && (a.resolvedAt === null || a.resolvedAt >= o.event.startMs));
  return { o, own, already, delayMs: own && !already ? own.at - o.event.startMs : null };
});
const long = alerted.filter((x) => x.o.lengthIntervals > 1.5);
const reached = long.filter((x) => x.own || x.already);
const longFlapping = long.filter((x) => flappingEver.has(x.o.event.monitor));
const alertDelay = p50p95(alerted.map((x) => x.delayMs));
const blipAlerts = alertCauses.get("blip") ?? 0;
console.log(
  `alerts: outages > 1.5 intervals reaching a person ${reached.length}/${long.length} (${reached.filter((x) => !x.own).length} through an alert already open), ` +
    `on monitors that flapped ${longFlapping.filter((x) => x.own || x.already).length}/${longFlapping.length}`,
);
console.log(`alert delay (alert opened − outage start)  p50 ${sec(alertDelay.p50)} (${ivl(alertDelay.p50)} intervals), p95 ${sec(alertDelay.p95)} (${ivl(alertDelay.p95)}), max ${sec(alertDelay.max)} (${ivl(alertDelay.max)}); n=${alertDelay.n}`);
for (const x of long.filter((y) => !y.own && !y.already).slice(0, 10)) {
  console.log(`no alert: ${describe(x.o.event)}`);
  for (const line of transitionsOf(x.o.event.monitor, x.o.event.startMs, x.o.event.endMs + 3 * intervalMs)) console.log(`    ${line}`);
}
// Messages per flapping episode: team messages queued from the flapping mark until three
// intervals after it clears (the recovery that follows), per monitor.
const perEpisode = episodes.map((e) => {
  const until = e.endMs === null ? Infinity : e.endMs + 3 * intervalMs;
  const during = messages.filter((x) => x.monitor === e.monitor && x.at >= e.startMs && x.at <= until);
  return { e, other: during.filter((x) => !x.flapping).length, notices: during.filter((x) => x.flapping).length };
});
const maxOther = Math.max(0, ...perEpisode.map((p) => p.other));
const maxNotices = Math.max(0, ...perEpisode.map((p) => p.notices));
const meanMessages = perEpisode.length ? perEpisode.reduce((n, p) => n + p.other + p.notices, 0) / perEpisode.length : NaN;
console.log(
  `flapping episodes: ${episodes.length} on ${flappingEver.size} monitors (${episodes.filter((e) => e.endMs === null).length} still flapping at the end); ` +
    `messages per episode: down/up max ${maxOther}, flapping notices max ${maxNotices}, mean ${fmt(meanMessages, 2)} in all`,
);
console.log("");

const targetLine = (name: string, value: string, target: string, ok: boolean) => `${name.padEnd(48)} ${value.padEnd(24)} target ${target.padEnd(24)} ${ok ? "PASS" : "FAIL"}`;
const ratioPct = (a: number, b: number) => `${a}/${b} = ${b ? fmt((100 * a) / b, 1) : "n/a"}%`;
console.log(targetLine("recall, outages > 1.5 intervals (alerts)", ratioPct(reached.length, long.length), "100%", reached.length === long.length));
console.log(targetLine("alerts caused by single-region blips", String(blipAlerts), "0", blipAlerts === 0));
console.log(targetLine("alert detection delay p95", `${sec(alertDelay.p95)} (${ivl(alertDelay.p95)} intervals)`, `≤ ${sec(1.5 * intervalMs)} (1.5 intervals)`, alertDelay.p95 <= 1.5 * intervalMs));
console.log(
  targetLine("messages per flapping episode", `${maxOther} + ${maxNotices} flapping notice${maxNotices === 1 ? "" : "s"}`, "≤ 2 + 1 flapping notice", maxOther <= 2 && maxNotices <= 1),
);
// A flapping monitor's bounces share one incident (reopened, or held open): an outage has an incident when one was open during it.
const incidentsOf = new Map<number, IncidentSeen[]>();
for (const i of incidents) incidentsOf.set(i.monitor, [...(incidentsOf.get(i.monitor) ?? []), i]);
const withIncident = mustDetect.filter((o) =>
  (incidentsOf.get(o.event.monitor) ?? []).some((i) => i.startedAt < o.event.endMs + 3 * intervalMs && (i.resolvedAt === null || i.resolvedAt >= o.event.startMs)),
);
console.log(targetLine(`incidents: every outage > ${m} intervals has one`, `${withIncident.length}/${mustDetect.length} (${detected(mustDetect)} its own)`, "all", withIncident.length === mustDetect.length));

cleanup();
process.exit(0);
