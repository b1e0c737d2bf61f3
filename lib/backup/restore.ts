/**
 * Restoring a backup over the database: the backup is verified first; a database whose worker
 * pulsed recently (a running product) is refused unless forced; the database it replaces is
 * moved aside (with its WAL), never deleted, so a restore loses nothing either way.
 */
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { createClient } from "@libsql/client";
import { PULSE_STALE_MS } from "../workers/pulse";
import { UserError } from "../errors";
import { databaseFile } from "../db/client";
import { verifyBackup, type Verification } from "./backup";

export interface RestoreReport extends Verification {
  restored: string;
  /** Where the replaced database went; null when there was none. */
  previous: string | null;
}

/** Milliseconds since the newest worker pulse in the database at `file`, or null when it has none. */
async function lastPulseAge(file: string, now: number): Promise<number | null> {
  const client = createClient({ url: `file:${file}` });
  try {
    const res = await client.execute("SELECT max(last_beat_at) FROM worker_heartbeats");
    const last = res.rows[0]?.[0];
    return last === null || last === undefined ? null : now - Number(last);
  } catch {
    return null;
  } finally {
    client.close();
  }
}

export async function restoreBackup(backup: string, targetUrl: string, opts: { force?: boolean; now?: number } = {}): Promise<RestoreReport> {
  const now = opts.now ?? Date.now();
  const target = databaseFile(targetUrl);
  if (!target) throw new UserError("invalid_input", `Restore writes a SQLite file, and DATABASE_URL is "${targetUrl.split("?")[0]}".`);
  const verification = await verifyBackup(backup);
  let previous: string | null = null;
  if (existsSync(target)) {
    const age = await lastPulseAge(target, now);
    if (age !== null && age < PULSE_STALE_MS && !opts.force) {
      throw new UserError(
        "conflict",
        `${target} is in use: a worker pulsed ${Math.max(0, Math.round(age / 1000))} s ago. Stop the product first, or pass --force to restore under it.`,
      );
    }
    previous = join(dirname(target), `${basename(target)}.before-restore-${new Date(now).toISOString().replace(/[:.]/g, "-")}`);
    renameSync(target, previous);
    for (const side of ["-wal", "-shm"]) if (existsSync(target + side)) renameSync(target + side, previous + side);
  }
  const partial = `${target}.restoring`;
  try {
    copyFileSync(backup, partial);
    renameSync(partial, target);
  } catch (err) {
    rmSync(partial, { force: true });
    if (previous && !existsSync(target)) renameSync(previous, target);
    throw new UserError("unavailable", `Could not write ${target}: ${(err as Error).message}`);
  }
  return { restored: target, previous, ...verification };
}
