/**
 * Two-factor sign-in with TOTP (RFC 6238: 6 digits, 30 s, SHA-1, what every authenticator app
 * reads from an otpauth:// URI). The secret is stored encrypted (lib/secrets/crypto.ts); it is
 * set when enrolment starts and only takes effect once a code from the app proves it was
 * scanned. Enabling hands out RECOVERY_CODE_COUNT recovery codes, shown once, stored hashed, each
 * usable once in place of a code. A code (TOTP or recovery) answers the challenge that a right
 * password gives (lib/auth/users.ts signIn); guesses are throttled like passwords.
 */
import { randomInt } from "node:crypto";
import { eq } from "drizzle-orm";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { inWriteTransaction } from "../db/transaction";
import { auditStatement, userActor } from "../audit/log";
import { fieldError, UserError } from "../errors";
import { decryptSecret, encryptSecret } from "../secrets/crypto";
import { readPageSettings } from "../settings/page";
import { assertOwnPassword, type SessionUser } from "./account";
import { clientThrottleKey, createSession, forgiveAttempt, hashToken, throttleAttempt } from "./users";

export const RECOVERY_CODE_COUNT = 10;
const PERIOD_S = 30;
/** Codes one step early or late still count (clocks drift; typing takes time). */
const WINDOW_STEPS = 1;
/** Longest code looked at: a recovery code with spaces and dashes is well under this. */
const MAX_CODE_LENGTH = 64;
const MAX_TOKEN_LENGTH = 128;
/** Recovery code letters: no 0/o, 1/l/i, so a code copied by hand reads back right. */
const RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

function totpFor(secretBase32: string, label: string, issuer: string): TOTP {
  return new TOTP({ issuer, label, algorithm: "SHA1", digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secretBase32) });
}

/** The time step a 6-digit code belongs to, or null when it is not the secret's code near `now`. */
function matchingStep(secretBase32: string, code: string, now: number): number | null {
  const delta = totpFor(secretBase32, "", "").validate({ token: code, timestamp: now, window: WINDOW_STEPS });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD_S) + delta;
}

const normalizeCode = (code: string) => code.slice(0, MAX_CODE_LENGTH).replace(/[\s-]/g, "").toLowerCase();

function newRecoveryCode(): string {
  const chars = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]);
  return `${chars.slice(0, 5).join("")}-${chars.slice(5).join("")}`;
}

export interface TwoFactorStatus {
  enabled: boolean;
  /** A secret waits for its first code (the QR code is shown). */
  enrolling: boolean;
  recoveryCodesLeft: number;
}

export async function twoFactorStatus(db: Db, userId: number): Promise<TwoFactorStatus> {
  const res = await db.$client.execute({
    sql: `SELECT totp_secret IS NOT NULL AS has_secret, totp_enabled_at IS NOT NULL AS enabled,
            (SELECT count(*) FROM recovery_codes WHERE user_id = users.id AND used_at IS NULL) AS left
          FROM users WHERE id = ?`,
    args: [userId],
  });
  const row = res.rows[0];
  if (!row) return { enabled: false, enrolling: false, recoveryCodesLeft: 0 };
  return { enabled: Number(row.enabled) === 1, enrolling: Number(row.has_secret) === 1 && Number(row.enabled) === 0, recoveryCodesLeft: Number(row.left) };
}

/** Starts enrolment: a new secret, stored encrypted, not in effect until `enableTwoFactor`. */
export async function startTwoFactor(db: Db, user: SessionUser): Promise<void> {
  const secret = new Secret({ size: 20 }).base32;
  const res = await db.$client.execute({ sql: "UPDATE users SET totp_secret = ? WHERE id = ? AND totp_enabled_at IS NULL", args: [encryptSecret(secret), user.id] });
  if (res.rowsAffected === 0) throw new UserError("conflict", "Two-factor sign-in is already on. Turn it off first to set up another app.");
}

export interface Enrolment {
  /** Base32, for typing into an app that cannot scan. */
  secret: string;
  uri: string;
  /** The URI as a QR code, an SVG data: URL for an <img>. */
  qrDataUrl: string;
}

/** The secret waiting for its first code, as an otpauth URI and its QR code; null when none waits. */
export async function pendingEnrolment(db: Db, user: SessionUser): Promise<Enrolment | null> {
  const [row] = await db.select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, user.id));
  if (!row?.secret || row.enabledAt !== null) return null;
  const secret = decryptSecret(row.secret);
  const issuer = (await readPageSettings(db)).name;
  const uri = totpFor(secret, user.email, issuer).toString();
  const svg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secret, uri, qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

/**
 * Turns two-factor sign-in on once `code` matches the pending secret; returns the recovery codes,
 * the only time they are readable.
 */
