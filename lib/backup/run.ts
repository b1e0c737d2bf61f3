/**
 * One backup run, as the CLI and the coordinator's schedule do it: take a verified backup, then
 * (only then) delete the older ones the keep policy lets go.
 */
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { listBackups, takeBackup, type BackupReport } from "./backup";
import { backupsToDelete, DEFAULT_KEEP, type KeepPolicy } from "./rotation";

/** BACKUP_DIR, or data/backups beside the embedded database. */
export const backupDir = (env: NodeJS.ProcessEnv = process.env) => resolve(env.BACKUP_DIR?.trim() || "data/backups");

export interface RunReport extends BackupReport {
  deleted: string[];
  kept: number;
}

export async function runBackup(sourceUrl: string, dir: string, keep: KeepPolicy = DEFAULT_KEEP, now = Date.now()): Promise<RunReport> {
  const report = await takeBackup(sourceUrl, dir, now);
  const doomed = backupsToDelete(listBackups(dir), keep);
  for (const b of doomed) rmSync(b.file, { force: true });
  return { ...report, deleted: doomed.map((b) => b.file), kept: listBackups(dir).length };
}
