/**
 * Faults benchmark: kill -9 of the worker (`--role all`, as `npm start` runs it) in the middle of
 * its result batches, 20 times in a row, on one SQLite file with 100 monitors at a 5 s interval,
 * one of them down from the start (one incident, one alert, one webhook message). Every other
 * restart waits for the new process to take the coordinator lease and fold, so that half the
 * kills hit an acting coordinator. Prints per kill and in total: committed results lost,
 * duplicate incidents, alerts and deliveries, and how long after a restarted process's first check
 * every monitor had been checked again (target: one interval), with its start-up time apart.
 * worker/kill-9.system.test.ts runs the same scenario with two kills.
 *
 *   npm run bench:faults -- [--kills 20]
 */
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { LEASE_DURATION_MS } from "../lib/workers/lease";
import { waitUntil } from "../lib/testing/wait";
import { KillScenario } from "../worker/kill-scenario";
import { fmt, percentile, verdict } from "./util";

const { values } = parseArgs({ options: { kills: { type: "string", default: "20" } } });
const KILLS = Number(values.kills);
const INTERVAL_S = 5;

// One key for this process (which stores the channel's secret) and the workers (which read it), as in the tests.
process.env.STATUS_SECRET_KEY ||= randomBytes(32).toString("hex");
const scenario = await KillScenario.create({ upMonitors: 99, intervalS: INTERVAL_S, timeoutMs: 4_500 });
let ok = false;
try {
  const t0 = Date.now();
  let worker = await scenario.startWorker();
  const startupMs = [worker.readyAt - worker.spawnedAt];
  await waitUntil("the alert for the down monitor to be delivered", () => scenario.counts(), (c) => c.delivered === 1, 60_000);

  let lost = 0;
  const resumeMs: number[] = [];
  console.log("kill  committed  lost  all checked again (ms after the first check)  start-up to first check (ms)  coordinator killed");
  for (let kill = 1; kill <= KILLS; kill++) {
    const acting = kill % 2 === 0;
    if (acting) await scenario.coordinatorActing(worker.pid, LEASE_DURATION_MS + 30_000);
    const committed = await scenario.killMidBatch();
    worker = await scenario.startWorker();
    startupMs.push(worker.readyAt - worker.spawnedAt);
    const lostNow = await scenario.lost(committed);
    lost += lostNow;
    const resumed = await scenario.resumedAfter(worker.readyAt, 60_000);
    resumeMs.push(resumed);
    console.log(`${String(kill).padStart(4)}  ${String(committed.count).padStart(9)}  ${String(lostNow).padStart(4)}  ${String(resumed).padStart(44)}  ${String(startupMs.at(-1)).padStart(28)}  ${acting ? "yes" : "no (waiting for the lease)"}`);
  }
  await scenario.coordinatorActing(worker.pid, LEASE_DURATION_MS + 30_000);
  // A few more rounds of the last coordinator: nothing more is opened or sent.
  await new Promise((r) => setTimeout(r, 3 * INTERVAL_S * 1_000));
  const c = await scenario.counts();
  const integrity = await scenario.integrity();
  const sortedResume = [...resumeMs].sort((a, b) => a - b);
  const sortedStartup = [...startupMs].sort((a, b) => a - b);
  // One interval, plus a tenth of it for the scheduling lag of a loaded machine.
  const resumeBudgetMs = INTERVAL_S * 1_100;

  console.log(`\n${KILLS} kills in ${fmt((Date.now() - t0) / 1_000, 0)} s; load average ${loadavg().map((l) => fmt(l, 2)).join(" ")} (2 shared cores: timings are noisy)`);
  console.log(`every monitor checked again after a restart's first check: p50 ${percentile(sortedResume, 50)} ms, max ${sortedResume.at(-1)} ms (interval ${INTERVAL_S * 1_000} ms); start-up to the first check: p50 ${percentile(sortedStartup, 50)} ms, max ${sortedStartup.at(-1)} ms`);
  const lines = [
    verdict("committed results lost", String(lost), "0", lost === 0),
    verdict("incidents (1 monitor down)", String(c.incidents), "1", c.incidents === 1),
    verdict("alerts", String(c.alerts), "1", c.alerts === 1),
    verdict("messages queued", `${c.queued} (${c.keys.join(", ")})`, "1", c.queued === 1),
    verdict("deliveries of one message", String(c.deliveriesPerMessage), "1", c.deliveriesPerMessage === 1),
    verdict("schedule resumed (max)", `${sortedResume.at(-1)} ms`, `<= ${resumeBudgetMs} ms`, sortedResume.at(-1)! <= resumeBudgetMs),
    verdict("PRAGMA integrity_check", integrity, "ok", integrity === "ok"),
  ];
  console.log(lines.join("\n"));
  ok = lines.every((l) => l.endsWith("PASS"));
} finally {
  await scenario.close(ok);
}
process.exit(ok ? 0 : 1);
