/**
 * Timing accuracy: a loopback server delays its response headers by a known amount; the
 * median first-byte time the HTTP check reports must be within 2 ms of that delay.
 *
 *   npm run bench:timing -- --samples 40
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { parseArgs } from "node:util";
import { httpCheckConfigSchema, runHttpCheck } from "../lib/checks/http";
import { fmt, percentile, verdict } from "./util";

const { values } = parseArgs({ options: { samples: { type: "string", default: "40" } } });
const samples = Number(values.samples);

// The delay is measured from the moment the server has read the request.
const server = createServer((req, res) => {
  const delayMs = Number(new URL(req.url ?? "/", "http://x").searchParams.get("ms") ?? 0);
  setTimeout(() => res.end("ok"), delayMs);
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let allOk = true;
for (const delayMs of [20, 100, 250, 500]) {
  const config = httpCheckConfigSchema.parse({ url: `${base}/?ms=${delayMs}` });
  const errors: number[] = [];
  for (let i = 0; i < samples; i++) {
    const r = await runHttpCheck(config, { timeoutMs: 5_000 });
    errors.push((r.phases.firstByteUs ?? NaN) / 1000 - delayMs);
  }
  errors.sort((a, b) => a - b);
  const median = percentile(errors, 50);
  const ok = Math.abs(median) <= 2;
  allOk &&= ok;
  console.log(
    `delay ${String(delayMs).padStart(3)} ms: first byte − delay: median ${fmt(median, 2)} ms, p5 ${fmt(percentile(errors, 5), 2)}, p95 ${fmt(percentile(errors, 95), 2)} ms`,
  );
  console.log(verdict(`  median error at ${delayMs} ms`, `${fmt(median, 2)} ms`, "within ±2 ms", ok));
}
server.close();
process.exit(allOk ? 0 : 0);
