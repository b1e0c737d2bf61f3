import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { sql } from "drizzle-orm";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { backupFileName, listBackups } from "./backup";
import { runBackup } from "./run";
import { s3Client, s3TargetFromEnv, uploadBackup } from "./s3";
import { BackupRunner } from "./schedule";
import { DAY_MS } from "../uptime/uptime";

const run = promisify(execFile);
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
// s3rver's one account. It checks that the access key id exists, not (for SigV4) the signature,
// so "a wrong key" here is an unknown access key id.
const KEY_ID = "S3RVER";
const SECRET = "S3RVER";
const BUCKET = "status-backups";

describe("backups copied to S3-compatible storage", () => {
  let server: S3rver;
  let endpoint: string;
  let s3dir: string;
  let admin: S3Client;
  beforeAll(async () => {
    s3dir = mkdtempSync(join(tmpdir(), "status-s3rver-"));
    server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    admin = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET } });
  });
  afterAll(async () => {
    admin.destroy();
    await server.close();
    rmSync(s3dir, { recursive: true, force: true });
  });

  let db: Db;
  let url: string;
  let cleanup: () => void;
  let dir: string;
  let prefix: string;
  beforeEach(async () => {
    ({ db, url, cleanup } = await createTestDb());
    dir = mkdtempSync(join(tmpdir(), "status-backups-"));
    // Each test its own prefix in the one bucket, so they cannot see each other's objects.
    prefix = `hub-${randomBytes(4).toString("hex")}/`;
  });
  afterEach(() => {
    cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const s3env = (extra: Record<string, string> = {}) => ({
    BACKUP_S3_ENDPOINT: endpoint,
    BACKUP_S3_BUCKET: BUCKET,
    BACKUP_S3_PREFIX: prefix,
    BACKUP_S3_ACCESS_KEY_ID: KEY_ID,
    BACKUP_S3_SECRET_ACCESS_KEY: SECRET,
    ...extra,
  });
  const objectBytes = async (key: string) => (await admin.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray();
  const keysUnder = async (p: string) => ((await admin.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: p }))).Contents ?? []).map((o) => o.Key!).sort();

  it("reads its settings from the environment, naming each variable to set and never echoing a key", () => {
    expect(s3TargetFromEnv({})).toBeNull();
    expect(s3TargetFromEnv({ AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b" })).toBeNull();
    expect(s3TargetFromEnv(s3env())).toEqual({
      bucket: BUCKET,
      prefix,
      endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      rotate: true,
      credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    });
    // AWS itself: no endpoint, virtual-hosted URLs, the standard AWS_* keys and region.
    expect(s3TargetFromEnv({ BACKUP_S3_BUCKET: "b-1", BACKUP_S3_PREFIX: "/x", AWS_REGION: "eu-central-1", AWS_ACCESS_KEY_ID: "id", AWS_SECRET_ACCESS_KEY: "s", AWS_SESSION_TOKEN: "t" })).toMatchObject({
      prefix: "x/",
      endpoint: null,
      region: "eu-central-1",
      forcePathStyle: false,
      credentials: { accessKeyId: "id", secretAccessKey: "s", sessionToken: "t" },
    });

    const problems = (env: Record<string, string>) => {
      try {
        s3TargetFromEnv(env);
      } catch (err) {
        return (err as Error).message;
      }
      throw new Error("no error");
    };
    const partial = problems({ BACKUP_S3_PREFIX: "x", BACKUP_S3_SECRET_ACCESS_KEY: "hunter2-secret", BACKUP_S3_FORCE_PATH_STYLE: "sure" });
    expect(partial).toMatch(/^The S3 settings for backups are incomplete: set BACKUP_S3_BUCKET/);
    expect(partial).toMatch(/set BACKUP_S3_REGION/);
    expect(partial).toMatch(/set BACKUP_S3_ACCESS_KEY_ID: BACKUP_S3_SECRET_ACCESS_KEY is set without it/);
    expect(partial).toMatch(/BACKUP_S3_FORCE_PATH_STYLE must be true or false/);
    expect(partial).not.toContain("hunter2");
    const withPassword = problems(s3env({ BACKUP_S3_ENDPOINT: "https://id:hunter2@s3.example.com" }));
    expect(withPassword).toMatch(/BACKUP_S3_ENDPOINT must not carry a user name or password/);
    expect(withPassword).not.toContain("hunter2");
    expect(problems(s3env({ BACKUP_S3_ENDPOINT: "s3.example.com" }))).toMatch(/BACKUP_S3_ENDPOINT must be an http:\/\/ or https:\/\/ URL/);
    expect(problems(s3env({ BACKUP_S3_ACCESS_KEY_ID: "", BACKUP_S3_SECRET_ACCESS_KEY: "" }))).toMatch(/set BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY \(or AWS_ACCESS_KEY_ID/);
  });

  it("copies each verified backup byte for byte, and rotates only our own remote backups under the prefix", async () => {
    const now = Date.UTC(2026, 11, 7, 12, 0, 0);
    // Older remote backups, and objects that are not ours to delete: another prefix, another
    // name, a sub-folder.
    const old = [now - 3 * DAY_MS, now - 2 * DAY_MS].map((at) => `${prefix}${backupFileName(at)}`);
    const foreign = [`other-${prefix}${backupFileName(now - 3 * DAY_MS)}`, `${prefix}notes.txt`, `${prefix}sub/${backupFileName(now - 3 * DAY_MS)}`];
    for (const key of [...old, ...foreign]) await admin.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: "x" }));

    const report = await runBackup(url, dir, { hourly: 1, daily: 1, weekly: 1 }, now, s3env());
    expect(report.uploaded).toMatchObject({ key: `${prefix}${backupFileName(now)}`, location: `s3://${BUCKET}/${prefix}${backupFileName(now)}`, bytes: report.bytes });
    expect(sha256(await objectBytes(report.uploaded!.key))).toBe(sha256(readFileSync(report.file)));
    // One per hour, day and week keeps only the new one (7 December 2026 is a Monday): both old
    // ones go, and nothing that is not ours.
    expect(report.remoteDeleted.sort()).toEqual(old.sort());
    expect(await keysUnder(prefix)).toEqual([`${prefix}notes.txt`, `${prefix}${backupFileName(now)}`, `${prefix}sub/${backupFileName(now - 3 * DAY_MS)}`]);
    expect(await keysUnder(`other-${prefix}`)).toHaveLength(1);

    // BACKUP_S3_ROTATE=false keeps every remote copy.
    const later = await runBackup(url, dir, { hourly: 0, daily: 0, weekly: 0 }, now + 1_000, s3env({ BACKUP_S3_ROTATE: "false" }));
    expect(later.remoteDeleted).toEqual([]);
    expect(await keysUnder(prefix)).toHaveLength(4);
  });

  it("streams a file of several parts", async () => {
    // 8 MiB parts: 17 MiB is three, the last one short.
    const file = join(dir, backupFileName(Date.now()));
    writeFileSync(file, randomBytes(17 * 1024 * 1024));
    const target = s3TargetFromEnv(s3env())!;
    const client = s3Client(target);
    const report = await uploadBackup(target, file, client);
    client.destroy();
    expect(report.bytes).toBe(17 * 1024 * 1024);
    expect(sha256(await objectBytes(report.key))).toBe(sha256(readFileSync(file)));
  });

  it("a wrong key or a missing bucket fails the run with what to check, keeps the local backup, and never shows a key", async () => {
    const wrongKey = await runBackup(url, dir, undefined, undefined, s3env({ BACKUP_S3_ACCESS_KEY_ID: "AKIAWRONGKEY123", BACKUP_S3_SECRET_ACCESS_KEY: "very-secret-value" })).catch((e: Error) => e);
    expect(wrongKey).toBeInstanceOf(Error);
    expect((wrongKey as Error).message).toMatch(/^The backup status-[^/]*\.db is written and verified, but not copied to S3: uploading to s3:\/\/status-backups\/hub-[0-9a-f]+\/status-.*\.db failed \(HTTP 403\): check BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY \(InvalidAccessKeyId: .*\)$/);
    expect((wrongKey as Error).message).not.toMatch(/AKIAWRONGKEY123|very-secret-value/);
    expect(listBackups(dir)).toHaveLength(1);
    expect(await keysUnder(prefix)).toEqual([]);

    const at = Date.now() + 1;
    const noBucket = await runBackup(url, dir, undefined, at, s3env({ BACKUP_S3_BUCKET: "no-such-bucket" })).catch((e: Error) => e);
    expect((noBucket as Error).message).toMatch(/failed \(HTTP 404\): check BACKUP_S3_BUCKET: the bucket must exist \(NoSuchBucket: .*\)$/);
    expect(listBackups(dir)[0].at).toBe(at);
  });

  it("npm run backup uploads; a scheduled run with a wrong key turns its heartbeat monitor down with the reason", async () => {
    const cli = await run(process.execPath, ["--import", "tsx", "worker/backup.ts", "backup"], { env: { ...process.env, DATABASE_URL: url, BACKUP_DIR: dir, ...s3env() } });
    expect(cli.stdout).toMatch(/^backup written and verified: .*status-.*\.db .*, uploaded to s3:\/\/status-backups\/hub-[0-9a-f]+\/status-.*\.db\n/);
    expect(cli.stderr).toBe("");
    const [local] = listBackups(dir);
    expect(await keysUnder(prefix)).toEqual([`${prefix}${local.file.split("/").at(-1)}`]);

    await applyConfig(
      db,
      parseConfig(`
page: { name: Test }
monitors:
  - { key: backups, name: Backups, type: heartbeat, interval: 1h }
backups: { every: 1h, heartbeat: backups }
`),
    );
    const secret = "s3cr3t-never-shown";
    const runner = new BackupRunner({
      db,
      dir,
      command: [process.execPath, "--import", "tsx", "worker/backup.ts", "backup"],
      env: { ...process.env, DATABASE_URL: url, ...s3env({ BACKUP_S3_ACCESS_KEY_ID: "AKIAWRONG", BACKUP_S3_SECRET_ACCESS_KEY: secret }) },
    });
    expect(await runner.poll(Date.now() + 2 * 3_600_000)).toBe(true);
    await runner.settled();
    const [result] = await db.all<{ status: number; message: string }>(sql`SELECT r.status, r.message FROM check_results r JOIN monitors m ON m.id = r.monitor_id WHERE m.key = 'backups'`);
    expect(result.status).not.toBe(0);
    expect(result.message).toMatch(/the backup failed \(exit code 2\): The backup status-.* is written and verified, but not copied to S3: .*failed \(HTTP 403\): check BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY \(/);
    expect(result.message).not.toMatch(/AKIAWRONG|s3cr3t/);
    // The local backup is kept (the newest of this hour: the CLI's went by the keep policy).
    expect(listBackups(dir)[0].file).not.toBe(local.file);
  });
});
