import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { createClient, type Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import * as schema from "./schema";
import { BUSY_SLICE_MS, retryWhileBusy, waitForLocksAsynchronously } from "./busy";

export type Db = LibSQLDatabase<typeof schema> & { $client: Client };

export const DEFAULT_DATABASE_URL = "file:./data/status.db";
/** How long a writer waits for another process's write lock before giving up (asleep, see ./busy.ts). */
export const BUSY_TIMEOUT_MS = 5_000;
/** The WAL is truncated to at most this after a checkpoint resets it. */
export const WAL_SIZE_LIMIT_BYTES = 64 * 1_048_576;

/** The WAL pragmas a `file:` connection runs with (lib/backup/wal.ts changes them while a backup runs). */
export interface WalSettings {
  /** wal_autocheckpoint: after a commit that leaves the WAL this many pages long, the committer checkpoints; 0 never. */
  autoCheckpointPages: number;
  /** journal_size_limit: a WAL restart truncates the file to this; -1 never. */
  sizeLimitBytes: number;
}
export const DEFAULT_WAL_SETTINGS: WalSettings = { autoCheckpointPages: 1_000, sizeLimitBytes: WAL_SIZE_LIMIT_BYTES };
const walSettings = new WeakMap<Client, WalSettings>();

/** Gives the connection these WAL settings now, and the connection ./busy.ts may replace it with. */
export async function setWalSettings(db: Db, settings: WalSettings): Promise<void> {
  walSettings.set(db.$client, settings);
  await db.$client.execute(`PRAGMA wal_autocheckpoint=${Math.trunc(settings.autoCheckpointPages)}`);
  await db.$client.execute(`PRAGMA journal_size_limit=${Math.trunc(settings.sizeLimitBytes)}`);
}

/** DATABASE_URL, or the embedded SQLite file under ./data. */
export function databaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
}

function isFileUrl(url: string): boolean {
  return url.startsWith("file:") || url === ":memory:";
}

/** The file behind a `file:` URL (absolute), or null for other URLs and in-memory databases. */
export function databaseFile(url: string): string | null {
  if (!url.startsWith("file:")) return null;
  const path = url.slice("file:".length).split("?")[0];
  return path && path !== ":memory:" ? resolve(path) : null;
}

/**
 * Opens the database. A `file:` database uses a single connection, so the per-connection
 * settings below hold for every statement (the driver's pool would open new connections
 * without them), and every write goes through `batch()`: one atomic write transaction.
 * (Processes that write open it through ./migrate.ts's openMigratedDb, which says what to change
 * when the file cannot be written.)
 */
export async function openDb(url: string = databaseUrl()): Promise<Db> {
  let client: Client | undefined;
  try {
    const file = databaseFile(url);
    if (file) mkdirSync(dirname(file), { recursive: true });
    const local = isFileUrl(url);
    client = createClient({
      url,
      authToken: process.env.DATABASE_AUTH_TOKEN || undefined,
      ...(local ? { concurrency: 1, timeout: BUSY_SLICE_MS } : {}),
    });
    if (local) {
      // Takes effect on a new file (before its first table); an older one switches with one
      // VACUUM (lib/db/maintenance.ts enableIncrementalVacuum). Retention then frees pages in steps.
      // Only on the first open: on an existing file it reads the header, which another writer's
      // lock makes SQLITE_BUSY, and a replaced connection (./busy.ts) needs no second time.
      // Opening while another process writes can meet its lock: retried like any statement.
      const opened = client;
      await retryWhileBusy(() => opened.execute("PRAGMA auto_vacuum=INCREMENTAL"), BUSY_TIMEOUT_MS);
      const setUp = async (execute: Client["execute"]) => {
        const wal = walSettings.get(opened) ?? DEFAULT_WAL_SETTINGS;
        await execute("PRAGMA journal_mode=WAL");
        await execute(`PRAGMA wal_autocheckpoint=${wal.autoCheckpointPages}`);
        // A WAL that grew while a reader held an old snapshot is cut back to this when it restarts.
        await execute(`PRAGMA journal_size_limit=${wal.sizeLimitBytes}`);
        await execute(`PRAGMA busy_timeout=${BUSY_SLICE_MS}`);
        await execute("PRAGMA synchronous=NORMAL");
        await execute("PRAGMA foreign_keys=ON");
      };
      await retryWhileBusy(() => setUp(opened.execute.bind(opened)), BUSY_TIMEOUT_MS);
      client = waitForLocksAsynchronously(client, BUSY_TIMEOUT_MS, setUp);
    }
    return drizzle(client, { schema }) as Db;
  } catch (err) {
    client?.close();
    throw err;
  }
}

const globalForDb = globalThis as unknown as { __statusDb?: Promise<Db> };

/** The process-wide database (kept on globalThis so Next's dev reloads reuse it). */
export function getDb(): Promise<Db> {
  globalForDb.__statusDb ??= openDb();
  return globalForDb.__statusDb;
}
