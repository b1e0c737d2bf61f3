import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createClient } from "@libsql/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "../db/client";
import { createTestDb, makeMonitor } from "../db/test-db";
import { pulse } from "../workers/pulse";
import { backupFileName, backupTime, listBackups, takeBackup, verifyBackup } from "./backup";
import { restoreBackup } from "./restore";
import { backupsToDelete } from "./rotation";
import { runBackup } from "./run";
import { DAY_MS, HOUR_MS } from "../uptime/uptime";

const run = promisify(execFile);

describe("backups", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let dir: string;
  beforeEach(async () => {
    ({ db, url, cleanup } = await createTestDb());
    dir = mkdtempSync(join(tmpdir(), "status-backups-"));
  });
  afterEach(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const countMonitors = async (file: string) => {
    const c = createClient({ url: `file:${file}` });
    try {
      return Number((await c.execute("SELECT count(*) FROM monitors")).rows[0][0]);
    } finally {
      c.close();
    }
  };

  it("copies the live database while it keeps being written, verifies the copy, and names it by its time", async () => {
    for (let i = 0; i < 5; i++) await makeMonitor(db);
    const at = Date.UTC(2026, 11, 7, 20, 41, 5, 123);
    // Writes keep landing on the product's own connection while the backup runs on its own.
    const writer = (async () => {
      for (let i = 0; i < 20; i++) await makeMonitor(db);
    })();
    const report = await takeBackup(url, dir, at);
    await writer;
    expect(report.file).toBe(join(dir, "status-2026-12-07T20-41-05-123Z.db"));
    expect(report.integrity).toBe("ok");
    expect(report.counts.monitors).toBeGreaterThanOrEqual(5);
    expect(report.counts.__drizzle_migrations).toBeGreaterThan(0);
    expect(report.bytes).toBeGreaterThan(0);
    expect(await countMonitors(report.file)).toBe(report.counts.monitors);
    expect(readdirSync(dir)).toEqual(["status-2026-12-07T20-41-05-123Z.db"]);
    expect(backupTime("status-2026-12-07T20-41-05-123Z.db")).toBe(at);
    expect(backupFileName(at)).toBe("status-2026-12-07T20-41-05-123Z.db");
    expect(backupTime("status-2026-12-07T20-41-05-123Z.db.partial")).toBeNull();
  });

  it("a damaged file, a foreign database and a text file fail verification with the reason", async () => {
    const foreign = join(dir, "foreign.db");
    const c = createClient({ url: `file:${foreign}` });
    await c.execute("CREATE TABLE notes (x)");
    c.close();
    await expect(verifyBackup(foreign)).rejects.toMatchObject({ message: expect.stringMatching(/has no __drizzle_migrations table: it is not a backup/) });
    const text = join(dir, "notes.txt");
    writeFileSync(text, "hello, this is not a database at all ".repeat(200));
    await expect(verifyBackup(text)).rejects.toMatchObject({ message: expect.stringMatching(/not a SQLite database|integrity/) });
    await expect(verifyBackup(join(dir, "missing.db"))).rejects.toMatchObject({ code: "not_found" });
  });

  it("a remote DATABASE_URL is a clear error, not a crash", async () => {
    await expect(takeBackup("libsql://db.example.com", dir)).rejects.toMatchObject({ message: expect.stringMatching(/copy a SQLite file/) });
  });

  it("keeps the newest per hour, day and week and always the newest; deletes the rest only after a verified backup", async () => {
    const now = Date.UTC(2026, 11, 7, 12, 0, 0);
    // One backup every 2 hours for 30 days.
    const all = Array.from({ length: 360 }, (_, i) => ({ file: `f${i}`, at: now - i * 2 * HOUR_MS }));
    const deleted = new Set(backupsToDelete(all, { hourly: 3, daily: 2, weekly: 3 }).map((b) => b.at));
    const kept = all.filter((b) => !deleted.has(b.at)).map((b) => (now - b.at) / HOUR_MS);
    // Hourly: the three newest hours that have one (0, 2, 4 h ago). Daily: today's and yesterday's
    // newest (0 h, and Sunday 22:00, 14 h ago). Weekly (weeks start on Monday; 7 December 2026 is
    // one): this week's (0 h), last week's (the same Sunday 22:00) and the week before's (Sunday
    // 29 November 22:00, 182 h ago).
    expect(kept).toEqual([0, 2, 4, 14, 182]);
    expect(backupsToDelete(all.slice(0, 1), { hourly: 0, daily: 0, weekly: 0 })).toEqual([]);

    for (const at of [now - 3 * DAY_MS, now - 2 * DAY_MS]) await takeBackup(url, dir, at);
    const report = await runBackup(url, dir, { hourly: 1, daily: 1, weekly: 0 }, now);
    expect(report.deleted.length).toBe(2);
    expect(listBackups(dir).map((b) => b.at)).toEqual([now]);
  });

  it("restore checks the file, refuses a database in use unless forced, and keeps the one it replaces", async () => {
    await makeMonitor(db, { key: "in-backup" });
    const { file } = await takeBackup(url, dir);
    await makeMonitor(db, { key: "after-backup" });
    await pulse(db, "coordinator", "*", Date.now());
    db.$client.close();
    const target = url.slice("file:".length);

    await expect(restoreBackup(join(dir, "nope.db"), url)).rejects.toMatchObject({ code: "not_found" });
    await expect(restoreBackup(file, url)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/is in use: a worker pulsed \d+ s ago.*--force/) });
    expect(await countMonitors(target)).toBe(2);

    const report = await restoreBackup(file, url, { force: true });
    expect(report.restored).toBe(target);
    expect(await countMonitors(target)).toBe(1);
    expect(report.previous).not.toBeNull();
    expect(await countMonitors(report.previous!)).toBe(2);
    // A stale pulse is not a running product: no --force needed.
    const later = Date.now() + HOUR_MS;
    const again = await restoreBackup(file, url, { now: later });
    expect(existsSync(again.previous!)).toBe(true);
    db = await openDb(url);
  });

  it("npm run backup and restore work as commands, with readable errors", async () => {
    await makeMonitor(db);
    const env = { ...process.env, DATABASE_URL: url, BACKUP_DIR: dir };
    const backup = await run(process.execPath, ["--import", "tsx", "worker/backup.ts", "backup", "--keep-hourly", "5"], { env });
    expect(backup.stdout).toMatch(/backup written and verified: .*status-.*\.db .*integrity ok/);
    expect(listBackups(dir)).toHaveLength(1);
    const bad = await run(process.execPath, ["--import", "tsx", "worker/backup.ts", "backup", "--keep-daily", "lots"], { env }).catch((e) => e);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--keep-daily must be a whole number/);
    const junk = join(dir, "junk.db");
    writeFileSync(junk, "junk");
    const restore = await run(process.execPath, ["--import", "tsx", "worker/backup.ts", "restore", junk], { env }).catch((e) => e);
    expect(restore.code).toBe(2);
    expect(restore.stderr).toMatch(/junk\.db/);
  });
});
