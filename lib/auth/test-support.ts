/** Test helpers for accounts: users with a role, the account emails queued in the outbox. */
import type { Db } from "../db/client";
import { users } from "../db/schema";
import type { EmailPayload } from "../notify/email";
import { decryptSecret } from "../secrets/crypto";
import { userActor } from "../audit/log";
import type { Acting } from "./invites";
import { hashPassword } from "./password";
import type { Role } from "./roles";

export const TEST_PASSWORD = "correct horse battery";
let hash: Promise<string> | undefined;

/** A user row with TEST_PASSWORD (hashed once per run: scrypt is slow on purpose). */
export async function makeUser(db: Db, email: string, role: Role = "viewer") {
  hash ??= hashPassword(TEST_PASSWORD);
  const [row] = await db.insert(users).values({ email, passwordHash: await hash, role, createdAt: Date.now() }).returning();
  return row;
}

/** How a user acts on the services. */
export const acting = (user: { id: number; email: string; role: Role }): Acting => ({ actor: userActor(user), role: user.role });

/** The account emails queued so far (sealed in the outbox), oldest first. */
export async function queuedAccountEmails(db: Db): Promise<(EmailPayload & { dedupeKey: string; stored: string })[]> {
  const res = await db.$client.execute("SELECT dedupe_key, message FROM notification_outbox ORDER BY id");
  return res.rows.map((r) => {
    const message = JSON.parse(String(r.message)) as { sealed: string };
    return { ...(JSON.parse(decryptSecret(message.sealed)) as EmailPayload), dedupeKey: String(r.dedupe_key), stored: String(r.message) };
  });
}

/** The first link in an email's text that starts with `prefix`. */
export function linkIn(mail: { text: string }, prefix: string): string {
  const found = mail.text.split(/\s+/).find((w) => w.startsWith(prefix));
  if (!found) throw new Error(`no link starting ${prefix} in:\n${mail.text}`);
  return found;
}

/** Every stored audit row as text, to assert no secret ever reached it. */
export async function auditText(db: Db): Promise<string> {
  const res = await db.$client.execute("SELECT action, entity, entity_id, before, after FROM audit_log ORDER BY id");
  return JSON.stringify(res.rows);
}
