import type { InStatement } from "@libsql/client";
import { count, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { fieldError, UserError } from "../errors";
import { loginAttempts, loginChallenges, sessions, users } from "../db/schema";
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";
import { createHash, randomBytes } from "node:crypto";

/** A session lasts this long after sign-in. */
export const SESSION_TTL_MS = 7 * 86_400_000;
/** Expired invites are kept this long before pruning. */
const INVITE_KEEP_AFTER_EXPIRY_MS = 30 * 86_400_000;
/** Failed sign-ins allowed per key before they are slowed down. */
export const FREE_LOGIN_FAILURES = 5;
/** Failures older than this are forgotten. */
export const LOGIN_FAILURE_WINDOW_MS = 15 * 60_000;
const MAX_LOCKOUT_MS = 15 * 60_000;

export async function userCount(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row.n;
}

/** The address as stored (trimmed, lower case), or a field error on `email` saying what to change. */
export function validEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (normalized.length > MAX_EMAIL_LENGTH) throw fieldError("email", `Use an email address of at most ${MAX_EMAIL_LENGTH} characters.`);
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized)) throw fieldError("email", "Enter an email address like you@example.com.");
  return normalized;
}

/** A new password within the limits, or a field error on `field` saying what to change. */
export function validNewPassword(password: string, field = "password"): string {
  if (password.length > MAX_PASSWORD_LENGTH) throw fieldError(field, `Use a password of at most ${MAX_PASSWORD_LENGTH} characters.`);
  if (password.length < MIN_PASSWORD_LENGTH) throw fieldError(field, `Use a password of at least ${MIN_PASSWORD_LENGTH} characters.`);
  return password;
}

function validateCredentials(email: string, password: string) {
  const normalized = validEmail(email);
  validNewPassword(password);
  return normalized;
}

/**
 * Creates the first admin. Only allowed while no user exists: the insert itself checks that,
 * so two racing first-run submissions cannot both succeed.
 */
export async function createFirstAdmin(db: Db, email: string, password: string, now = Date.now()): Promise<number> {
  const normalized = validateCredentials(email, password);
  const passwordHash = await hashPassword(password);
  const res = await db.run(sql`INSERT INTO users (email, password_hash, role, created_at)
    SELECT ${normalized}, ${passwordHash}, 'admin', ${now} WHERE NOT EXISTS (SELECT 1 FROM users)`);
  if (res.rowsAffected === 0) throw new UserError("conflict", "An admin account already exists: sign in instead.");
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.email, normalized));
  return row.id;
}

/** The stored form of a token sent to a browser or an inbox (sessions, invites, reset links): its SHA-256. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A fresh random token: 32 bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Ends every session of a user but the one holding `keepToken` (a password change keeps its own). */
export function revokeSessionsStatement(userId: number, keepToken?: string): InStatement {
  return keepToken
    ? { sql: "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?", args: [userId, hashToken(keepToken)] }
    : { sql: "DELETE FROM sessions WHERE user_id = ?", args: [userId] };
}

/** Starts a session; returns the token for the cookie (only its hash is stored). */
export async function createSession(db: Db, userId: number, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  const token = newToken();
  const expiresAt = now + SESSION_TTL_MS;
  await db.insert(sessions).values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt });
  return { token, expiresAt };
}

/** The signed-in user for a session token, or null when missing, unknown or expired. */
export async function sessionUser(db: Db, token: string | undefined, now = Date.now()) {
  if (!token) return null;
  const [row] = await db
    .select({ id: users.id, email: users.email, role: users.role, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, hashToken(token)));
  if (!row || row.expiresAt <= now) return null;
  return { id: row.id, email: row.email, role: row.role };
}

export async function endSession(db: Db, token: string | undefined): Promise<void> {
  if (token) await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
}

/** SQL: the row's key is locked at `now` (past the free failures, a wait of 1 s doubling per failure, capped). */
const lockedAt = (now: number) =>
  `(failures >= ${FREE_LOGIN_FAILURES} AND ${now} - last_failure_at <= ${LOGIN_FAILURE_WINDOW_MS}
    AND ${now} < last_failure_at + min(${MAX_LOCKOUT_MS}, 1000 << min(failures - ${FREE_LOGIN_FAILURES}, 20)))`;

/**
 * Counts an attempt for each key before the password is checked, in one statement per key that
 * refuses to count (and so refuses the attempt) while the key is locked: concurrent attempts
 * after a lockout cannot slip past the check and each get a password guess. Returns the wait
 * when any key is locked.
 */
async function reserveAttempt(db: Db, keys: string[], now: number): Promise<number> {
  const now_ = Math.trunc(now);
  const reserved = await db.$client.batch(
    keys.map((key) => ({
      sql: `INSERT INTO login_attempts (key, failures, last_failure_at) VALUES (?, 1, ${now_})
            ON CONFLICT(key) DO UPDATE SET
              failures = CASE WHEN ${now_} - last_failure_at > ${LOGIN_FAILURE_WINDOW_MS} THEN 1 ELSE failures + 1 END,
              last_failure_at = ${now_}
            WHERE NOT ${lockedAt(now_)}
            RETURNING failures`,
      args: [key],
    })),
    "write",
  );
  if (reserved.every((r) => r.rows.length > 0)) return 0;
  let wait = 0;
  for (const key of keys) {
    const [row] = await db.select().from(loginAttempts).where(eq(loginAttempts.key, key));
    if (!row) continue;
    const over = row.failures - FREE_LOGIN_FAILURES;
    if (over < 0) continue;
    wait = Math.max(wait, row.lastFailureAt + Math.min(MAX_LOCKOUT_MS, 1_000 * 2 ** Math.min(over, 20)) - now_);
  }
  return Math.max(1, wait);
}

