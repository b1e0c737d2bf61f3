/**
 * Scheduled backups (status.config.yaml `backups:`): the coordinator starts one when the newest
 * verified backup in BACKUP_DIR is older than `every`, in a child process (VACUUM INTO holds its
 * thread, and the coordinator's loop must not wait), one at a time. Each run reports to a
 * heartbeat monitor when one is named: "up" after a verified backup, "down" with the reason
 * otherwise, and a backup that never runs misses its heartbeat. Either way the team is alerted
 * like for any other monitor.
 */
import { spawn } from "node:child_process";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitors, settings } from "../db/schema";
import { recordPush, tokenFor } from "../heartbeats/push";
import { listBackups } from "./backup";
import type { KeepPolicy } from "./rotation";
import { holdWalForBackup, WAL_CAUGHT_UP } from "./wal";

export interface BackupSchedule {
  everyMs: number;
  keep: KeepPolicy;
  /** Key of a heartbeat monitor told about each run; null for none. */
  heartbeat: string | null;
}

const SETTINGS_KEY = "backups";
/** The settings row holding the latest scheduled run's outcome, read by /api/health. */
const LAST_RUN_KEY = "backups.last_run";
/** After a failed run, the next try comes this soon (or at `every`, if sooner). */
export const BACKUP_RETRY_MS = 5 * 60_000;
/** A run that takes longer is stopped and reported as failed. */
export const BACKUP_TIMEOUT_MS = 30 * 60_000;

export async function readBackupSchedule(db: Db): Promise<BackupSchedule | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, SETTINGS_KEY));
  return (row?.value as BackupSchedule | undefined) ?? null;
}

/** The statement that stores the schedule (run in the config sync's batch); null turns backups off. */
export function writeBackupSchedule(db: Db, schedule: BackupSchedule | null) {
  if (!schedule) return db.delete(settings).where(eq(settings.key, SETTINGS_KEY));
  return db.insert(settings).values({ key: SETTINGS_KEY, value: schedule }).onConflictDoUpdate({ target: settings.key, set: { value: schedule } });
}

export interface BackupRun {
  at: number;
  ok: boolean;
}

export async function readLastBackupRun(db: Db): Promise<BackupRun | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, LAST_RUN_KEY));
  return (row?.value as BackupRun | undefined) ?? null;
}

function recordBackupRun(db: Db, run: BackupRun) {
  return db.insert(settings).values({ key: LAST_RUN_KEY, value: run }).onConflictDoUpdate({ target: settings.key, set: { value: run } });
}

export interface BackupOutcome {
  ok: boolean;
  /** The command's last words: where the backup went, or why it failed. */
  detail: string;
}

export interface BackupRunnerOptions {
  db: Db;
  dir: string;
  /** The backup command as argv (worker/backup.ts `backup`), without the options added here. */
  command: string[];
  env?: NodeJS.ProcessEnv;
  onDone?: (outcome: BackupOutcome) => void;
}

/** Starts backups when due; the coordinator calls `poll` from its loop and never waits for a run. */
export class BackupRunner {
  private running: Promise<void> | undefined;
  private lastFailureAt = -Infinity;

  constructor(private readonly opts: BackupRunnerOptions) {}

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Resolves once the run in progress (if any) has ended and reported. */
  async settled(): Promise<void> {
    await this.running;
  }

  async poll(now = Date.now()): Promise<boolean> {
    if (this.running) return false;
    const schedule = await readBackupSchedule(this.opts.db);
    if (!schedule) return false;
    const newest = listBackups(this.opts.dir)[0]?.at ?? -Infinity;
    const due = now - newest >= schedule.everyMs && now - this.lastFailureAt >= Math.min(schedule.everyMs, BACKUP_RETRY_MS);
    if (!due) return false;
    this.running = this.run(schedule).finally(() => (this.running = undefined));
    return true;
  }

  private async run(schedule: BackupSchedule): Promise<void> {
    const outcome = await this.spawnBackup(schedule);
    if (!outcome.ok) this.lastFailureAt = Date.now();
    this.opts.onDone?.(outcome);
    await recordBackupRun(this.opts.db, { at: Date.now(), ok: outcome.ok }).catch((e) => this.opts.onDone?.({ ok: false, detail: `could not record the backup run for /api/health: ${(e as Error).message}` }));
    if (schedule.heartbeat) await this.report(schedule.heartbeat, outcome).catch((e) => this.opts.onDone?.({ ok: false, detail: `could not report to the heartbeat monitor "${schedule.heartbeat}": ${(e as Error).message}` }));
  }

  /**
   * Runs the backup command; this process's connection takes no checkpoint from the start until
   * the command says the WAL is caught up after its copy and check, or ends (./wal.ts says why).
   */
  private async spawnBackup(schedule: BackupSchedule): Promise<BackupOutcome> {
    let release: () => Promise<void>;
    try {
      release = await holdWalForBackup(this.opts.db);
    } catch (err) {
      return { ok: false, detail: `the backup could not start: its database connection refused the WAL settings: ${(err as Error).message}` };
    }
    const released = () => release().catch((e) => this.opts.onDone?.({ ok: false, detail: `could not restore the WAL checkpoints after the backup: ${(e as Error).message}` }));
    try {
      return await this.spawnCommand(schedule, () => void released());
    } finally {
      await released();
    }
  }

  private spawnCommand(schedule: BackupSchedule, onCaughtUp: () => void): Promise<BackupOutcome> {
    const [cmd, ...args] = this.opts.command;
    const keep = ["--keep-hourly", String(schedule.keep.hourly), "--keep-daily", String(schedule.keep.daily), "--keep-weekly", String(schedule.keep.weekly)];
    return new Promise((resolve) => {
      const child = spawn(cmd, [...args, "--dir", this.opts.dir, ...keep], { env: this.opts.env ?? process.env, stdio: ["ignore", "pipe", "pipe", "ipc"] });
      child.on("message", (m) => m === WAL_CAUGHT_UP && onCaughtUp());
      let out = "";
      const take = (chunk: Buffer) => (out = (out + chunk.toString()).slice(-4_000));
      child.stdout?.on("data", take);
      child.stderr?.on("data", take);
      const timer = setTimeout(() => child.kill("SIGKILL"), BACKUP_TIMEOUT_MS);
      child.on("error", (err) => (clearTimeout(timer), resolve({ ok: false, detail: `the backup could not start: ${err.message}` })));
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        const last = out.trim().split("\n").filter(Boolean);
        const detail = (code === 0 ? last[0] : last.at(-1)) ?? "";
        resolve(code === 0 ? { ok: true, detail } : { ok: false, detail: `the backup failed (${signal ? `stopped by ${signal}` : `exit code ${code}`}): ${detail}` });
      });
    });
  }

  private async report(key: string, outcome: BackupOutcome): Promise<void> {
    const [monitor] = await this.opts.db.select({ id: monitors.id, type: monitors.type }).from(monitors).where(eq(monitors.key, key));
    if (!monitor || monitor.type !== "heartbeat") throw new Error(`no heartbeat monitor has the key "${key}"`);
    const token = await tokenFor(this.opts.db, monitor.id);
    if (!token) throw new Error(`the heartbeat monitor "${key}" has no push token yet`);
    await recordPush(this.opts.db, token, { status: outcome.ok ? "up" : "down", msg: outcome.detail.slice(0, 400) });
  }
}
