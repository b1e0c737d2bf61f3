/**
 * The team's accounts, for admins: who is there with which role and whether two-factor sign-in
 * is on; changing a role; removing an account. There is always an admin: the last one can be
 * neither demoted nor removed (checked inside the write, so two admins demoting each other at
 * once cannot both succeed). An admin can also turn off another user's two-factor sign-in (a lost
 * phone and lost recovery codes): the user's sessions end, and they sign in with their password.
 */
import type { Transaction } from "@libsql/client";
import { asc, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { inWriteTransaction } from "../db/transaction";
import { auditStatement } from "../audit/log";
import { fieldError, UserError } from "../errors";
import type { Acting } from "./invites";
import { assertCan, isRole, ROLE_LABELS, type Role } from "./roles";
import { revokeSessionsStatement } from "./users";

export interface TeamMember {
  id: number;
  email: string;
  role: Role;
  twoFactor: boolean;
  createdAt: number;
}

export async function listUsers(db: Db): Promise<TeamMember[]> {
  const rows = await db
    .select({ id: users.id, email: users.email, role: users.role, twoFactor: sql<number>`${users.totpEnabledAt} IS NOT NULL`, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.email));
  return rows.map((r) => ({ ...r, twoFactor: Number(r.twoFactor) === 1 }));
}

const LAST_ADMIN = (email: string) => `${email} is the last admin: make another user an admin first.`;
/** SQL, in a statement on `users`: whether an admin other than this row exists. */
const ANOTHER_ADMIN = "EXISTS (SELECT 1 FROM users o WHERE o.role = 'admin' AND o.id <> users.id)";

async function memberOrThrow(tx: Transaction, userId: number) {
  const res = await tx.execute({ sql: "SELECT email, role FROM users WHERE id = ?", args: [userId] });
  if (res.rows.length === 0) throw new UserError("not_found", "This user no longer exists.");
  return { email: String(res.rows[0].email), role: res.rows[0].role as Role };
}

/** Gives a user another role (admins only). Refuses to demote the last admin. */
export async function changeRole(db: Db, by: Acting, userId: number, role: string, now = Date.now()): Promise<void> {
  assertCan(by.role, "admin");
  if (!isRole(role)) throw fieldError("role", "Choose a role: viewer, editor or admin.");
  await inWriteTransaction(db, async (tx) => {
    const before = await memberOrThrow(tx, userId);
    if (before.role === role) return;
    const res = await tx.execute({ sql: `UPDATE users SET role = ? WHERE id = ? AND (role <> 'admin' OR ${ANOTHER_ADMIN})`, args: [role, userId] });
    if (res.rowsAffected === 0) throw new UserError("conflict", LAST_ADMIN(before.email));
    await tx.execute(auditStatement(by.actor, { action: "user.change_role", entity: "user", entityId: userId, before, after: { email: before.email, role } }, now));
  });
}

/** Removes an account and its sessions (admins only). Refuses to remove the last admin. */
export async function removeUser(db: Db, by: Acting, userId: number, now = Date.now()): Promise<{ email: string }> {
  assertCan(by.role, "admin");
  return inWriteTransaction(db, async (tx) => {
    const before = await memberOrThrow(tx, userId);
    const res = await tx.execute({ sql: `DELETE FROM users WHERE id = ? AND (role <> 'admin' OR ${ANOTHER_ADMIN})`, args: [userId] });
    if (res.rowsAffected === 0) throw new UserError("conflict", LAST_ADMIN(before.email));
    await tx.execute(auditStatement(by.actor, { action: "user.remove", entity: "user", entityId: userId, before }, now));
    return { email: before.email };
  });
}

/**
 * Turns off another user's two-factor sign-in (admins only): the secret and recovery codes go,
 * and so do the user's sessions, so whoever held one signs in again with the password alone.
 * Not for oneself: one's own is turned off on the account page, with the password.
 */
export async function resetTwoFactor(db: Db, by: Acting, userId: number, now = Date.now()): Promise<{ email: string }> {
  assertCan(by.role, "admin");
  if (by.actor.userId === userId) throw new UserError("conflict", "Turn your own two-factor sign-in off on your account page (it asks for your password).");
  return inWriteTransaction(db, async (tx) => {
    const { email } = await memberOrThrow(tx, userId);
    const res = await tx.execute({ sql: "SELECT totp_secret IS NOT NULL AS on_ FROM users WHERE id = ?", args: [userId] });
    if (Number(res.rows[0].on_) !== 1) throw new UserError("conflict", `${email} has no two-factor sign-in to turn off.`);
    await tx.execute({ sql: "UPDATE users SET totp_secret = NULL, totp_enabled_at = NULL, totp_last_step = NULL WHERE id = ?", args: [userId] });
    await tx.execute({ sql: "DELETE FROM recovery_codes WHERE user_id = ?", args: [userId] });
    await tx.execute(revokeSessionsStatement(userId));
    await tx.execute(auditStatement(by.actor, { action: "user.reset_2fa", entity: "user", entityId: userId, before: { email, twoFactor: true }, after: { email, twoFactor: false } }, now));
    return { email };
  });
}

export const roleOptions = (Object.keys(ROLE_LABELS) as Role[]).map((value) => ({ value, label: ROLE_LABELS[value] }));
