/**
 * Off-site copies of verified backups in S3-compatible storage (AWS S3, MinIO, Cloudflare R2,
 * Backblaze B2, Garage…), configured from the environment. Off unless BACKUP_S3_BUCKET (or any
 * other BACKUP_S3_* variable) is set; then every setting is checked at once and each problem names
 * the variable to change.
 *
 * The file is streamed with @aws-sdk/lib-storage's multipart Upload (one part in memory per
 * worker, never the whole file), then its size is checked with a HEAD. Remote copies follow the
 * local keep policy: after a successful upload, the objects under BACKUP_S3_PREFIX whose names are
 * our own backup names (status-<UTC time>.db, directly under the prefix) are rotated with the same
 * grandfather-father-son rule, and nothing else in the bucket is ever touched. BACKUP_S3_ROTATE=false
 * keeps every remote copy (for buckets with lifecycle rules, object lock or a key that may not delete).
 *
 * Keys never appear in an error or a log line: errors name the variable to check, and any message
 * from the server or the SDK is scrubbed of both keys before it is passed on.
 */
import { createReadStream, statSync } from "node:fs";
import { basename } from "node:path";
import { DeleteObjectCommand, HeadObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { UserError } from "../errors";
import { backupTime, type BackupFile } from "./backup";
import { backupsToDelete, type KeepPolicy } from "./rotation";

export interface S3Target {
  bucket: string;
  /** "" or a key prefix ending in "/" ("status/hub-1/"). */
  prefix: string;
  /** Null for AWS itself (the SDK finds the regional endpoint). */
  endpoint: string | null;
  region: string;
  /** Path-style URLs (endpoint/bucket/key), which MinIO and most self-hosted servers need. */
  forcePathStyle: boolean;
  /** Whether remote copies follow the local keep policy. */
  rotate: boolean;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

export interface UploadReport {
  key: string;
  /** Where it went, without keys: s3://bucket/key. */
  location: string;
  bytes: number;
  durationMs: number;
}

/** The environment, or any part of one (tests pass only what they set). */
export type Env = Readonly<Record<string, string | undefined>>;

/** Every BACKUP_S3_* variable; setting any of them turns uploads on. */
export const S3_VARIABLES = [
  "BACKUP_S3_BUCKET",
  "BACKUP_S3_ENDPOINT",
  "BACKUP_S3_REGION",
  "BACKUP_S3_PREFIX",
  "BACKUP_S3_ACCESS_KEY_ID",
  "BACKUP_S3_SECRET_ACCESS_KEY",
  "BACKUP_S3_FORCE_PATH_STYLE",
  "BACKUP_S3_ROTATE",
] as const;

/** Parts of 8 MiB, two in flight: about 16 MiB of memory whatever the file's size. */
const PART_BYTES = 8 * 1024 * 1024;
const PARTS_IN_FLIGHT = 2;
/** S3 allows 10,000 parts; past 80 GB the parts grow so that a file never needs more. */
const MAX_PARTS = 9_000;
const MAX_PREFIX_CHARS = 512;
/** Listing stops here (1,000 keys a page): rotation never walks an unbounded bucket. */
const MAX_LIST_PAGES = 100;

const BUCKET = /^[A-Za-z0-9][A-Za-z0-9._-]{1,253}[A-Za-z0-9]$/;
const REGION = /^[A-Za-z0-9-]{1,40}$/;

function flag(env: Env, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return fallback;
  if (["true", "1", "yes"].includes(raw)) return true;
  if (["false", "0", "no"].includes(raw)) return false;
  problems.push(`${name} must be true or false`);
  return fallback;
}

/**
 * The upload target the environment describes, or null when no BACKUP_S3_* variable is set.
 * Throws one UserError listing every problem, each naming the variable to set.
 */
export function s3TargetFromEnv(env: Env = process.env): S3Target | null {
  const get = (name: string) => env[name]?.trim() || undefined;
  if (!S3_VARIABLES.some((name) => get(name) !== undefined)) return null;
  const problems: string[] = [];

  const bucket = get("BACKUP_S3_BUCKET");
  if (!bucket) problems.push("set BACKUP_S3_BUCKET to the bucket's name (backups go to S3 when any BACKUP_S3_* variable is set)");
  else if (!BUCKET.test(bucket)) problems.push("BACKUP_S3_BUCKET must be a bucket name: 3 to 255 letters, digits, dots, dashes or underscores");

  let endpoint: string | null = null;
  const rawEndpoint = get("BACKUP_S3_ENDPOINT");
  if (rawEndpoint) {
    // The value is never echoed: a mistyped one may hold a password.
    let url: URL | null = null;
    try {
      url = new URL(rawEndpoint);
    } catch {
      problems.push("BACKUP_S3_ENDPOINT must be an http:// or https:// URL, such as https://s3.eu-central-1.amazonaws.com or http://127.0.0.1:9000");
    }
    if (url) {
      if (url.protocol !== "http:" && url.protocol !== "https:") problems.push("BACKUP_S3_ENDPOINT must start with http:// or https://");
      else if (url.username || url.password) problems.push("BACKUP_S3_ENDPOINT must not carry a user name or password: put the keys in BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY");
      else if (url.search || url.hash) problems.push("BACKUP_S3_ENDPOINT must not have a query or fragment");
      else endpoint = url.origin + url.pathname.replace(/\/+$/, "");
    }
  }

  // R2 and most self-hosted servers ignore the region; AWS needs the bucket's own.
  const region = get("BACKUP_S3_REGION") ?? get("AWS_REGION") ?? get("AWS_DEFAULT_REGION") ?? (endpoint ? "us-east-1" : undefined);
  if (!region) problems.push("set BACKUP_S3_REGION to the bucket's region (e.g. eu-central-1), or BACKUP_S3_ENDPOINT for a server other than AWS");
  else if (!REGION.test(region)) problems.push("BACKUP_S3_REGION must be a region name such as eu-central-1");

  let prefix = (env.BACKUP_S3_PREFIX ?? "").trim().replace(/^\/+/, "");
  if (prefix && !prefix.endsWith("/")) prefix += "/";
  if (prefix.length > MAX_PREFIX_CHARS) problems.push(`BACKUP_S3_PREFIX must be at most ${MAX_PREFIX_CHARS} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(prefix)) problems.push("BACKUP_S3_PREFIX must not contain control characters or backslashes");

  // One source for both keys: our own pair, else the standard AWS_* pair, never half of each.
  const ours = get("BACKUP_S3_ACCESS_KEY_ID") !== undefined || get("BACKUP_S3_SECRET_ACCESS_KEY") !== undefined;
  const [idName, secretName] = ours ? ["BACKUP_S3_ACCESS_KEY_ID", "BACKUP_S3_SECRET_ACCESS_KEY"] : ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
  const accessKeyId = get(idName);
  const secretAccessKey = get(secretName);
  if (!accessKeyId && !secretAccessKey) problems.push("set BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY (or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)");
  else if (!accessKeyId) problems.push(`set ${idName}: ${secretName} is set without it`);
  else if (!secretAccessKey) problems.push(`set ${secretName}: ${idName} is set without it`);
  const sessionToken = ours ? undefined : get("AWS_SESSION_TOKEN");

  const forcePathStyle = flag(env, "BACKUP_S3_FORCE_PATH_STYLE", endpoint !== null, problems);
  const rotate = flag(env, "BACKUP_S3_ROTATE", true, problems);

  if (problems.length > 0) throw new UserError("invalid_input", `The S3 settings for backups are incomplete: ${problems.join("; ")}.`);
  return {
    bucket: bucket!,
    prefix,
    endpoint,
    region: region!,
    forcePathStyle,
    rotate,
    credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, ...(sessionToken ? { sessionToken } : {}) },
  };
}

export function s3Client(target: S3Target): S3Client {
  // The product runs on Node 20 on purpose; the SDK's notice about its future Node 22 floor
  // would otherwise be the first line a backup run prints, and so its heartbeat message.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  return new S3Client({
    region: target.region,
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    forcePathStyle: target.forcePathStyle,
    credentials: target.credentials,
    // Checksums only where S3 requires them: several S3-compatible servers reject the SDK's
    // default trailing checksums. The size is checked after the upload instead.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
  });
}

/** What to check for each kind of failure, by the SDK's error name or the socket's code. */
function hintFor(err: { name?: string; code?: string; $metadata?: { httpStatusCode?: number } }): string {
  const name = err.name ?? "";
  const status = err.$metadata?.httpStatusCode;
  if (["InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidToken", "ExpiredToken"].includes(name)) return "check BACKUP_S3_ACCESS_KEY_ID and BACKUP_S3_SECRET_ACCESS_KEY";
  if (name === "AccessDenied" || status === 403) return "check that the key in BACKUP_S3_ACCESS_KEY_ID may write (and, with rotation, delete) objects in the bucket";
  if (name === "NoSuchBucket" || status === 404) return "check BACKUP_S3_BUCKET: the bucket must exist";
  if (name === "PermanentRedirect" || name === "AuthorizationHeaderMalformed" || status === 301) return "check BACKUP_S3_REGION: it must be the bucket's own";
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNRESET|EHOSTUNREACH/.test(err.code ?? "") || name === "TimeoutError") return "check BACKUP_S3_ENDPOINT and that this machine can reach it";
  return "check the BACKUP_S3_* settings and the storage's own status";
}

/** A UserError saying what failed and what to check, with both keys scrubbed from every word. */
function s3Failure(target: S3Target, what: string, err: unknown): UserError {
  const e = (err ?? {}) as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e.$metadata?.httpStatusCode;
  const cause = `${e.name && e.name !== "Error" ? `${e.name}: ` : ""}${e.code && !String(e.message).includes(e.code) ? `${e.code} ` : ""}${e.message ?? String(err)}`;
  // What to check first: a heartbeat message keeps only its first 400 characters.
  let message = `${what} failed${status ? ` (HTTP ${status})` : ""}: ${hintFor(e)} (${cause.slice(0, 200)})`;
  for (const secret of [target.credentials.accessKeyId, target.credentials.secretAccessKey, target.credentials.sessionToken]) {
    if (secret) message = message.split(secret).join("[key]");
  }
  return new UserError("unavailable", message);
}

const location = (target: S3Target, key: string) => `s3://${target.bucket}/${key}`;

/** Streams `file` to BACKUP_S3_PREFIX + its own name, then checks the stored size. */
export async function uploadBackup(target: S3Target, file: string, client = s3Client(target)): Promise<UploadReport> {
  const started = performance.now();
  const key = target.prefix + basename(file);
  const bytes = statSync(file).size;
  try {
    const upload = new Upload({
      client,
      params: { Bucket: target.bucket, Key: key, Body: createReadStream(file), ContentLength: bytes, ContentType: "application/vnd.sqlite3" },
      partSize: Math.max(PART_BYTES, Math.ceil(bytes / MAX_PARTS)),
      queueSize: PARTS_IN_FLIGHT,
      // A failed multipart upload is aborted, so no half-written parts are left to pay for.
      leavePartsOnError: false,
    });
    await upload.done();
  } catch (err) {
    throw s3Failure(target, `uploading to ${location(target, key)}`, err);
  }
  let stored: number | undefined;
  try {
    stored = (await client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }))).ContentLength;
  } catch (err) {
    throw s3Failure(target, `checking ${location(target, key)} after its upload`, err);
  }
  if (stored !== bytes) throw new UserError("unavailable", `${location(target, key)} holds ${stored ?? "no"} bytes after its upload, not the backup's ${bytes}: the copy is incomplete; check the storage's own status.`);
  return { key, location: location(target, key), bytes, durationMs: performance.now() - started };
}

/** Our backups directly under the prefix (status-<time>.db), as rotation sees them; nothing else. */
export async function listRemoteBackups(target: S3Target, client = s3Client(target)): Promise<BackupFile[]> {
  const found: BackupFile[] = [];
  let token: string | undefined;
  try {
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const res = await client.send(new ListObjectsV2Command({ Bucket: target.bucket, Prefix: target.prefix, ContinuationToken: token }));
      for (const object of res.Contents ?? []) {
        const name = object.Key?.slice(target.prefix.length) ?? "";
        const at = name.includes("/") ? null : backupTime(name);
        if (at !== null) found.push({ file: object.Key!, at });
      }
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
      if (!token) break;
    }
  } catch (err) {
    throw s3Failure(target, `listing ${location(target, target.prefix)}`, err);
  }
  return found.sort((a, b) => b.at - a.at);
}

/** Deletes the remote backups `keep` lets go (none when BACKUP_S3_ROTATE=false); returns their keys. */
export async function rotateRemoteBackups(target: S3Target, keep: KeepPolicy, client = s3Client(target)): Promise<string[]> {
  if (!target.rotate) return [];
  const doomed = backupsToDelete(await listRemoteBackups(target, client), keep);
  for (const b of doomed) {
    try {
      await client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: b.file }));
    } catch (err) {
      throw s3Failure(target, `deleting the rotated-out ${location(target, b.file)}`, err);
    }
  }
  return doomed.map((b) => b.file);
}
