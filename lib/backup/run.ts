/**
 * One backup run, as the CLI and the coordinator's schedule do it: take a verified backup, then
 * (only then) delete the older ones the keep policy lets go; then, when BACKUP_S3_* is set, copy
 * the new backup to S3 and rotate the remote copies with the same policy (lib/backup/s3.ts).
 * A failed or misconfigured upload fails the run (so its heartbeat monitor goes down with the
 * reason) but keeps the verified local backup.
 */
import { rmSync } from "node:fs";
import { basename } from "node:path";
import { UserError } from "../errors";
import { listBackups, takeBackup, type BackupOptions, type BackupReport } from "./backup";
import { backupsToDelete, DEFAULT_KEEP, type KeepPolicy } from "./rotation";
import { rotateRemoteBackups, s3Client, s3TargetFromEnv, uploadBackup, type Env, type S3Target, type UploadReport } from "./s3";

export interface RunReport extends BackupReport {
  deleted: string[];
  kept: number;
  /** The S3 copy, or null when BACKUP_S3_* is not set. */
  uploaded: UploadReport | null;
  /** Remote keys the rotation deleted. */
  remoteDeleted: string[];
}

export async function runBackup(sourceUrl: string, dir: string, keep: KeepPolicy = DEFAULT_KEEP, now = Date.now(), env: Env = process.env, opts: BackupOptions = {}): Promise<RunReport> {
  // Bad S3 settings fail the run, but only after the local backup: a typo must not cost one.
  let target: S3Target | null = null;
  let settingsError: UserError | null = null;
  try {
    target = s3TargetFromEnv(env);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    settingsError = err;
  }
  const report = await takeBackup(sourceUrl, dir, now, opts);
  const doomed = backupsToDelete(listBackups(dir), keep);
  for (const b of doomed) rmSync(b.file, { force: true });
  const local = { ...report, deleted: doomed.map((b) => b.file), kept: listBackups(dir).length };
  // The file's name, not its path: the heartbeat message keeps 400 characters, and BACKUP_DIR says where.
  const name = basename(report.file);
  const notCopied = (err: UserError) => new UserError("unavailable", `The backup ${name} is written and verified, but not copied to S3: ${err.message}`);
  if (settingsError) throw notCopied(settingsError);
  if (!target) return { ...local, uploaded: null, remoteDeleted: [] };
  const client = s3Client(target);
  try {
    const uploaded = await uploadBackup(target, report.file, client).catch((err: unknown) => {
      throw err instanceof UserError ? notCopied(err) : err;
    });
    const remoteDeleted = await rotateRemoteBackups(target, keep, client).catch((err: unknown) => {
      throw err instanceof UserError ? new UserError("unavailable", `The backup ${name} is copied to ${uploaded.location}, but the older remote copies are not rotated: ${err.message}`) : err;
    });
    return { ...local, uploaded, remoteDeleted };
  } finally {
    client.destroy();
  }
}
