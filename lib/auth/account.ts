/** What a signed-in user changes about their own account: the password. */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { auditStatement, userActor } from "../audit/log";
import { fieldError } from "../errors";
import { hashPassword, verifyPassword } from "./password";
import { forgiveAttempt, MAX_PASSWORD_LENGTH, revokeSessionsStatement, throttleAttempt, validNewPassword } from "./users";

export interface SessionUser {
  id: number;
  email: string;
}

/**
 * Checks a signed-in user's current password, throttled like sign-ins on the same address key
 * (a stolen session cannot guess it quickly); throws a field error on `field` when wrong.
 */
export async function assertOwnPassword(db: Db, user: SessionUser, password: string, field: string, now = Date.now()): Promise<void> {
  const keys = [`email:${user.email}`];
  await throttleAttempt(db, keys, "wrong passwords", now);
  const [row] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  const ok = row !== undefined && password.length <= MAX_PASSWORD_LENGTH && (await verifyPassword(password, row.passwordHash));
  if (!ok) throw fieldError(field, "That is not your current password.");
  await forgiveAttempt(db, keys);
}

/**
 * Changes the password of a signed-in user, who must give the current one; every other session
 * of theirs ends (the one holding `sessionToken` stays).
 */
export async function changePassword(db: Db, user: SessionUser, sessionToken: string | undefined, current: string, next: string, now = Date.now()): Promise<void> {
  validNewPassword(next, "newPassword");
  await assertOwnPassword(db, user, current, "currentPassword", now);
  await db.$client.batch(
    [
      { sql: "UPDATE users SET password_hash = ? WHERE id = ?", args: [await hashPassword(next), user.id] },
      revokeSessionsStatement(user.id, sessionToken),
      auditStatement(userActor(user), { action: "user.change_password", entity: "user", entityId: user.id }, now),
    ],
    "write",
  );
}
