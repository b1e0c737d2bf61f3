/** Test-only helpers for the tests that run worker processes against one SQLite file. */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type RequestListener, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "../lib/db/client";
import { makeMonitor } from "../lib/db/test-db";
import { COORDINATOR_LEASE } from "./coordinator";

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

  /** Each child's stderr, its JSON log lines (worker/log.ts) read back as "scope: message". */
  logs(): string {
    return [...this.children.entries()].map(([name, c]) => `--- ${name} (pid ${c.pid}) ---\n${readableLog(readFileSync(join(this.logDir, `${name}.log`), "utf8"))}`).join("\n");
  }

  /** Kills every child; keeps and prints the logs unless the test passed. */
  stop(passed: boolean): void {
    for (const child of this.children.values()) child.kill("SIGKILL");
    if (passed) rmSync(this.logDir, { recursive: true, force: true });
    else console.error(`worker logs kept in ${this.logDir}\n${this.logs()}`);
  }
}

/** JSON log lines as "scope: message" (other lines as they are), so tests match what a person reads. */
export function readableLog(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      if (!line.startsWith("{")) return line;
      try {
        const entry = JSON.parse(line) as { scope?: string; msg?: string };
        return entry.msg === undefined ? line : `${entry.scope ? `${entry.scope}: ` : ""}${entry.msg}`;
      } catch {
        return line;
      }
    })
    .join("\n");
}

/** An HTTP monitor's check of `url`: a 2xx answer, no redirects (the shape makeMonitor stores). */
export function httpCheckOf(url: string) {
  return { url, method: "GET", headers: {}, expectedStatus: [[200, 299]], maxBodySize: 65_536, maxRedirects: 0, ignoreTlsErrors: false };
}

/** A loopback HTTP server answering with `handle` (default 200 "ok"); its base URL. */
export async function startTarget(handle: RequestListener = (_req, res) => void res.writeHead(200).end("ok")): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** `count` HTTP monitors m0, m1, … checking `<base>/<key>`. */
export async function makeHttpMonitors(db: Db, base: string, count: number, opts: { intervalS: number; timeoutMs: number }): Promise<void> {
  for (let i = 0; i < count; i++) await makeMonitor(db, { key: `m${i}`, ...opts, checkConfig: httpCheckOf(`${base}/m${i}`) });
}