export async function enableTwoFactor(db: Db, user: SessionUser, code: string, now = Date.now()): Promise<string[]> {
  const [row] = await db.select({ secret: users.totpSecret, enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, user.id));
  if (row?.enabledAt !== null && row?.enabledAt !== undefined) throw new UserError("conflict", "Two-factor sign-in is already on.");
  if (!row?.secret) throw new UserError("conflict", "Start setting up two-factor sign-in first: the QR code comes with it.");
  const digits = normalizeCode(code);
  const step = /^\d{6}$/.test(digits) ? matchingStep(decryptSecret(row.secret), digits, now) : null;
  if (step === null) throw fieldError("code", "That code does not match. Enter the 6-digit code your app shows now for this account.");
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.$client.batch(
    [
      { sql: "UPDATE users SET totp_enabled_at = ?, totp_last_step = ? WHERE id = ?", args: [now, step, user.id] },
      ...recoveryCodeStatements(user.id, codes),
      auditStatement(userActor(user), { action: "user.enable_2fa", entity: "user", entityId: user.id, after: { twoFactor: true } }, now),
    ],
    "write",
  );
  return codes;
}

function recoveryCodeStatements(userId: number, codes: string[]) {
  return [
    { sql: "DELETE FROM recovery_codes WHERE user_id = ?", args: [userId] },
    ...codes.map((c) => ({ sql: "INSERT INTO recovery_codes (user_id, code_hash) VALUES (?, ?)", args: [userId, hashToken(normalizeCode(c))] })),
  ];
}

/** New recovery codes (the old ones stop working), after the current password. */
export async function regenerateRecoveryCodes(db: Db, user: SessionUser, password: string, now = Date.now()): Promise<string[]> {
  await assertOwnPassword(db, user, password, "password", now);
  if (!(await twoFactorStatus(db, user.id)).enabled) throw new UserError("conflict", "Two-factor sign-in is off: there are no recovery codes to replace.");
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.$client.batch(
    [...recoveryCodeStatements(user.id, codes), auditStatement(userActor(user), { action: "user.regenerate_recovery_codes", entity: "user", entityId: user.id }, now)],
    "write",
  );
  return codes;
}

/** Turns two-factor sign-in off (or abandons an enrolment), after the current password. */
export async function disableTwoFactor(db: Db, user: SessionUser, password: string, now = Date.now()): Promise<void> {
  await assertOwnPassword(db, user, password, "password", now);
  await db.$client.batch(
    [
      { sql: "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?", args: [user.id] },
      { sql: "DELETE FROM recovery_codes WHERE user_id = ?", args: [user.id] },
      auditStatement(userActor(user), { action: "user.disable_2fa", entity: "user", entityId: user.id, before: { twoFactor: true }, after: { twoFactor: false } }, now),
    ],
    "write",
  );
}

const EXPIRED = "This sign-in took too long (the code step lasts 5 minutes). Sign in again.";

/** Whether a challenge token is still open (the code page asks before showing its form). */
export async function challengeOpen(db: Db, challenge: string | undefined, now = Date.now()): Promise<boolean> {
  if (!challenge || challenge.length > MAX_TOKEN_LENGTH) return false;
  const res = await db.$client.execute({ sql: "SELECT 1 FROM login_challenges WHERE token_hash = ? AND expires_at > ?", args: [hashToken(challenge), now] });
  return res.rows.length > 0;
}

/**
 * The second step of a sign-in: a 6-digit code (each accepted once) or an unused recovery code
 * answers the challenge, which ends it and starts a session. Wrong codes are throttled per
 * account and per client.
 */
export async function completeSignIn(db: Db, challenge: string, code: string, clientKey: string, now = Date.now()): Promise<{ token: string; expiresAt: number }> {
  if (!challenge || challenge.length > MAX_TOKEN_LENGTH) throw new UserError("gone", EXPIRED);
  const found = await db.$client.execute({
    sql: `SELECT u.id, u.email, u.totp_secret, u.totp_last_step FROM login_challenges c JOIN users u ON u.id = c.user_id
          WHERE c.token_hash = ? AND c.expires_at > ? AND u.totp_enabled_at IS NOT NULL`,
    args: [hashToken(challenge), now],
  });
  const row = found.rows[0];
  if (!row) throw new UserError("gone", EXPIRED);
  const user = { id: Number(row.id), email: String(row.email) };
  const keys = [`2fa:${user.id}`, clientThrottleKey(clientKey)];
  await throttleAttempt(db, keys, "wrong codes", now);
  const given = normalizeCode(code);
  let accepted = false;
  if (/^\d{6}$/.test(given)) {
    const step = matchingStep(decryptSecret(String(row.totp_secret)), given, now);
    if (step !== null) {
      // Conditional on the last step: the same code cannot be used twice, even by two racing requests.
      const res = await db.$client.execute({ sql: "UPDATE users SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)", args: [step, user.id, step] });
      accepted = res.rowsAffected === 1;
    }
  } else if (given.length > 0) {
    await inWriteTransaction(db, async (tx) => {
      const res = await tx.execute({ sql: "UPDATE recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL", args: [now, user.id, hashToken(given)] });
      accepted = res.rowsAffected === 1;
      if (accepted) await tx.execute(auditStatement(userActor(user), { action: "user.use_recovery_code", entity: "user", entityId: user.id }, now));
    });
  }
  if (!accepted) throw fieldError("code", "That code is not right. Enter the 6-digit code your app shows now, or one of your recovery codes.");
  await forgiveAttempt(db, keys);
  await db.$client.execute({ sql: "DELETE FROM login_challenges WHERE token_hash = ?", args: [hashToken(challenge)] });
  return createSession(db, user.id, now);
}
