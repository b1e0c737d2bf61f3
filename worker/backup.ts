/**
 * `npm run backup` and `npm run restore -- <file> [--force]`: a verified online backup of the
 * SQLite database into BACKUP_DIR (default data/backups) with rotation, and a checked restore.
 *
 *   npm run backup -- [--dir DIR] [--keep-hourly 24] [--keep-daily 7] [--keep-weekly 4]
 *     (with BACKUP_S3_* set, the backup is also copied to S3: lib/backup/s3.ts)
 *   npm run restore -- data/backups/status-2026-12-07T20-00-00-000Z.db [--force]
 *   npm run compact        (once, for a database made before incremental vacuum: see README "Retention")
 */
import { spawn } from "node:child_process";
import { setPriority } from "node:os";
import { parseArgs } from "node:util";
import { databaseFile, databaseUrl, openDb } from "../lib/db/client";
import { enableIncrementalVacuum, fileSizes } from "../lib/db/maintenance";
import { UserError } from "../lib/errors";
import { backupDir } from "../lib/backup/backup";
import { runBackup } from "../lib/backup/run";
import { restoreBackup } from "../lib/backup/restore";
import { DEFAULT_KEEP } from "../lib/backup/rotation";
import { WAL_CAUGHT_UP } from "../lib/backup/wal";

const [command, ...rest] = process.argv.slice(2);
const { values, positionals } = parseArgs({
  args: rest,
  allowPositionals: true,
  options: {
    dir: { type: "string" },
    "keep-hourly": { type: "string" },
    "keep-daily": { type: "string" },
    "keep-weekly": { type: "string" },
    force: { type: "boolean", default: false },
  },
});

function count(name: "keep-hourly" | "keep-daily" | "keep-weekly", fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new UserError("invalid_input", `--${name} must be a whole number from 0 to 10000, got "${raw}"`);
  return n;
}

/**
 * A backup is background work: its copy and integrity check must not take CPU from the probes'
 * writes on a small machine (2 cores here), nor disk time where the I/O scheduler honours
 * priorities (BFQ; "none" and mq-deadline ignore them). Best-effort class, not idle: steady probe
 * writes could starve an idle-class backup for good. Both are best effort.
 */
function yieldToProbes() {
  try {
    setPriority(19);
  } catch {
    // Not allowed here: the backup still runs, at normal priority.
  }
  spawn("ionice", ["-c2", "-n7", "-p", String(process.pid)], { stdio: "ignore" })
    .on("error", () => {})
    .unref();
}

const kb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

try {
  if (command === "backup") {
    yieldToProbes();
    const keep = { hourly: count("keep-hourly", DEFAULT_KEEP.hourly), daily: count("keep-daily", DEFAULT_KEEP.daily), weekly: count("keep-weekly", DEFAULT_KEEP.weekly) };
    // Started by the coordinator (an IPC channel): it holds its writer's checkpoints until this says the WAL is caught up.
    const r = await runBackup(databaseUrl(), values.dir ?? backupDir(), keep, Date.now(), process.env, { onWalCaughtUp: () => process.send?.(WAL_CAUGHT_UP) });
    // The first line is the run's summary (the scheduled run's heartbeat message).
    console.log(`backup written and verified: ${r.file} (${kb(r.bytes)} in ${Math.round(r.durationMs)} ms: ${Math.round(r.copyMs)} ms to copy, ${Math.round(r.catchUp.ms)} ms to catch the WAL up at the end after ${r.catchUp.keeperRounds} checkpoints from a thread meanwhile, the rest to check; integrity ${r.integrity})${r.uploaded ? `, uploaded to ${r.uploaded.location}` : ""}`);
    console.log(`  rows: ${Object.entries(r.counts).map(([t, n]) => `${t} ${n}`).join(", ")}`);
    console.log(`  kept ${r.kept} backup(s) (${keep.hourly} hourly, ${keep.daily} daily, ${keep.weekly} weekly)${r.deleted.length ? `; deleted ${r.deleted.join(", ")}` : ""}`);
    if (r.uploaded) console.log(`  uploaded ${kb(r.uploaded.bytes)} in ${Math.round(r.uploaded.durationMs)} ms${r.remoteDeleted.length ? `; deleted the rotated-out remote copies ${r.remoteDeleted.join(", ")}` : ""}`);
  } else if (command === "restore") {
    if (positionals.length !== 1) throw new UserError("invalid_input", "Name the backup file to restore: npm run restore -- data/backups/status-….db [--force]");
    const r = await restoreBackup(positionals[0], databaseUrl(), { force: values.force });
    console.log(`restored ${positionals[0]} into ${r.restored} (integrity ${r.integrity}; ${Object.entries(r.counts).map(([t, n]) => `${t} ${n}`).join(", ")})`);
    if (r.previous) console.log(`  the database it replaced is kept at ${r.previous}`);
  } else if (command === "compact") {
    // One VACUUM: rewrites the file with auto_vacuum=INCREMENTAL, holding the write lock meanwhile
    // (probes wait up to their busy timeout, then keep their results in memory and retry).
    const url = databaseUrl();
    const file = databaseFile(url);
    if (!file) throw new UserError("invalid_input", "compact works on a local SQLite file (DATABASE_URL=file:…).");
    const db = await openDb(url);
    const before = fileSizes(file).dbBytes;
    const t0 = performance.now();
    const outcome = await enableIncrementalVacuum(db, Infinity);
    db.$client.close();
    console.log(outcome === "incremental" ? `${file} already frees space in steps (auto_vacuum=INCREMENTAL); nothing to do` : `${file}: auto_vacuum=INCREMENTAL, ${kb(before)} → ${kb(fileSizes(file).dbBytes)} in ${Math.round(performance.now() - t0)} ms`);
  } else {
    throw new UserError("invalid_input", `Unknown command "${command ?? ""}": use backup, restore or compact.`);
  }
} catch (err) {
  if (err instanceof UserError) {
    console.error(err.message);
    process.exit(err.code === "conflict" ? 3 : 2);
  }
  throw err;
}
