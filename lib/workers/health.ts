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
}

export interface HealthOptions {
  now?: number;
  /** DATABASE_URL: the free space of a `file:` database's folder is checked. */
  databaseUrl?: string;
  minFreeBytes?: number;
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
  return {
    status: problems.length === 0 ? "ok" : "error",
    problems,
    database: database ?? "ok",
    disk: disk ?? "ok",
    workers,
  };
}

/** The answer when the database cannot even be opened. */
export function databaseUnavailable(err: unknown): AppHealth {
  const database = `the database cannot be opened (${codeOf(err)}): check DATABASE_URL and that the file's folder is writable`;
  return { status: "error", problems: [database], database, disk: "not checked", workers: [] };
}
