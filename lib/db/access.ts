import { accessSync, constants, existsSync } from "node:fs";
import { userInfo } from "node:os";
import { dirname } from "node:path";
import { databaseFile, type Db } from "./client";

/**
 * A database that the process cannot write, told in words with what to change. Only the
 * processes that write at start-up (the worker, `npm start`) use this module, through
 * ./migrate.ts; it asks the file system about the file, which the app's bundle must not trace.
 */

export interface OpenOptions {
  /** What a user changes to put the database elsewhere, named in access errors ("set DATABASE_URL"). */
  elsewhere?: string;
}

/**
 * Proves that a file database takes writes, without changing it: a read-only file opens and reads
 * fine and fails only at its first write, which would be some loop's, long after start-up.
 */
export async function assertWritable(db: Db, url: string, opts: OpenOptions = {}): Promise<void> {
  if (!databaseFile(url)) return;
  let tx;
  try {
    tx = await db.$client.transaction("write");
    await tx.execute("CREATE TABLE __write_check (x)");
    await tx.rollback();
  } catch (err) {
    throw databaseAccessError(err, url, opts) ?? err;
  } finally {
    tx?.close();
  }
}

/** A database that cannot be written, with what to change; the start-up prints it as it is. */
export class DatabaseAccessError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "DatabaseAccessError";
  }
}

const FS_ACCESS_CODES = new Set(["EACCES", "EPERM", "EROFS"]);

/**
 * Says what is wrong and what to change when `err` means the database file or its folder cannot
 * be written (SQLITE_READONLY*, SQLITE_CANTOPEN, or the folder cannot be created); null for any
 * other error. Which one it is, is found by asking the file system, so the message names the
 * file or folder that needs the change.
 */
export function databaseAccessError(err: unknown, url: string, opts: OpenOptions = {}): DatabaseAccessError | null {
  if (err instanceof DatabaseAccessError) return err;
  const file = databaseFile(url);
  if (!file) return null;
  const e = err as { code?: string; message?: string; syscall?: string; path?: string };
  const code = String(e?.code ?? "");
  const message = String(e?.message ?? "");
  const fsRefused = FS_ACCESS_CODES.has(code) && typeof e.syscall === "string";
  const sqliteRefused = /^SQLITE_(READONLY|CANTOPEN|PERM)/.test(code) || /Unable to open connection to local database .*: 14\b/.test(message) || /readonly database|unable to open database file/i.test(message);
  if (!fsRefused && !sqliteRefused) return null;

  const elsewhere = opts.elsewhere ?? "use a writable location";
  const user = currentUser();
  const writable = (p: string) => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  const fix = (p: string) => `make it writable for user ${user} (chmod u+w ${p} if ${user} owns it, or chown ${user} ${p}), or ${elsewhere}`;
  const dir = dirname(file);
  const missingDir = nearestMissing(dir);
  const side = [`${file}-wal`, `${file}-shm`].find((p) => existsSync(p) && !writable(p));
  let text: string;
  if (code === "EROFS" || /read-only file system/i.test(message)) {
    text = `the database file ${file} is on a read-only file system: mount it read-write, or ${elsewhere}`;
  } else if (missingDir) {
    text = `the database folder ${dir} does not exist and user ${user} cannot create it in ${dirname(missingDir)}: create it (mkdir -p ${dir}) writable for user ${user}, or ${elsewhere}`;
  } else if (!existsSync(file) && !writable(dir)) {
    text = `the database file ${file} does not exist and user ${user} cannot create it in ${dir}: ${fix(dir).replace("make it", "make the folder")}`;
  } else if (existsSync(file) && !writable(file)) {
    text = `the database file ${file} is read-only for user ${user}: ${fix(file)}`;
  } else if (side) {
    text = `the database's ${side.slice(file.length + 1)} file ${side} is read-only for user ${user}: ${fix(side)}`;
  } else if (!writable(dir)) {
    text = `the database folder ${dir} is not writable for user ${user} (SQLite keeps its -wal and -shm files beside the database): ${fix(dir)}`;
  } else {
    text = `the database file ${file} cannot be opened for writing (${code || message}): check the permissions of it, its -wal and -shm files and ${dir}, or ${elsewhere}`;
  }
  const out = new DatabaseAccessError(text, file);
  out.cause = err;
  return out;
}

function nearestMissing(dir: string): string | null {
  let missing: string | null = null;
  for (let p = dir, i = 0; !existsSync(p) && i < 64; p = dirname(p), i++) missing = p;
  return missing;
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return String(process.getuid?.() ?? "?");
  }
}

