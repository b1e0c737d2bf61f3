/**
 * Online backups of the SQLite database: `VACUUM INTO` a timestamped file on a connection of its
 * own (WAL mode: probes keep writing while it copies a consistent snapshot), then the copy is
 * verified (opened, `PRAGMA integrity_check`, the key tables counted) before it gets its final
 * name. A file without the final name is never a backup, so a crash mid-way leaves nothing that
 * rotation or restore could mistake for one.
 *
 * VACUUM INTO runs inside the driver's native call, which holds the calling thread: the product
 * runs it in a child process (lib/backup/run.ts), a person through `npm run backup`.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createClient } from "@libsql/client";
import { BUSY_TIMEOUT_MS, databaseFile, databaseUrl } from "../db/client";
import { UserError } from "../errors";
import { catchUpWal, startWalKeeper, type CatchUp } from "./wal";

/** Counted in every verification: a backup that lost one of them is not a backup. */
export const KEY_TABLES = ["__drizzle_migrations", "monitors", "components", "incidents", "check_results", "rollups_daily", "users"] as const;

const PREFIX = "status-";
const SUFFIX = ".db";
/** status-2026-12-07T20-41-05-123Z.db: sorts by time, and no character a file system refuses. */
const NAME = /^status-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})-(\d{3})Z\.db$/;

export interface Verification {
  integrity: string;
  counts: Record<(typeof KEY_TABLES)[number], number>;
}

export interface BackupReport extends Verification {
  file: string;
  at: number;
  bytes: number;
  durationMs: number;
  /** The VACUUM INTO part of durationMs; the rest is mostly the integrity check. */
  copyMs: number;
  /** The checkpoint at the end of the run, of what the keeper thread had not yet moved (./wal.ts); keeperRounds: its checkpoints meanwhile. */
  catchUp: CatchUp & { ms: number; keeperRounds: number };
}

export interface BackupOptions {
  /** Called once the copy is taken and checked and the WAL caught up (the writer may checkpoint again), before any upload. */
  onWalCaughtUp?: () => void;
}

export interface BackupFile {
  file: string;
  at: number;
}

/** BACKUP_DIR, or a backups folder beside the database file (data/backups for the embedded default). */
export function backupDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BACKUP_DIR?.trim()) return resolve(env.BACKUP_DIR.trim());
  const file = databaseFile(databaseUrl(env));
  return file ? join(dirname(file), "backups") : resolve("data/backups");
}

export const backupFileName = (at: number) => `${PREFIX}${new Date(at).toISOString().replace(/[:.]/g, "-")}${SUFFIX}`;

/** The time a backup file's name says, or null for any other file. */
export function backupTime(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const at = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`);
  return Number.isFinite(at) ? at : null;
}

/** The verified backups in `dir`, newest first. */
export function listBackups(dir: string): BackupFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => ({ file: join(dir, name), at: backupTime(name) }))
    .filter((b): b is BackupFile => b.at !== null)
    .sort((a, b) => b.at - a.at);
}

/** The `file:` database a backup is taken of; anything else is a clear error. */
export function sourceFile(url: string): string {
  const file = databaseFile(url);
  if (!file) throw new UserError("invalid_input", `Backups copy a SQLite file, and DATABASE_URL is "${url.split("?")[0]}": back up a remote database with its own tools.`);
  if (!existsSync(file)) throw new UserError("not_found", `There is no database at ${file} to back up.`);
  return file;
}

/**
 * Opens `file` and checks it: `PRAGMA integrity_check` must say "ok" and every key table must be
 * there. Throws a UserError saying what is wrong.
 */
export async function verifyBackup(file: string): Promise<Verification> {
  if (!existsSync(file)) throw new UserError("not_found", `There is no file at ${file}.`);
  const client = createClient({ url: `file:${resolve(file)}` });
  try {
    let integrity: string;
    try {
      const res = await client.execute("PRAGMA integrity_check");
      integrity = res.rows.map((r) => String(r[0])).join("; ");
    } catch (err) {
      throw new UserError("invalid_input", `${file} is not a SQLite database this product can read: ${(err as Error).message}`);
    }
    if (integrity !== "ok") throw new UserError("invalid_input", `${file} fails SQLite's integrity check: ${integrity.slice(0, 500)}`);
    const counts = {} as Verification["counts"];
    for (const table of KEY_TABLES) {
      try {
        const res = await client.execute(`SELECT count(*) FROM "${table}"`);
        counts[table] = Number(res.rows[0][0]);
      } catch {
        throw new UserError("invalid_input", `${file} has no ${table} table: it is not a backup of this product's database.`);
      }
    }
    return { integrity, counts };
  } finally {
    client.close();
  }
}

/**
 * Copies the database at `sourceUrl` into `dir` (created if need be) as a verified backup.
 * Runs on a connection of its own; returns what was written and what it holds.
 */
export async function takeBackup(sourceUrl: string, dir: string, now = Date.now(), opts: BackupOptions = {}): Promise<BackupReport> {
  const started = performance.now();
  const source = sourceFile(sourceUrl);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, backupFileName(now));
  if (existsSync(file)) throw new UserError("conflict", `${file} exists already: one backup per millisecond.`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const client = createClient({ url: `file:${source}`, timeout: BUSY_TIMEOUT_MS });
  // Checkpoints the live database while this thread is inside the copy and the check (./wal.ts).
  const keeper = startWalKeeper(`file:${source}`);
  let copyMs = 0;
  /** Ends the keeper and catches the WAL up on this thread; then the writer may checkpoint again (onWalCaughtUp). */
  const finish = async (): Promise<BackupReport["catchUp"]> => {
    const kept = await keeper.stop();
    const t0 = performance.now();
    const catchUp = { ...(await catchUpWal(client).catch(() => ({ rounds: 0, caughtUp: false }))), ms: 0, keeperRounds: kept.rounds };
    catchUp.ms = performance.now() - t0;
    client.close();
    opts.onWalCaughtUp?.();
    return catchUp;
  };
  try {
    await client.execute(`PRAGMA busy_timeout=${BUSY_TIMEOUT_MS}`);
    await client.execute({ sql: "VACUUM INTO ?", args: [partial] });
    copyMs = performance.now() - started;
  } catch (err) {
    rmSync(partial, { force: true });
    await finish();
    throw new UserError("unavailable", `The backup of ${source} into ${dir} failed: ${(err as Error).message}`);
  }
  let verification: Verification;
  try {
    verification = await verifyBackup(partial);
  } catch (err) {
    // Failed check or not: the WAL the copy and the check held back is this process's work, not a probe's.
    await finish();
    rmSync(partial, { force: true });
    throw err;
  }
  const catchUp = await finish();
  try {
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return { file, at: now, bytes: statSync(file).size, durationMs: performance.now() - started, copyMs, catchUp, ...verification };
}
