import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { settings } from "../db/schema";
import { createTestDb } from "../db/test-db";
import { appHealth, databaseUnavailable, HEALTH_WRITE_KEY } from "./health";
import { pulse } from "./pulse";
import { takeBackup } from "../backup/backup";
import { DEFAULT_KEEP } from "../backup/rotation";
import { BackupRunner, writeBackupSchedule } from "../backup/schedule";

const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

describe("appHealth", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  beforeEach(async () => ({ db, url, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  const everyoneBeats = async (at: number) => {
    await pulse(db, "coordinator", "*", NOW - 3_600_000, {}, at);
    await pulse(db, "probe", "eu-west", NOW - 3_600_000, {}, at);
    await pulse(db, "probe", "us-east", NOW - 3_600_000, {}, at);
  };

  it("is ok only when the database takes a write, its disk has room and every worker reports", async () => {
    await everyoneBeats(NOW - 5_000);
    const health = await appHealth(db, { now: NOW, databaseUrl: url });
    expect(health).toMatchObject({ status: "ok", problems: [], database: "ok", disk: "ok" });
    expect(health.workers.map((w) => `${w.role}/${w.region}:${w.silent}`).sort()).toEqual(["coordinator/*:false", "probe/eu-west:false", "probe/us-east:false"]);
    // The write probe really wrote.
    const [row] = await db.select().from(settings).where(eq(settings.key, HEALTH_WRITE_KEY));
    expect(row.value).toEqual({ at: NOW });
  });

  it("names a silent or missing coordinator and each silent probe region", async () => {
    expect((await appHealth(db, { now: NOW, databaseUrl: url })).problems).toEqual([expect.stringMatching(/^no coordinator has reported/)]);

    await everyoneBeats(NOW - 5_000);
    await pulse(db, "coordinator", "*", NOW - 3_600_000, {}, NOW - 45_000);
    await pulse(db, "probe", "eu-west", NOW - 3_600_000, {}, NOW - 120_000);
    const health = await appHealth(db, { now: NOW, databaseUrl: url });
    expect(health.status).toBe("error");
    expect(health.problems).toEqual([
      "the coordinator is silent: last report 45s ago (silent after 30s); the public page shows no data",
      "probe region eu-west is silent: last report 2m ago (silent after 30s)",
    ]);
    expect(health.workers.find((w) => w.region === "us-east")?.silent).toBe(false);
  });

  it("names a database that cannot be written, saying what to check", async () => {
    await everyoneBeats(NOW - 5_000);
    // The app's one connection refuses writes, as a read-only file does.
    await db.$client.execute("PRAGMA query_only = ON");
    const health = await appHealth(db, { now: NOW, databaseUrl: url });
    expect(health.status).toBe("error");
    expect(health.database).toBe("the database cannot be written (SQLITE_READONLY): check that its file and folder are writable and its disk is not full");
    expect(health.problems).toEqual([health.database]);
  });

  it("names a disk without room, without saying where the database lives", async () => {
    await everyoneBeats(NOW - 5_000);
    const health = await appHealth(db, { now: NOW, databaseUrl: url, minFreeBytes: Number.MAX_SAFE_INTEGER });
    expect(health.status).toBe("error");
    expect(health.problems).toEqual([expect.stringMatching(/^only \d+ MB free on the database's disk \(at least \d+ MB needed\): free some space$/)]);
    expect(JSON.stringify(health)).not.toContain(url.slice("file:".length));
    // Not a local file: nothing to measure.
    expect((await appHealth(db, { now: NOW, databaseUrl: "libsql://db.example.com" })).disk).toBe("not checked");
  });

  it("with scheduled backups, gives the newest one's age and fails when it is stale or the last run failed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "status-health-backups-"));
    try {
      const HOUR = 3_600_000;
      await everyoneBeats(NOW - 5_000);
      expect((await appHealth(db, { now: NOW, databaseUrl: url, backupDir: dir })).backup).toBe("not configured");
      await writeBackupSchedule(db, { everyMs: HOUR, keep: DEFAULT_KEEP, heartbeat: null });
      // Before the first run: nothing to complain about yet.
      expect(await appHealth(db, { now: NOW, databaseUrl: url, backupDir: dir })).toMatchObject({ status: "ok", backup: { newestAt: null, ageMs: null, lastRunAt: null, lastRunOk: null } });

      await takeBackup(url, dir, NOW - 90 * 60_000);
      expect(await appHealth(db, { now: NOW, databaseUrl: url, backupDir: dir })).toMatchObject({ status: "ok", backup: { newestAt: NOW - 90 * 60_000, ageMs: 90 * 60_000 } });
      // Stale past twice `every` plus the retry delay (125 minutes).
      const later = NOW + 40 * 60_000;
      await everyoneBeats(later - 5_000);
      const stale = await appHealth(db, { now: later, databaseUrl: url, backupDir: dir });
      expect(stale.status).toBe("error");
      expect(stale.problems).toEqual(["the newest verified backup is 130m old (backups run every 1h; stale after 125m)"]);

      // A failed scheduled run (a real child that fails), with a fresh backup beside it.
      const runner = new BackupRunner({ db, dir, command: [process.execPath, "-e", "console.error('No space left on device'); process.exit(2)", "--"] });
      expect(await runner.poll(Date.now() + 2 * HOUR)).toBe(true);
      await runner.settled();
      const now = Date.now();
      await everyoneBeats(now);
      await takeBackup(url, dir, now - 60_000);
      const failed = await appHealth(db, { now, databaseUrl: url, backupDir: dir });
      expect(failed).toMatchObject({ status: "error", backup: { lastRunOk: false, ageMs: 60_000 } });
      expect(failed.problems).toEqual([expect.stringMatching(/^the last backup failed \d+s ago: its heartbeat monitor and the worker's log say why$/)]);
      expect(JSON.stringify(failed)).not.toContain(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("says a database that cannot be opened by its error code only, not the driver's message", () => {
    const health = databaseUnavailable(Object.assign(new Error("unable to open database file: /srv/secret/status.db"), { code: "SQLITE_CANTOPEN" }));
    expect(health).toMatchObject({ status: "error", problems: [expect.stringMatching(/^the database cannot be opened \(SQLITE_CANTOPEN\): check DATABASE_URL/)] });
    expect(JSON.stringify(health)).not.toContain("/srv/secret");
  });
});
