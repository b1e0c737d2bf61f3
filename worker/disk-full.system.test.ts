import { spawnSync } from "node:child_process";
import { closeSync, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { openDb, type Db } from "../lib/db/client";
import { runMigrations } from "../lib/db/migrate";
import { appHealth } from "../lib/workers/health";
import { makeHttpMonitors, startTarget, WorkerProcesses } from "./test-support";
import { waitUntil } from "../lib/testing/wait";

const MONITORS = 10;
const INTERVAL_S = 2;
const TMPFS_MB = 24;

/** A small tmpfs of its own for the database, or why this machine cannot mount one (not root, no CAP_SYS_ADMIN). */
function smallDisk(): { dir: string } | { skip: string } {
  if (process.getuid?.() !== 0) return { skip: "mounting a tmpfs needs root" };
  const dir = mkdtempSync(join(tmpdir(), "disk-full-"));
  const run = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${TMPFS_MB}m`, "tmpfs", dir], { encoding: "utf8", timeout: 10_000 });
  if (run.status === 0) return { dir };
  rmSync(dir, { recursive: true, force: true });
  return { skip: `mount -t tmpfs is not allowed here (${(run.stderr || run.error?.message || "").trim()})` };
}

const disk = smallDisk();
const skip = "skip" in disk ? disk.skip : null;
if (skip) console.warn(`disk-full test skipped: ${skip}`);

/** Fills the file system holding `dir` until it refuses another byte; returns the filler file. */
function fill(dir: string): string {
  const path = join(dir, "filler");
  const fd = openSync(path, "w");
  const chunk = Buffer.alloc(64 * 1024);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOSPC") throw err;
  } finally {
    closeSync(fd);
  }
  // The last partial chunk.
  const rest = openSync(path, "a");
  try {
    for (;;) writeSync(rest, Buffer.alloc(512));
  } catch {
    // full
  } finally {
    closeSync(rest);
  }
  return path;
}

/**
 * Disk full under the database (a tmpfs of its own, mounted by the test as root; skipped with
 * the reason where mounting is not allowed). The worker (probe and coordinator) keeps running
 * and says why in its log, /api/health's check names the full disk, the probe's results wait in
 * memory, and when space returns they land; PRAGMA integrity_check passes.
 */
describe.skipIf(skip !== null)("the database's disk full", () => {
  const dir = "dir" in disk ? disk.dir : "";
  const url = `file:${join(dir, "status.db")}`;
  let db: Db;
  let target: Awaited<ReturnType<typeof startTarget>>;
  let passed = false;
  const workers = new WorkerProcesses("disk-full");

  beforeAll(async () => {
    db = await openDb(url);
    await runMigrations(db);
    target = await startTarget();
    await makeHttpMonitors(db, target.url, MONITORS, { intervalS: INTERVAL_S, timeoutMs: 1_500 });
    workers.start("worker", ["--role", "all", "--region", "local"], { DATABASE_URL: url, PUBLIC_URL: "http://127.0.0.1:1" });
  });

  afterAll(async () => {
    const worker = workers.children.get("worker")!;
    const exited = worker.exitCode !== null || worker.signalCode !== null ? Promise.resolve() : new Promise((r) => worker.once("exit", r));
    workers.stop(passed);
    await exited;
    await target.close();
    db.$client.close();
    // Its files close as the killed worker is reaped, which a loaded machine can take a while to do;
    // past 10 s the tmpfs is detached lazily (gone once the last file closes), never left mounted.
    const unmounted = await waitUntil("the tmpfs to unmount", () => spawnSync("umount", [dir]).status === 0, (ok) => ok, 10_000).catch(() => false);
    if (!unmounted) spawnSync("umount", ["-l", dir]);
    rmSync(dir, { recursive: true, force: true });
  });

  const statuses = () => db.all<{ status: string }>(sql`SELECT status FROM monitor_states`);
  const health = () => appHealth(db, { databaseUrl: url, minFreeBytes: 1024 * 1024 });

  it("logs a clear error, fails health, loses no result and corrupts nothing; recovers when space returns", async () => {
    const deadline = Date.now() + 100_000;
    await waitUntil("every monitor operational", statuses, (rows) => rows.length === MONITORS && rows.every((r) => r.status === "operational"), 30_000, { deadline });
    // Checkpointed, so that the WAL has no free pages left for the next batches to reuse.
    await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    expect((await health()).disk).toBe("ok");

    const filler = fill(dir);
    const fullAt = Date.now();
    const logged = await waitUntil("the worker to say why it cannot write", () => workers.logs(), (l) => /probe: could not write \d+ results, will retry: SQLITE_FULL/.test(l), 20_000, { deadline });
    expect(logged).not.toMatch(/uncaught exception|unhandled rejection/i);
    const whileFull = await health();
    expect(whileFull.status).toBe("error");
    expect(whileFull.problems.join("\n")).toMatch(/only 0 MB free on the database's disk \(at least 1 MB needed\): free some space/);
    expect(workers.children.get("worker")!.exitCode).toBeNull();

    // Full for at least one interval, so that every monitor is checked while nothing can be written.
    await new Promise((r) => setTimeout(r, Math.max(0, fullAt + INTERVAL_S * 1_000 + 500 - Date.now())));
    unlinkSync(filler);
    const freedAt = Date.now();
    const checkedSince = (from: number, to: number) => () =>
      db.all<{ n: number }>(sql`SELECT count(r.id) AS n FROM monitors m
        LEFT JOIN check_results r ON r.monitor_id = m.id AND r.started_at BETWEEN ${from} AND ${to} GROUP BY m.id`);
    // The results checked while the disk was full waited in memory and land now.
    await waitUntil("the results checked while the disk was full to land", checkedSince(fullAt, freedAt), (rows) => rows.every((r) => r.n >= 1), 20_000, { deadline });
    await waitUntil("health to be ok again", health, (h) => h.status === "ok", 20_000, { deadline });
    await waitUntil("every monitor checked and written after the recovery", checkedSince(freedAt, Number.MAX_SAFE_INTEGER), (rows) => rows.every((r) => r.n >= 1), 20_000, { deadline });
    expect((await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM check_results WHERE status <> 0`))[0].n).toBe(0);
    expect(String((await db.$client.execute("PRAGMA integrity_check")).rows[0].integrity_check)).toBe("ok");
    passed = true;
  }, 110_000);
});
