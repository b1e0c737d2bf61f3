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

/** Stops a server started by startNextServer with the children `next start` made (its process group). */
export function killServer(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts the built app (`next start`) on `port` over the database at `url`; resolves once it answers. */
export async function startNextServer(url: string, port: number): Promise<ChildProcess> {
  // Its own process group: `next start` runs the server as a child, which must go with it.
  const child = spawn(process.execPath, ["node_modules/next/dist/bin/next", "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: { ...process.env, DATABASE_URL: url, NODE_ENV: "production" },
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const until = Date.now() + 60_000;
  while (Date.now() < until) {
    try {
      // Any answer will do: without a worker, /api/health says 503 (the coordinator is silent).
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (res.ok || res.status === 503) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  killServer(child, "SIGKILL");
  throw new Error("next start did not answer within 60 s");
}
