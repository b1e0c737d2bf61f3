/**
 * `npm run backup` and `npm run restore -- <file> [--force]`: a verified online backup of the
 * SQLite database into BACKUP_DIR (default data/backups) with rotation, and a checked restore.
 *
 *   npm run backup -- [--dir DIR] [--keep-hourly 24] [--keep-daily 7] [--keep-weekly 4]
 *   npm run restore -- data/backups/status-2026-12-07T20-00-00-000Z.db [--force]
 *   npm run compact        (once, for a database made before incremental vacuum: see README "Retention")
 */
import { parseArgs } from "node:util";
import { databaseFile, databaseUrl, openDb } from "../lib/db/client";
import { enableIncrementalVacuum, fileSizes } from "../lib/db/maintenance";
import { UserError } from "../lib/errors";
import { backupDir, runBackup } from "../lib/backup/run";
import { restoreBackup } from "../lib/backup/restore";
import { DEFAULT_KEEP } from "../lib/backup/rotation";

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

const kb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

try {
  if (command === "backup") {
    const keep = { hourly: count("keep-hourly", DEFAULT_KEEP.hourly), daily: count("keep-daily", DEFAULT_KEEP.daily), weekly: count("keep-weekly", DEFAULT_KEEP.weekly) };
    const r = await runBackup(databaseUrl(), values.dir ?? backupDir(), keep);
    console.log(`backup written and verified: ${r.file} (${kb(r.bytes)} in ${Math.round(r.durationMs)} ms, integrity ${r.integrity})`);
    console.log(`  rows: ${Object.entries(r.counts).map(([t, n]) => `${t} ${n}`).join(", ")}`);
    console.log(`  kept ${r.kept} backup(s) (${keep.hourly} hourly, ${keep.daily} daily, ${keep.weekly} weekly)${r.deleted.length ? `; deleted ${r.deleted.join(", ")}` : ""}`);
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
