/**
 * Keeping a backup's WAL work off the probes' writer.
 *
 * VACUUM INTO reads one snapshot for the whole copy, and meanwhile no checkpoint can move the
 * frames written after it into the database: the WAL grows by every write of the copy's
 * duration (150-370 MB for a 1 GB database under bench:backup's load). When the snapshot ends,
 * the next connection to checkpoint copies all of it and syncs (~200-350 ms measured here), and
 * the WAL's next restart truncates the file back to its limit (~0.4 ms per MB here). With the
 * default settings both happen inside a writer's commit, and the embedded driver runs that on
 * the writer's thread: the probes' event loop stood still for as long.
 *
 * So while a scheduled backup runs, the coordinator's connection (the probes' too: one process)
 * neither checkpoints nor truncates (`holdWalForBackup`). The backup process checkpoints instead,
 * from a thread of its own every WAL_KEEPER_EVERY_MS through the copy and the check of the copy
 * (`startWalKeeper`; a writer's own checkpoints, even small ones, each sync the database file,
 * and they stalled writes by 70-110 ms while the check read the 1 GB copy), catches the WAL up at
 * the end (`catchUpWal`: PASSIVE, which never waits for or blocks a writer; another connection's
 * autocheckpoint finds the checkpoint lock taken and skips), says so (WAL_CAUGHT_UP over the IPC
 * channel), and the writer gets its settings back, its size limit lowered in steps so that no
 * restart truncates more than WAL_SHRINK_STEP_BYTES.
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Client } from "@libsql/client";
import { DEFAULT_WAL_SETTINGS, setWalSettings, type Db } from "../db/client";
import { isLocalDb } from "../db/maintenance";

/** The message the backup process sends its parent once the WAL is caught up after the copy. */
export const WAL_CAUGHT_UP = "backup:wal-caught-up";
/** The most one WAL restart truncates while the limit comes back down (~6 ms of ftruncate here). */
export const WAL_SHRINK_STEP_BYTES = 16 * 1_048_576;
/** How often the limit steps down; the WAL restarts after each full checkpoint, several times a second under load. */
const WAL_SHRINK_INTERVAL_MS = 250;
/** catchUpWal gives up after this long (a writer outpacing the checkpoint); the writer's own checkpoints take over. */
const CATCH_UP_MAX_MS = 60_000;

export interface CatchUp {
  /** PASSIVE checkpoints run, and whether the last one found every frame in the database. */
  rounds: number;
  caughtUp: boolean;
}

/**
 * PASSIVE checkpoints on `client` until every frame of the WAL is in the database (writers may
 * append meanwhile: each round copies what came since). Never blocks a writer.
 */
