/**
 * Password reset by emailed link: valid PASSWORD_RESET_TTL_MS, once. Asking answers the same
 * whether or not the address has an account, and is throttled like sign-ins (per address and
 * per client), so it can neither list accounts nor flood an inbox. Setting the new password
 * ends every session of the account, voids its other links, and does not sign in (two-factor
 * sign-in still asks for its code).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { inWriteTransaction } from "../db/transaction";
import { auditStatement } from "../audit/log";
import { UserError } from "../errors";
import { publicBaseUrl } from "../notify/links";
import { readPageSettings } from "../settings/page";
import { passwordResetEmail, queueAccountEmailStatement } from "./emails";
import { hashPassword } from "./password";
import { clientThrottleKey, hashToken, MAX_EMAIL_LENGTH, newToken, revokeSessionsStatement, throttleAttempt, validNewPassword } from "./users";

export const PASSWORD_RESET_TTL_MS = 60 * 60_000;
const MAX_TOKEN_LENGTH = 128;

/**
 * Queues a reset link to `email` when it has an account; does nothing visible otherwise. Every
 * request counts against the address and the client (rate_limited past a few).
 */
export async function requestPasswordReset(db: Db, email: string, clientKey: string, now = Date.now(), env?: NodeJS.ProcessEnv): Promise<void> {
  const normalized = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(normalized) || normalized.length > MAX_EMAIL_LENGTH) {
    throw new UserError("invalid_input", "Enter your email address like you@example.com.", { fieldErrors: { email: ["Enter your email address like you@example.com."] } });
  }
  // Every request is an "attempt": past a few per address or client, they wait.
  await throttleAttempt(db, [`reset:${normalized}`, `reset-${clientThrottleKey(clientKey)}`], "password reset requests", now);
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, normalized));
  if (!user) return;
  const token = newToken();
  const expiresAt = now + PASSWORD_RESET_TTL_MS;
  const page = await readPageSettings(db);
  const url = `${publicBaseUrl(env)}/reset-password/${encodeURIComponent(token)}`;
  await db.$client.batch(
    [
      { sql: "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", args: [hashToken(token), user.id, now, expiresAt] },
      queueAccountEmailStatement(`password-reset:${user.id}:${now}`, passwordResetEmail({ to: normalized, pageName: page.name, url, expiresAt }), now),
    ],
    "write",
  );
}

/** Whether a reset link's token still works (the page asks before showing the form). */
export async function resetLinkValid(db: Db, token: string, now = Date.now()): Promise<boolean> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return false;
  const res = await db.$client.execute({ sql: "SELECT 1 FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?", args: [hashToken(token), now] });
  return res.rows.length > 0;
}

const INVALID_LINK = "This reset link is not valid any more: it was used already or has expired (links work for 1 hour). Ask for a new one.";

/** Sets a new password through a reset link: once, within the hour; ends every session of the account. */
export async function resetPassword(db: Db, token: string, password: string, now = Date.now()): Promise<void> {
  validNewPassword(password);
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new UserError("gone", INVALID_LINK);
  const passwordHash = await hashPassword(password);
  await inWriteTransaction(db, async (tx) => {
    const claimed = await tx.execute({
      sql: "UPDATE password_resets SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id",
      args: [now, hashToken(token), now],
    });
    if (claimed.rows.length === 0) throw new UserError("gone", INVALID_LINK);
    const userId = Number(claimed.rows[0].user_id);
    const user = await tx.execute({ sql: "UPDATE users SET password_hash = ? WHERE id = ? RETURNING email", args: [passwordHash, userId] });
    const email = String(user.rows[0].email);
    await tx.execute({ sql: "DELETE FROM password_resets WHERE user_id = ? AND used_at IS NULL", args: [userId] });
    await tx.execute(revokeSessionsStatement(userId));
    // The account's sign-in failures are forgotten: whoever guessed at it no longer knows the password either.
    await tx.execute({ sql: "DELETE FROM login_attempts WHERE key = ?", args: [`email:${email}`] });
    await tx.execute(auditStatement({ userId, label: email, source: "ui" }, { action: "user.reset_password", entity: "user", entityId: userId }, now));
  });
}
