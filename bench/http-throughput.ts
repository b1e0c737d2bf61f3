/**
 * HTTP check throughput against a bare undici loop, in the same run: both open a fresh
 * connection per request to the same loopback target, at the same concurrency, as fast as
 * they can. Target: the check reaches at least 70% of the bare loop's rate.
 *
 *   npm run bench:http -- --requests 5000 --concurrency 50
 */
import { parseArgs } from "node:util";
import { Client } from "undici";
import { runHttpCheck } from "../lib/checks/http";
import { httpCheckConfigSchema } from "../lib/checks/http";
import { fmt, startTargetProcess, verdict } from "./util";

const { values } = parseArgs({ options: { requests: { type: "string", default: "5000" }, concurrency: { type: "string", default: "50" }, rounds: { type: "string", default: "3" } } });
const total = Number(values.requests);
const concurrency = Number(values.concurrency);
const target = await startTargetProcess();
const config = httpCheckConfigSchema.parse({ url: `${target.url}/ok` });

async function loop(name: string, once: () => Promise<boolean>) {
  let started = 0;
  let failures = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started < total) {
        started++;
        if (!(await once())) failures++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { name, rate: total / seconds, cpuMs: (cpu.user + cpu.system) / 1000 / total, failures };
}

const bare = () =>
  (async () => {
    const client = new Client(target.url);
    try {
      const res = await client.request({ path: "/ok", method: "GET" });
      await res.body.dump();
      return res.statusCode === 200;
    } finally {
      await client.close();
    }
  })().catch(() => false);
const check = async () => (await runHttpCheck(config, { timeoutMs: 10_000 })).status === "up";

// Warm both paths up, then alternate rounds so neither gets the machine's better moments.
await loop("warm-up", bare);
await loop("warm-up", check);
const bareRuns = [];
const checkRuns = [];
for (let r = 0; r < Number(values.rounds); r++) {
  bareRuns.push(await loop("bare undici", bare));
  checkRuns.push(await loop("http check", check));
}
const best = (runs: Awaited<ReturnType<typeof loop>>[]) => runs.reduce((a, b) => (b.rate > a.rate ? b : a));
const b = best(bareRuns);
const c = best(checkRuns);
console.log(`${total} requests per round, concurrency ${concurrency}, best of ${values.rounds} rounds, fresh connection per request`);
console.log(`bare undici loop: ${fmt(b.rate)} req/s, CPU ${fmt(b.cpuMs, 3)} ms/request, failures ${b.failures}`);
console.log(`HTTP check:       ${fmt(c.rate)} checks/s, CPU ${fmt(c.cpuMs, 3)} ms/check, failures ${c.failures}`);
console.log(verdict("check throughput / bare loop", fmt(c.rate / b.rate, 2), ">= 0.70", c.rate / b.rate >= 0.7));
target.child.kill();
process.exit(0);