export async function catchUpWal(client: Client, maxMs = CATCH_UP_MAX_MS): Promise<CatchUp> {
  const giveUpAt = performance.now() + maxMs;
  for (let rounds = 1; ; rounds++) {
    const row = (await client.execute("PRAGMA wal_checkpoint(PASSIVE)")).rows[0];
    // busy: another connection is checkpointing (or frames = -1: not a WAL database).
    const caughtUp = Number(row?.[0]) === 0 && Number(row?.[2]) >= Number(row?.[1]);
    if (caughtUp || performance.now() >= giveUpAt) return { rounds, caughtUp };
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** How often the keeper checkpoints while the backup process is busy with its own work. */
export const WAL_KEEPER_EVERY_MS = 200;
/** Every how many rounds the keeper also lets the WAL start over (a RESTART checkpoint). */
const WAL_KEEPER_RESTART_EVERY = 5;

/**
 * The keeper's thread: its own connection to the live database, a PASSIVE checkpoint every
 * `every` ms until told to stop, then one last round. CommonJS source for an `eval` worker, with
 * the driver's entry resolved by the caller (the bundled worker has no file of its own for it).
 */
const KEEPER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { createClient } = require(workerData.driver);
const client = createClient({ url: workerData.url });
let stopping = false, rounds = 0, timer;
parentPort.on("message", (m) => { if (m === "stop") { stopping = true; clearTimeout(timer); round(); } });
async function round() {
  try {
    await client.execute("PRAGMA wal_checkpoint(PASSIVE)");
    // Right after a PASSIVE round little is left: RESTART copies it under the write lock (busy
    // timeout 0: if a writer or reader is in the way it gives up at once, as PASSIVE) so that the
    // next commit starts the WAL over from its beginning. PASSIVE alone never catches a writer
    // that commits every few ms, and the WAL grew by every write (2 GB in a 96 s backup).
    if (++rounds % workerData.restartEvery === 0) await client.execute("PRAGMA wal_checkpoint(RESTART)");
  } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
  if (stopping) { client.close(); parentPort.postMessage({ rounds }); parentPort.close(); return; }
  timer = setTimeout(round, workerData.every);
}
client.execute("PRAGMA busy_timeout=0").then(() => round(), (err) => parentPort.postMessage({ error: String(err.message) }));
`;

export interface WalKeeper {
  /** Stops the thread after one last checkpoint; resolves with the rounds it ran. */
  stop(): Promise<{ rounds: number; error: string | null }>;
}

/**
 * Checkpoints the live database (`url`, a file: URL) from a thread of this process every
 * WAL_KEEPER_EVERY_MS, so that while the backup process's own thread is inside a long native
 * call (VACUUM INTO, the copy's integrity check) the WAL still reaches the database and no
 * writer's commit has to do it: the scheduled run's writer is held (holdWalForBackup) until the
 * whole run is over, and a person's `npm run backup` finds little left for the product's own
 * automatic checkpoints. PASSIVE: it neither waits for nor blocks a writer.
 */
export function startWalKeeper(url: string, every = WAL_KEEPER_EVERY_MS): WalKeeper {
  const driver = createRequire(import.meta.url).resolve("@libsql/client");
  const worker = new Worker(KEEPER_SOURCE, { eval: true, workerData: { url, driver, every, restartEvery: WAL_KEEPER_RESTART_EVERY } });
  let error: string | null = null;
  let rounds = 0;
  const ended = new Promise<void>((resolve) => {
    worker.on("message", (m: { error?: string; rounds?: number }) => {
      if (m.error) error ??= m.error;
      if (m.rounds !== undefined) rounds = m.rounds;
    });
    worker.on("error", (err) => (error ??= err.message));
    worker.on("exit", () => resolve());
  });
  return {
    async stop() {
      worker.postMessage("stop");
      // A thread stuck behind a lock must not keep the backup from ending.
      const timeout = setTimeout(() => void worker.terminate(), 10_000);
      await ended;
      clearTimeout(timeout);
      return { rounds, error };
    },
  };
}

const shrinking = new WeakMap<Db, NodeJS.Timeout>();

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Stops `db` (a `file:` connection) from checkpointing and from truncating its WAL until the
 * returned release is called (call it once the backup process said WAL_CAUGHT_UP, and in any
 * case when it has ended). Release restores the defaults, the size limit in steps.
 */
export async function holdWalForBackup(db: Db): Promise<() => Promise<void>> {
  if (!isLocalDb(db)) return async () => {};
  clearInterval(shrinking.get(db));
  shrinking.delete(db);
  await setWalSettings(db, { autoCheckpointPages: 0, sizeLimitBytes: -1 });
  const file = String((await db.$client.execute("PRAGMA database_list")).rows.find((r) => r[1] === "main")?.[2] ?? "");
  let released: Promise<void> | undefined;
  return () =>
    (released ??= (async () => {
      let limit = Math.max(DEFAULT_WAL_SETTINGS.sizeLimitBytes, walBytes(file) - WAL_SHRINK_STEP_BYTES);
      await setWalSettings(db, { autoCheckpointPages: DEFAULT_WAL_SETTINGS.autoCheckpointPages, sizeLimitBytes: limit });
      if (limit <= DEFAULT_WAL_SETTINGS.sizeLimitBytes) return;
      const timer = setInterval(() => {
        limit = Math.max(DEFAULT_WAL_SETTINGS.sizeLimitBytes, limit - WAL_SHRINK_STEP_BYTES);
        const last = limit <= DEFAULT_WAL_SETTINGS.sizeLimitBytes;
        if (last) (clearInterval(timer), shrinking.delete(db));
        // A failed step (a closed connection) leaves the previous limit; the next step or hold sets it again.
        void setWalSettings(db, { ...DEFAULT_WAL_SETTINGS, sizeLimitBytes: limit }).catch(() => {});
      }, WAL_SHRINK_INTERVAL_MS).unref();
      shrinking.set(db, timer);
    })());
}
