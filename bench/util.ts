import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";

export interface BenchTargets {
  /** http://127.0.0.1:PORT */
  url: string;
  httpPort: number;
  httpsPort: number;
  /** "127.0.0.1:PORT" of a DNS server that knows bench.test. */
  dnsServer: string;
  child: ChildProcess;
}

/** Starts bench/target.ts in its own process; resolves with where its servers listen. */
export async function startTargetProcess(): Promise<BenchTargets> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve("bench/target.ts")], { stdio: ["ignore", "pipe", "inherit"] });
  const rl = createInterface({ input: child.stdout! });
  const line = await new Promise<string>((resolve, reject) => {
    rl.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`target exited with ${code}`)));
  });
  const t = JSON.parse(line) as { httpPort: number; httpsPort: number; dnsServer: string };
  return { url: `http://127.0.0.1:${t.httpPort}`, ...t, child };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

/** A line "name: value (target …) PASS|MISS" for the summary. */
export function verdict(name: string, value: string, target: string, ok: boolean): string {
  return `${name.padEnd(34)} ${value.padEnd(16)} target ${target.padEnd(12)} ${ok ? "PASS" : "MISS"}`;
}
