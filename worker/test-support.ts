/** Test-only helpers for the tests that run worker processes against one SQLite file. */
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../lib/db/client";
import { COORDINATOR_LEASE } from "./coordinator";

/**
 * Polls `read` until `ok` holds, within `timeoutMs` and never past `deadline` (the test's own
 * budget); the error names what it waited for and what it saw last.
 */
export async function waitUntil<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, opts: { deadline?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = opts.deadline ?? Infinity;
  const until = Math.min(Date.now() + timeoutMs, deadline);
  let last: T | undefined;
  while (Date.now() < until) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
  const why = until === deadline ? "the test's time budget ran out" : `timed out after ${timeoutMs / 1000} s`;
  throw new Error(`${why} waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

/** The coordinator lease holder's pid (the holder string is "<pid>-<uuid>"), if held and live. */
export async function leaseHolderPid(db: Db): Promise<number | undefined> {
  const [row] = await db.all<{ holder: string; expires_at: number }>(sql`SELECT holder, expires_at FROM leases WHERE name = ${COORDINATOR_LEASE}`);
  return row && row.expires_at > Date.now() ? Number(row.holder.split("-")[0]) : undefined;
}

/**
 * Worker processes (`node --import tsx worker/index.ts …`) started by a test, each logging to a
 * file: the logs are printed and kept when the test fails, and deleted when it passes.
 */
export class WorkerProcesses {
  readonly logDir: string;
  readonly children = new Map<string, ChildProcess>();

  constructor(name: string) {
    this.logDir = mkdtempSync(join(tmpdir(), `${name}-logs-`));
  }

  start(name: string, args: string[], env: Record<string, string>): ChildProcess {
    const fd = openSync(join(this.logDir, `${name}.log`), "a");
    const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", fd] });
    closeSync(fd);
    this.children.set(name, child);
    return child;
  }

  logs(): string {
    return [...this.children.entries()].map(([name, c]) => `--- ${name} (pid ${c.pid}) ---\n${readFileSync(join(this.logDir, `${name}.log`), "utf8")}`).join("\n");
  }

  /** Kills every child; keeps and prints the logs unless the test passed. */
  stop(passed: boolean): void {
    for (const child of this.children.values()) child.kill("SIGKILL");
    if (passed) rmSync(this.logDir, { recursive: true, force: true });
    else console.error(`worker logs kept in ${this.logDir}\n${this.logs()}`);
  }
}
