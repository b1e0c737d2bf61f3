/**
 * The product's own health, as /api/health answers it: healthy only when the database can be
 * written, its disk has room, and the coordinator and every probe region report on time. Each
 * problem is one line saying what is stale or broken; nothing in the answer is a secret (no
 * URLs, paths, hosts, tokens or driver messages, only SQLite's error codes).
 */
import { statfs } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Db } from "../db/client";
import { formatDurationMs } from "../config/units";
import { listBackups } from "../backup/backup";
import { BACKUP_RETRY_MS, readBackupSchedule, readLastBackupRun } from "../backup/schedule";
import { PULSE_STALE_MS, isStale, listPulses } from "./pulse";

/**
 * Free space below this on the database's disk is a problem. A tiny write can still succeed on
 * a full disk (SQLite reuses pages already allocated in the file and its WAL), while the next
 * batch of results, a checkpoint or a backup fails, so the write probe alone would answer
 * "ok" too long: the free space is checked as well, with room for those.
 */
export const MIN_FREE_DISK_BYTES = 64 * 1024 * 1024;
/** The settings row the write probe upserts (it holds the time of the latest probe). */
export const HEALTH_WRITE_KEY = "health.write_probe";

export interface AppHealth {
  status: "ok" | "error";
  /** What is stale or broken, one line each; empty when healthy. */
  problems: string[];
  database: "ok" | string;
  disk: "ok" | "not checked" | string;
  workers: { role: string; region: string; lastBeatAt: number; silent: boolean }[];
  /** Scheduled backups (status.config.yaml `backups:`): the newest verified one and the last run. */
  backup: "not configured" | { newestAt: number | null; ageMs: number | null; lastRunAt: number | null; lastRunOk: boolean | null };
}

export interface HealthOptions {
  now?: number;
  /** DATABASE_URL: the free space of a `file:` database's folder is checked. */
  databaseUrl?: string;
  minFreeBytes?: number;
  /** BACKUP_DIR as the worker sees it (lib/backup/run.ts backupDir): where verified backups are. */
  backupDir?: string;
}

/** The local folder of a `file:` database URL, or null for anything else. */
function databaseFolder(url: string | undefined): string | null {
  if (!url?.startsWith("file:")) return null;
  const path = url.slice("file:".length).split("?")[0];
  return path && path !== ":memory:" ? dirname(resolve(path)) : null;
}

/** SQLite's error code ("SQLITE_READONLY"), never the driver's message, which may carry a path or URL. */
function codeOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[A-Z0-9_]{1,40}$/.test(code) ? code : "unknown error";
}

const mib = (bytes: number) => `${Math.floor(bytes / (1024 * 1024))} MB`;
const ago = (ms: number) => formatDurationMs(Math.max(1_000, Math.round(ms / 1_000) * 1_000));

async function checkDatabase(db: Db, now: number): Promise<string | null> {
  try {
    // A real committed write, as the coordinator's and probes' writes are: a read-only file,
    // a lost write lock or an I/O error fail it.
    await db.$client.execute({
      sql: "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      args: [HEALTH_WRITE_KEY, JSON.stringify({ at: now })],
    });
    return null;
  } catch (err) {
    return `the database cannot be written (${codeOf(err)}): check that its file and folder are writable and its disk is not full`;
  }
}

async function checkDisk(url: string | undefined, minFreeBytes: number): Promise<string | null | "not checked"> {
  const folder = databaseFolder(url);
  if (!folder) return "not checked";
  try {
    const s = await statfs(folder);
    const free = Number(s.bavail) * Number(s.bsize);
    if (free < minFreeBytes) return `only ${mib(free)} free on the database's disk (at least ${mib(minFreeBytes)} needed): free some space`;
    return null;
  } catch (err) {
    return `cannot read the free space of the database's disk (${codeOf(err)})`;
  }
}

