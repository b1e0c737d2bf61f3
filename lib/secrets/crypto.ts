/**
 * The product's own secret: encrypts channel secrets at rest and signs links that act without a
 * sign-in (acknowledge an alert). It comes from STATUS_SECRET_KEY (32 bytes, base64 or hex), or
 * is generated once into a file next to the SQLite database (mode 0600), so the app and the
 * worker on one machine share it with nothing to set up.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

const KEY_BYTES = 32;
let cached: { source: string; key: Buffer } | undefined;

function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, "hex") : Buffer.from(t, "base64");
  if (key.length !== KEY_BYTES) throw new Error(`${where} must hold 32 bytes as 64 hex digits or base64 (try: openssl rand -base64 32), got ${key.length} bytes`);
  return key;
}

/** Where the generated key lives: beside a file: database, else ./data. */
export function keyFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const url = env.DATABASE_URL ?? "file:./data/status.db";
  const dir = url.startsWith("file:") ? dirname(resolve(url.slice("file:".length))) : resolve("data");
  return join(dir, "secret.key");
}

export function secretKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  const source = env.STATUS_SECRET_KEY ? "env" : keyFilePath(env);
  if (cached?.source === source) return cached.key;
  let key: Buffer;
  if (env.STATUS_SECRET_KEY) key = parseKey(env.STATUS_SECRET_KEY, "STATUS_SECRET_KEY");
  else {
    if (!existsSync(source)) {
      mkdirSync(dirname(source), { recursive: true });
      // wx: two processes starting together cannot both write a different key.
      try {
        writeFileSync(source, randomBytes(KEY_BYTES).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
    }
    key = parseKey(readFileSync(source, "utf8"), source);
  }
  cached = { source, key };
  return key;
}

/** Sub-keys, so encryption and signing never share a key. */
function subKey(purpose: string, env?: NodeJS.ProcessEnv): Buffer {
  return createHmac("sha256", secretKey(env)).update(purpose).digest();
}

const PREFIX = "enc:v1:";

export function isEncrypted(value: unknown): value is string {
  return typeof value === "string" && value.startsWith(PREFIX);
}

/** AES-256-GCM; the result is "enc:v1:" + base64url(iv | tag | ciphertext). */
export function encryptSecret(plain: string, env?: NodeJS.ProcessEnv): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", subKey("encrypt", env), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
}

export function decryptSecret(value: string, env?: NodeJS.ProcessEnv): string {
  if (!isEncrypted(value)) return value;
  const raw = Buffer.from(value.slice(PREFIX.length), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", subKey("encrypt", env), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("cannot decrypt a stored secret: the secret key changed (STATUS_SECRET_KEY or data/secret.key); re-apply the config to store it again");
  }
}

/** A signed, expiring token: base64url(payload).expiresAt.signature. */
export function signToken(purpose: string, payload: string, expiresAt: number, env?: NodeJS.ProcessEnv): string {
  const body = `${Buffer.from(payload).toString("base64url")}.${expiresAt}`;
  const sig = createHmac("sha256", subKey(`token:${purpose}`, env)).update(body).digest("base64url");
  return `${body}.${sig}`;
}

export type TokenCheck = { ok: true; payload: string } | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

export function verifyToken(purpose: string, token: string, now = Date.now(), env?: NodeJS.ProcessEnv): TokenCheck {
  const parts = token.split(".");
  if (parts.length !== 3 || !/^\d+$/.test(parts[1])) return { ok: false, reason: "malformed" };
  const body = `${parts[0]}.${parts[1]}`;
  const expected = createHmac("sha256", subKey(`token:${purpose}`, env)).update(body).digest();
  const given = Buffer.from(parts[2], "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "bad_signature" };
  if (Number(parts[1]) < now) return { ok: false, reason: "expired" };
  return { ok: true, payload: Buffer.from(parts[0], "base64url").toString("utf8") };
}
