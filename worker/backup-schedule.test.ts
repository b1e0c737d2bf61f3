import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb } from "../lib/db/test-db";
import { databaseFile, DEFAULT_WAL_SETTINGS, type Db } from "../lib/db/client";
import { fileSizes } from "../lib/db/maintenance";
import { ConfigError, parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { listBackups } from "../lib/backup/backup";
import { BACKUP_RETRY_MS, BackupRunner, readBackupSchedule } from "../lib/backup/schedule";
import { WAL_CAUGHT_UP } from "../lib/backup/wal";
import { backupCommand, CoordinatorRole } from "./coordinator";

const CONFIG = `
page:
  name: Test
monitors:
  - key: nightly-backup
    name: Backups
    type: heartbeat
    interval: 1h
backups:
  every: 1h
  keep: { hourly: 2, daily: 1, weekly: 0 }
  heartbeat: nightly-backup
`;

describe("scheduled backups", () => {
  let db: Db;
  let url: string;
  let cleanup: () => void;
  let dir: string;
  beforeEach(async () => {
    ({ db, url, cleanup } = await createTestDb());
    dir = mkdtempSync(join(tmpdir(), "status-scheduled-backups-"));
  });
  afterEach(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const results = async () =>
    (await db.all<{ status: number; message: string | null }>(sql`SELECT r.status, r.message FROM check_results r JOIN monitors m ON m.id = r.monitor_id WHERE m.key = 'nightly-backup' ORDER BY r.id`)).map(
      (r) => [Number(r.status), r.message],
    );

  it("the config names the schedule; the coordinator takes a verified backup when due, in a child process, and tells the heartbeat monitor", async () => {
    await applyConfig(db, parseConfig(CONFIG));
    expect(await readBackupSchedule(db)).toEqual({ everyMs: 3_600_000, keep: { hourly: 2, daily: 1, weekly: 0 }, heartbeat: "nightly-backup" });
    const coordinator = new CoordinatorRole({ db, backupPollMs: 0, backups: { dir, databaseUrl: url, command: backupCommand() } });
    await coordinator.tick();
    await coordinator.stop();
    expect(listBackups(dir)).toHaveLength(1);
    expect(await results()).toEqual([[0, null]]);
    // Not due again within the hour.
    const again = new CoordinatorRole({ db, backupPollMs: 0, backups: { dir, databaseUrl: url, command: backupCommand() } });
    await again.tick();
    await again.stop();
    expect(listBackups(dir)).toHaveLength(1);
  });

  it("a failing backup turns its heartbeat monitor down with the reason, and is retried later, not every tick", async () => {
    await applyConfig(db, parseConfig(CONFIG));
    const failing = [process.execPath, "-e", "console.error('No space left on device'); process.exit(2)", "--"];
    const coordinator = new CoordinatorRole({ db, backupPollMs: 0, backups: { dir, databaseUrl: url, command: failing } });
    await coordinator.tick();
    await coordinator.stop();
    expect(listBackups(dir)).toHaveLength(0);
    const [[status, message]] = await results();
    expect(status).not.toBe(0);
    expect(message).toMatch(/the job reported a failure: the backup failed \(exit code 2\): No space left on device/);

    // Retried BACKUP_RETRY_MS later, not on every poll.
    const runner = new BackupRunner({ db, dir, command: failing });
    const t0 = Date.now();
    expect(await runner.poll(t0)).toBe(true);
    await runner.settled();
    expect(await runner.poll(Date.now() + 1_000)).toBe(false);
    expect(await runner.poll(Date.now() + BACKUP_RETRY_MS)).toBe(true);
    await runner.settled();
  });

  it("the coordinator's connection takes no checkpoint while a backup runs, until it says the WAL is caught up or ends, failed or not", async () => {
    await applyConfig(db, parseConfig(CONFIG));
    const autoCheckpoint = async () => Number((await db.$client.execute("PRAGMA wal_autocheckpoint")).rows[0][0]);
    // A backup that fails after a while, without a word.
    const failing = new BackupRunner({ db, dir, command: [process.execPath, "-e", "setTimeout(() => process.exit(2), 400)", "--"] });
    expect(await failing.poll()).toBe(true);
    expect(await autoCheckpoint()).toBe(0);
    await failing.settled();
    expect(await autoCheckpoint()).toBe(DEFAULT_WAL_SETTINGS.autoCheckpointPages);
    // One that says the WAL is caught up (as worker/backup.ts does after its copy), then verifies for a while.
    const says = `process.send(${JSON.stringify(WAL_CAUGHT_UP)}); setTimeout(() => process.exit(0), 1000)`;
    const talking = new BackupRunner({ db, dir, command: [process.execPath, "-e", says, "--"] });
    expect(await talking.poll(Date.now() + BACKUP_RETRY_MS)).toBe(true);
    await expect.poll(autoCheckpoint, { timeout: 900 }).toBe(DEFAULT_WAL_SETTINGS.autoCheckpointPages);
    expect(talking.busy).toBe(true);
    await talking.settled();
    expect(await autoCheckpoint()).toBe(DEFAULT_WAL_SETTINGS.autoCheckpointPages);
  });

  it("retention (and its WAL checkpoint) waits while a backup runs", async () => {
    await applyConfig(db, parseConfig(CONFIG));
    const wal = () => fileSizes(databaseFile(url)!).walBytes;
    const slow = [process.execPath, "-e", "setTimeout(() => process.exit(2), 1500)", "--"];
    const coordinator = new CoordinatorRole({ db, backupPollMs: 0, retentionEveryMs: 0, backups: { dir, databaseUrl: url, command: slow } });
    try {
      await coordinator.tick();
      await db.$client.batch(["INSERT INTO settings (key, value) VALUES ('retention.test', '1')"], "write");
      await coordinator.tick();
      expect(wal()).toBeGreaterThan(0);
      // Once the backup has ended, the next pass checkpoints and truncates the WAL.
      await expect.poll(async () => (await coordinator.tick(), wal()), { timeout: 5_000, interval: 200 }).toBe(0);
    } finally {
      await coordinator.stop();
    }
  });

  it("the config refuses a heartbeat that is not a heartbeat monitor, and turning the section off stops backups", async () => {
    const bad = CONFIG.replace("type: heartbeat", "type: http\n    url: https://example.com");
    expect(() => parseConfig(bad)).toThrow(ConfigError);
    expect(() => parseConfig(bad)).toThrow(/backups\.heartbeat.*"nightly-backup" is a http monitor: name a monitor of type heartbeat/);
    expect(() => parseConfig(CONFIG.replace("heartbeat: nightly-backup", "heartbeat: nightly"))).toThrow(/unknown monitor "nightly"/);
    expect(() => parseConfig(CONFIG.replace("every: 1h", "every: 10s"))).toThrow(/backups\.every/);
    await applyConfig(db, parseConfig(CONFIG));
    await applyConfig(db, parseConfig(CONFIG.slice(0, CONFIG.indexOf("backups:"))));
    expect(await readBackupSchedule(db)).toBeNull();
    const coordinator = new CoordinatorRole({ db, backupPollMs: 0, backups: { dir, databaseUrl: url, command: backupCommand() } });
    await coordinator.tick();
    await coordinator.stop();
    expect(listBackups(dir)).toHaveLength(0);
  });
});