/**
 * With a backup schedule: the newest verified backup must be younger than twice `every` plus the
 * retry delay (one run missed, and its retry, is tolerated), and the last scheduled run must have
 * succeeded. Before the first run there is no backup and nothing to complain about yet.
 */
async function checkBackups(db: Db, dir: string, now: number, problems: string[]): Promise<AppHealth["backup"]> {
  const schedule = await readBackupSchedule(db);
  if (!schedule) return "not configured";
  const lastRun = await readLastBackupRun(db);
  const newestAt = listBackups(dir)[0]?.at ?? null;
  const staleAfterMs = 2 * schedule.everyMs + BACKUP_RETRY_MS;
  if (lastRun && !lastRun.ok) problems.push(`the last backup failed ${ago(now - lastRun.at)} ago: its heartbeat monitor and the worker's log say why`);
  if (newestAt !== null && now - newestAt > staleAfterMs) {
    problems.push(`the newest verified backup is ${ago(now - newestAt)} old (backups run every ${ago(schedule.everyMs)}; stale after ${ago(staleAfterMs)})`);
  } else if (newestAt === null && lastRun) problems.push("there is no verified backup in the backup folder: check that the app and the worker see the same BACKUP_DIR");
  return { newestAt, ageMs: newestAt === null ? null : now - newestAt, lastRunAt: lastRun?.at ?? null, lastRunOk: lastRun?.ok ?? null };
}

/**
 * Healthy ("ok") only when the database takes a write, its disk has room, a coordinator reports
 * within PULSE_STALE_MS, and so does every probe region that has ever reported (as the
 * region-silence alert counts them, lib/alerts/store.ts).
 */
export async function appHealth(db: Db, opts: HealthOptions = {}): Promise<AppHealth> {
  const now = opts.now ?? Date.now();
  const problems: string[] = [];
  const [database, disk] = await Promise.all([checkDatabase(db, now), checkDisk(opts.databaseUrl, opts.minFreeBytes ?? MIN_FREE_DISK_BYTES)]);
  if (database) problems.push(database);
  if (disk && disk !== "not checked") problems.push(disk);

  let workers: AppHealth["workers"] = [];
  try {
    const beats = await listPulses(db);
    workers = beats.map((b) => ({ role: b.role, region: b.region, lastBeatAt: b.lastBeatAt, silent: isStale(b, now) }));
    const coordinators = beats.filter((b) => b.role === "coordinator");
    const newest = coordinators.reduce<number | null>((max, b) => (max === null || b.lastBeatAt > max ? b.lastBeatAt : max), null);
    if (newest === null) problems.push("no coordinator has reported: start the worker (npm start runs it)");
    else if (isStale({ lastBeatAt: newest }, now)) {
      problems.push(`the coordinator is silent: last report ${ago(now - newest)} ago (silent after ${ago(PULSE_STALE_MS)}); the public page shows no data`);
    }
    for (const b of beats) {
      if (b.role === "probe" && isStale(b, now)) problems.push(`probe region ${b.region} is silent: last report ${ago(now - b.lastBeatAt)} ago (silent after ${ago(PULSE_STALE_MS)})`);
    }
  } catch (err) {
    problems.push(`cannot read the workers' heartbeats (${codeOf(err)})`);
  }
  let backup: AppHealth["backup"] = "not configured";
  if (opts.backupDir) {
    try {
      backup = await checkBackups(db, opts.backupDir, now, problems);
    } catch (err) {
      problems.push(`cannot read the backups' state (${codeOf(err)})`);
    }
  }
  return {
    status: problems.length === 0 ? "ok" : "error",
    problems,
    database: database ?? "ok",
    disk: disk ?? "ok",
    workers,
    backup,
  };
}

/** The answer when the database cannot even be opened. */
export function databaseUnavailable(err: unknown): AppHealth {
  const database = `the database cannot be opened (${codeOf(err)}): check DATABASE_URL and that the file's folder is writable`;
  return { status: "error", problems: [database], database, disk: "not checked", workers: [], backup: "not configured" };
}
