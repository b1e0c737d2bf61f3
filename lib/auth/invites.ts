/**
 * Invitations: an admin names an address and a role; the invitee gets an emailed link that works
 * once, for INVITE_TTL_MS, and sets their password through it, which signs them in. Only the
 * link token's SHA-256 is stored; the email in the outbox is sealed.
 */
import { and, asc, eq, gt, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { userInvites, users } from "../db/schema";
import { inWriteTransaction } from "../db/transaction";
import { auditStatement, type Actor } from "../audit/log";
import { fieldError, UserError } from "../errors";
import { publicBaseUrl } from "../notify/links";
import { readPageSettings } from "../settings/page";
import { hashPassword } from "./password";
import { assertCan, isRole, type Role } from "./roles";
import { createSession, hashToken, newToken, validEmail, validNewPassword } from "./users";
import { inviteEmail, queueAccountEmailStatement } from "./emails";

export const INVITE_TTL_MS = 7 * 86_400_000;

/** Longest token looked up (ours are 43 characters); anything longer is not one of ours. */
const MAX_TOKEN_LENGTH = 128;

export interface InviteInput {
  email: string;
  role: string;
}

/** The inviting admin, as the service needs them: who acts, and with which role. */
export interface Acting {
  actor: Actor;
  role: Role;
}

const inviteUrl = (token: string, env?: NodeJS.ProcessEnv) => `${publicBaseUrl(env)}/invite/${encodeURIComponent(token)}`;

/**
 * Invites an address as `role` and queues the email, in one batch with the audit entry. An open
 * invite to the same address is replaced (its link stops working). Returns the invite's id and
 * the link (for the admin to copy when email is not configured).
 */
export async function createInvite(db: Db, by: Acting, input: InviteInput, now = Date.now(), env?: NodeJS.ProcessEnv): Promise<{ id: number; url: string }> {
  assertCan(by.role, "admin");
  const email = validEmail(input.email);
  if (!isRole(input.role)) throw fieldError("role", "Choose a role: viewer, editor or admin.");
  const role = input.role;
  const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, email));
  if (existing) throw fieldError("email", `${email} already has an account: change its role in the list instead.`);
  const token = newToken();
  const expiresAt = now + INVITE_TTL_MS;
  const url = inviteUrl(token, env);
  const page = await readPageSettings(db);
  const id = await inWriteTransaction(db, async (tx) => {
    await tx.execute({ sql: "DELETE FROM user_invites WHERE email = ? AND used_at IS NULL", args: [email] });
    const res = await tx.execute({
      sql: "INSERT INTO user_invites (token_hash, email, role, invited_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      args: [hashToken(token), email, role, by.actor.userId, now, expiresAt],
    });
    const inviteId = Number(res.rows[0].id);
    await tx.execute(queueAccountEmailStatement(`invite:${inviteId}`, inviteEmail({ to: email, pageName: page.name, invitedBy: by.actor.label, role, url, expiresAt }), now));
    await tx.execute(auditStatement(by.actor, { action: "user.invite", entity: "invite", entityId: inviteId, after: { email, role, expiresAt } }, now));
    return inviteId;
  });
  return { id, url };
}

export interface OpenInvite {
  id: number;
  email: string;
  role: Role;
  createdAt: number;
  expiresAt: number;
}

/** Invites not yet accepted and not expired, oldest first. */
export async function listOpenInvites(db: Db, now = Date.now()): Promise<OpenInvite[]> {
  return db
    .select({ id: userInvites.id, email: userInvites.email, role: userInvites.role, createdAt: userInvites.createdAt, expiresAt: userInvites.expiresAt })
    .from(userInvites)
    .where(and(isNull(userInvites.usedAt), gt(userInvites.expiresAt, now)))
    .orderBy(asc(userInvites.id));
}

/** Withdraws an open invite: its link stops working. */
export async function revokeInvite(db: Db, by: Acting, inviteId: number, now = Date.now()): Promise<void> {
  assertCan(by.role, "admin");
  await inWriteTransaction(db, async (tx) => {
    const res = await tx.execute({ sql: "DELETE FROM user_invites WHERE id = ? AND used_at IS NULL RETURNING email, role", args: [inviteId] });
    if (res.rows.length === 0) throw new UserError("not_found", "This invite was already accepted or withdrawn.");
    const { email, role } = res.rows[0];
    await tx.execute(auditStatement(by.actor, { action: "user.revoke_invite", entity: "invite", entityId: inviteId, before: { email, role } }, now));
  });
}

/** The invite a link's token opens (address and role), or null when unknown, used or expired. */
export async function openInvite(db: Db, token: string, now = Date.now()): Promise<{ email: string; role: Role } | null> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return null;
  const [row] = await db
    .select({ email: userInvites.email, role: userInvites.role })
    .from(userInvites)
    .where(and(eq(userInvites.tokenHash, hashToken(token)), isNull(userInvites.usedAt), gt(userInvites.expiresAt, now)));
  return row ?? null;
}

const INVALID_LINK = "This invitation link is not valid any more: it was used already, withdrawn or has expired (links work for 7 days). Ask an admin for a new invite.";

/**
 * Accepts an invite: claims it (once), creates the account with the chosen password and the
 * invite's role, and starts a session. All in one transaction with the audit entry.
 */
export async function acceptInvite(db: Db, token: string, password: string, now = Date.now()): Promise<{ userId: number; token: string; expiresAt: number }> {
  validNewPassword(password);
  if (!token || token.length > MAX_TOKEN_LENGTH) throw new UserError("gone", INVALID_LINK);
  const passwordHash = await hashPassword(password);
  const userId = await inWriteTransaction(db, async (tx) => {
    const claimed = await tx.execute({
      sql: "UPDATE user_invites SET used_at = ? WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING id, email, role",
      args: [now, hashToken(token), now],
    });
    if (claimed.rows.length === 0) throw new UserError("gone", INVALID_LINK);
    const { id: inviteId, email, role } = claimed.rows[0] as unknown as { id: number; email: string; role: Role };
    const taken = await tx.execute({ sql: "SELECT 1 FROM users WHERE email = ?", args: [email] });
    if (taken.rows.length > 0) throw new UserError("conflict", `${email} already has an account: sign in, or reset its password.`);
    const created = await tx.execute({
      sql: "INSERT INTO users (email, password_hash, role, created_at) VALUES (?, ?, ?, ?) RETURNING id",
      args: [email, passwordHash, role, now],
    });
    const id = Number(created.rows[0].id);
    await tx.execute(auditStatement({ userId: id, label: email, source: "ui" }, { action: "user.accept_invite", entity: "user", entityId: id, after: { email, role, inviteId } }, now));
    return id;
  });
  const session = await createSession(db, userId, now);
  return { userId, ...session };
}
