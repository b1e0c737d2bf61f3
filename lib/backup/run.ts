/**
 * One backup run, as the CLI and the coordinator's schedule do it: take a verified backup, then
 * (only then) delete the older ones the keep policy lets go.
 */
import { rmSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { databaseFile, databaseUrl } from "../db/client";
import { listBackups, takeBackup, type BackupReport } from "./backup";
import { backupsToDelete, DEFAULT_KEEP, type KeepPolicy } from "./rotation";

/** BACKUP_DIR, or a backups folder beside the database file (data/backups for the embedded default). */
export function backupDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BACKUP_DIR?.trim()) return resolve(env.BACKUP_DIR.trim());
  const file = databaseFile(databaseUrl(env));
  return file ? join(dirname(file), "backups") : resolve("data/backups");
}

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
