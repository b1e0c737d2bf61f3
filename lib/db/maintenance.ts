/**
 * Keeping an SQLite file bounded while the product runs: WAL checkpoints, freeing pages in
 * small steps (auto_vacuum=INCREMENTAL), and the one-off VACUUM that switches an older file to
 * it. Only `file:` databases; a remote libSQL server looks after its own storage.
 */
import { statSync } from "node:fs";
import type { Db } from "./client";

/** SQLite's PRAGMA auto_vacuum values. */
const AUTO_VACUUM_INCREMENTAL = 2;
/** A file smaller than this is switched to incremental vacuum at start-up (a VACUUM of it takes well under a second). */
export const STARTUP_VACUUM_MAX_BYTES = 64 * 1_048_576;
/** Pages freed per incremental_vacuum step (4 MiB at the default page size): a short write each. */
export const VACUUM_STEP_PAGES = 1_000;
/** Free pages kept for the next inserts, as a fraction of the file: what retention frees is reused within the hour. */
const FREE_PAGE_RESERVE = 0.1;

export const isLocalDb = (db: Db): boolean => db.$client.protocol === "file";

async function pragmaNumber(db: Db, pragma: string): Promise<number> {
  const res = await db.$client.execute(`PRAGMA ${pragma}`);
  return Number(res.rows[0]?.[0] ?? 0);
}

export interface CheckpointResult {
  /** Frames in the WAL and how many of them are now in the database file. */
  walFrames: number;
  checkpointedFrames: number;
  /** Whether the WAL file was truncated to zero bytes. */
  truncated: boolean;
}

/**
 * A PASSIVE checkpoint (never waits for readers or writers); when it copied every frame, a
 * TRUNCATE one, which then has nothing left to copy and only resets the file to zero bytes, so
 * a WAL that grew while a reader held an old snapshot does not stay large.
 */
export async function checkpointWal(db: Db): Promise<CheckpointResult | null> {
  if (!isLocalDb(db)) return null;
  const passive = (await db.$client.execute("PRAGMA wal_checkpoint(PASSIVE)")).rows[0];
  const walFrames = Number(passive?.[1] ?? 0);
  const checkpointedFrames = Number(passive?.[2] ?? 0);
  if (walFrames <= 0 || checkpointedFrames < walFrames) return { walFrames, checkpointedFrames, truncated: false };
  const truncate = (await db.$client.execute("PRAGMA wal_checkpoint(TRUNCATE)")).rows[0];
  return { walFrames, checkpointedFrames, truncated: Number(truncate?.[0] ?? 1) === 0 };
}

/**
 * Returns free pages beyond a reserve to the file system, VACUUM_STEP_PAGES per statement, while
 * `more()` allows (the caller's time budget). Returns the pages freed; 0 on a file that is not
 * in incremental mode.
 */
export async function releaseFreePages(db: Db, more: () => Promise<boolean> = async () => true): Promise<number> {
  if (!isLocalDb(db) || (await pragmaNumber(db, "auto_vacuum")) !== AUTO_VACUUM_INCREMENTAL) return 0;
  let freed = 0;
  for (;;) {
    const [free, pages] = [await pragmaNumber(db, "freelist_count"), await pragmaNumber(db, "page_count")];
    const excess = free - Math.floor(pages * FREE_PAGE_RESERVE);
    if (excess <= 0 || !(await more())) return freed;
    const step = Math.min(excess, VACUUM_STEP_PAGES);
    // Through sqlite3_exec: it steps the pragma to the end (execute() steps once, freeing one page
    // and leaving the statement open, which then locks the checkpoint).
    await db.$client.executeMultiple(`PRAGMA incremental_vacuum(${step})`);
    freed += step;
  }
}

/** Already incremental, switched now, left alone because it is large, or not a local file. */
export type VacuumSwitch = "incremental" | "switched" | "too-large" | "not-local";

/**
 * Puts a file in auto_vacuum=INCREMENTAL. A new file already is (lib/db/client.ts sets it before
 * the first table); an older one needs one VACUUM, which rewrites the file while holding the write
 * lock: done here only when the file is under `maxBytes`, else left to `npm run compact`.
 */
export async function enableIncrementalVacuum(db: Db, maxBytes = STARTUP_VACUUM_MAX_BYTES): Promise<VacuumSwitch> {
  if (!isLocalDb(db)) return "not-local";
  if ((await pragmaNumber(db, "auto_vacuum")) === AUTO_VACUUM_INCREMENTAL) return "incremental";
  const bytes = (await pragmaNumber(db, "page_count")) * (await pragmaNumber(db, "page_size"));
  if (bytes > maxBytes) return "too-large";
  await db.$client.execute("PRAGMA auto_vacuum=INCREMENTAL");
  await db.$client.execute("VACUUM");
  if ((await pragmaNumber(db, "auto_vacuum")) !== AUTO_VACUUM_INCREMENTAL) throw new Error("VACUUM did not switch the database to auto_vacuum=INCREMENTAL");
  return "switched";
}

/** Bytes of the database file and of its WAL (0 when there is none), for benches and the compact command. */
export function fileSizes(file: string): { dbBytes: number; walBytes: number } {
  const size = (path: string) => {
    try {
      return statSync(path).size;
    } catch {
      return 0;
    }
  };
  return { dbBytes: size(file), walBytes: size(`${file}-wal`) };
}
