import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitUntil } from "../lib/testing/wait";

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export async function waitFor(url: string, timeoutMs: number) {
  const answer = async () => {
    try {
      const res = await fetch(url);
      return res.ok ? "ok" : `status ${res.status}`;
    } catch (e) {
      return String(e);
    }
  };
  await waitUntil(`${url} to answer`, answer, (v) => v === "ok", timeoutMs, { intervalMs: 250 });
}

export interface RunningApp {
  /** http://127.0.0.1:<port> */
  base: string;
  /** The temp folder holding the config and the database. */
  dir: string;
  dbUrl: string;
  child: ChildProcess;
  /** Stops the product and deletes its folder. */
  stop(): Promise<void>;
}

/**
 * Starts the real product as `npm start` runs it (the built `.next/worker/start.mjs`: app,
 * probe and coordinator) on a fresh database in a temp folder, with the given config, and waits
 * until it answers (on `port`, or a free one). `npm run build` must have run.
 */
export async function startApp(opts: { name: string; config: string; env?: Record<string, string>; port?: number }): Promise<RunningApp> {
  const dir = mkdtempSync(join(tmpdir(), `status-e2e-${opts.name}-`));
  writeFileSync(join(dir, "status.config.yaml"), opts.config);
  const port = opts.port ?? (await freePort());
  const dbUrl = `file:${join(dir, "e2e.db")}`;
  const child = spawn(process.execPath, [".next/worker/start.mjs"], {
    // The public cache off unless a spec turns it on (e2e/public-cache.spec.ts): specs change data and read the
    // public page at once, which anonymous readers otherwise see up to PUBLIC_CACHE_TTL + _STALE seconds late.
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: dbUrl, STATUS_CONFIG: join(dir, "status.config.yaml"), PUBLIC_CACHE_TTL: "0", ...opts.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${base}/api/health`, 60_000);
  } catch (err) {
    // Leave nothing running behind a failed start.
    if (child.exitCode === null) {
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
    }
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    base,
    dir,
    dbUrl,
    child,
    async stop() {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await new Promise((r) => child.once("exit", r));
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