/**
 * Counts an attempt against each key (see reserveAttempt) and throws rate_limited, saying how long
 * to wait, while any key is locked. `what` names the attempts in the message ("sign-ins").
 */
export async function throttleAttempt(db: Db, keys: string[], what: string, now: number): Promise<void> {
  const wait = await reserveAttempt(db, keys.map((k) => k.slice(0, MAX_THROTTLE_KEY_LENGTH)), now);
  if (wait <= 0) return;
  const retryAfterS = Math.ceil(wait / 1000);
  throw new UserError("rate_limited", `Too many ${what}. Try again in ${retryAfterS} seconds.`, { retryAfterS });
}

/** After a success: the first key (the account's) forgets its failures; the others get back the attempt reserved. */
export async function forgiveAttempt(db: Db, keys: string[]): Promise<void> {
  const [own, ...rest] = keys.map((k) => k.slice(0, MAX_THROTTLE_KEY_LENGTH));
  await db.$client.batch(
    [
      { sql: "DELETE FROM login_attempts WHERE key = ?", args: [own] },
      ...rest.map((key) => ({ sql: "UPDATE login_attempts SET failures = max(failures - 1, 0) WHERE key = ?", args: [key] })),
    ],
    "write",
  );
}

/** The throttle key of a client (its address, bounded). */
export const clientThrottleKey = (clientKey: string) => `client:${clientKey.slice(0, MAX_CLIENT_KEY_LENGTH)}`;

/** Longest throttle key stored: a prefix and the longest address. */
const MAX_THROTTLE_KEY_LENGTH = 300;

/** Longest address kept (RFC 5321's path limit); longest password hashed. */
export const MAX_EMAIL_LENGTH = 254;
export const MAX_PASSWORD_LENGTH = 1_024;
/** Longest client key stored for throttling (an IPv6 address is at most 45 characters). */
const MAX_CLIENT_KEY_LENGTH = 64;

/** What a right password gives: a session, or (two-factor sign-in on) a challenge to answer with a code. */
export type SignInResult = { token: string; expiresAt: number; challenge?: undefined } | { challenge: string; expiresAt: number; token?: undefined };

/**
 * Checks credentials. Failures are counted per address and per client; past a few, each key
 * must wait an exponentially growing time (capped), and the wait is said in the error. Input is
 * bounded before anything is stored, so the throttle table cannot be used to fill the disk.
 * With two-factor sign-in on, the answer is a challenge (lib/auth/two-factor.ts), not a session.
 */
export async function signIn(db: Db, email: string, password: string, clientKey: string, now = Date.now()): Promise<SignInResult> {
  const normalized = email.trim().toLowerCase();
  if (normalized.length === 0 || normalized.length > MAX_EMAIL_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
    throw new UserError("unauthorized", "Wrong email or password.");
  }
  const keys = [`email:${normalized}`, clientThrottleKey(clientKey)];
  await throttleAttempt(db, keys, "failed sign-ins", now);
  const [user] = await db.select().from(users).where(eq(users.email, normalized));
  // Hash even for unknown users, so timing does not tell which addresses exist.
  const ok = user ? await verifyPassword(password, user.passwordHash) : (await hashPassword(password), false);
  if (!ok || !user) throw new UserError("unauthorized", "Wrong email or password.");
  // A success forgets the address's failures and gives the client back the attempt it reserved.
  await forgiveAttempt(db, keys);
  if (user.totpEnabledAt !== null) return createLoginChallenge(db, user.id, now);
  return createSession(db, user.id, now);
}

/** How long the second step of a sign-in may take. */
export const LOGIN_CHALLENGE_TTL_MS = 5 * 60_000;

async function createLoginChallenge(db: Db, userId: number, now: number): Promise<{ challenge: string; expiresAt: number }> {
  const challenge = newToken();
  const expiresAt = now + LOGIN_CHALLENGE_TTL_MS;
  await db.insert(loginChallenges).values({ tokenHash: hashToken(challenge), userId, expiresAt });
  return { challenge, expiresAt };
}

/**
 * Forgets throttle rows whose window and lockout (and `throttleKeepMs`, retention.logins) have
 * all passed since their last failure, expired sessions, sign-in
 * challenges and reset links, and invites long lapsed. Runs
 * with retention; the tables stay as small as the recent sign-in traffic.
 */
export async function pruneAuthRows(db: Db, now = Date.now(), throttleKeepMs = 0): Promise<number> {
  const res = await db.$client.batch(
    [
      { sql: "DELETE FROM login_attempts WHERE last_failure_at < ?", args: [now - Math.max(LOGIN_FAILURE_WINDOW_MS, MAX_LOCKOUT_MS, throttleKeepMs)] },
      { sql: "DELETE FROM sessions WHERE expires_at <= ?", args: [now] },
      { sql: "DELETE FROM login_challenges WHERE expires_at <= ?", args: [now] },
      { sql: "DELETE FROM password_resets WHERE expires_at <= ?", args: [now] },
      // Invites are listed until they expire, then kept a while so an admin can see they lapsed.
      { sql: "DELETE FROM user_invites WHERE expires_at <= ?", args: [now - INVITE_KEEP_AFTER_EXPIRY_MS] },
    ],
    "write",
  );
  return res.reduce((n, r) => n + r.rowsAffected, 0);
}
