/**
 * API keys: a user's credentials for the REST API (/api/v1). A key acts as its user with the
 * user's current role, narrowed by its scope (a read key never writes, a viewer's write key
 * still cannot edit). The secret is shown once, when created; only its SHA-256 is stored.
 * Creating and revoking write audit entries (never the secret).
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, count, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { auditStatement, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { API_KEY_SCOPES, apiKeys, type ApiKeyScope } from "../db/schema/api-keys";
import { users } from "../db/schema/users";
import { invalidInput, UserError } from "../errors";
import { can, ROLE_LABELS, type Permission, type Role } from "./roles";

export { API_KEY_SCOPES, type ApiKeyScope };

/** Every secret starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_KEY_PREFIX = "sm_";
/** `sm_<id>_<secret>`: a 12-character public id, then 32 random bytes, base64url. */
const SECRET_PATTERN = /^sm_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/;
/** Last-used times are written at most this often per key, so requests are reads. */
export const LAST_USED_RESOLUTION_MS = 60_000;
export const MAX_API_KEY_NAME_LENGTH = 100;
/** Live (unrevoked) keys one user may hold. */
export const MAX_API_KEYS_PER_USER = 50;

export const SCOPE_LABELS: Record<ApiKeyScope, string> = { read: "Read", write: "Read and write" };

const sha256 = (text: string) => createHash("sha256").update(text).digest();

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const createApiKeyInput = z.object({
  name: z
    .string({ error: "Give the key a name." })
    .trim()
    .min(1, { error: "Give the key a name, like the script or service that uses it." })
    .max(MAX_API_KEY_NAME_LENGTH, { error: `Shorten the name to at most ${MAX_API_KEY_NAME_LENGTH} characters.` }),
  scope: z.enum(API_KEY_SCOPES, { error: "Choose a scope: read, or write (which includes read)." }),
  /** Epoch ms, or a date (the key works until the end of that UTC day); empty or absent: never expires. */
  expiresAt: z
    .union([
      z.number().int().positive(),
      z.string().transform((value, ctx) => {
        if (value.trim() === "") return undefined;
        const m = DATE.exec(value.trim());
        const start = m ? Date.UTC(+m[1], +m[2] - 1, +m[3]) : NaN;
        if (!m || Number.isNaN(start) || new Date(start).getUTCDate() !== +m[3]) {
          ctx.addIssue({ code: "custom", message: "Enter the expiry as a date like 2027-01-31, or leave it empty." });
          return z.NEVER;
        }
        return start + 86_400_000 - 1;
      }),
    ], { error: "Enter the expiry as a date like 2027-01-31, or leave it empty." })
    .optional(),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInput>;

/** A key as lists show it: never the secret or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  scope: ApiKeyScope;
  userId: number;
  ownerEmail: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const viewColumns = {
  id: apiKeys.id,
  name: apiKeys.name,
  scope: apiKeys.scope,
  userId: apiKeys.userId,
  ownerEmail: users.email,
  createdAt: apiKeys.createdAt,
  expiresAt: apiKeys.expiresAt,
  lastUsedAt: apiKeys.lastUsedAt,
  revokedAt: apiKeys.revokedAt,
};

/** What the audit log keeps of a key (no secret, no hash). */
const auditView = (k: Pick<ApiKeyView, "id" | "name" | "scope" | "userId" | "expiresAt">) => ({ id: k.id, name: k.name, scope: k.scope, userId: k.userId, expiresAt: k.expiresAt });

/**
 * A new key for `owner`; the answer holds the secret, which is not stored and cannot be shown
 * again. `actor` is who asked (the owner, from the dashboard or the API).
 */
export async function createApiKey(
  db: Db,
  owner: { id: number },
  actor: Actor,
  input: CreateApiKeyInput,
  now = Date.now(),
): Promise<{ key: ApiKeyView; secret: string }> {
  const r = createApiKeyInput.safeParse(input);
  if (!r.success) throw invalidInput(r.error);
  const v = r.data;
  if (v.expiresAt !== undefined && v.expiresAt <= now) {
    throw new UserError("invalid_input", "That expiry has passed: choose a date in the future, or none.", { fieldErrors: { expiresAt: ["Choose a date in the future, or none."] } });
  }
  const [{ n }] = await db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.userId, owner.id), isNull(apiKeys.revokedAt)));
  if (n >= MAX_API_KEYS_PER_USER) throw new UserError("conflict", `You have ${n} API keys, the most one person may hold: revoke one you no longer use first.`);
  const id = randomBytes(9).toString("base64url");
  const secret = `${API_KEY_PREFIX}${id}_${randomBytes(32).toString("base64url")}`;
  const row = { id, userId: owner.id, name: v.name, scope: v.scope, createdAt: now, expiresAt: v.expiresAt ?? null };
  await db.$client.batch(
    [
      {
        sql: "INSERT INTO api_keys (id, user_id, name, scope, secret_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        args: [id, owner.id, v.name, v.scope, sha256(secret).toString("hex"), now, row.expiresAt],
      },
      auditStatement(actor, { action: "api_key.create", entity: "api_key", entityId: id, after: auditView(row) }, now),
    ],
    "write",
  );
  return { key: (await getApiKey(db, id))!, secret };
}

export async function getApiKey(db: Db, id: string): Promise<ApiKeyView | null> {
  const [row] = await db.select(viewColumns).from(apiKeys).innerJoin(users, eq(users.id, apiKeys.userId)).where(eq(apiKeys.id, id));
  return row ?? null;
}

/** One user's keys, or everyone's (`userId` undefined: for admins), newest first, revoked ones included. */
export async function listApiKeys(db: Db, opts: { userId?: number } = {}): Promise<ApiKeyView[]> {
  return db
    .select(viewColumns)
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(opts.userId === undefined ? undefined : eq(apiKeys.userId, opts.userId))
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

/**
 * Revokes a key: its owner may, and an admin may revoke anyone's. To anyone else another
 * person's key does not exist (not_found, as for an unknown id).
 */
export async function revokeApiKey(db: Db, by: { id: number; role: Role }, actor: Actor, id: string, now = Date.now()): Promise<ApiKeyView> {
  const key = await getApiKey(db, id);
  if (!key || (key.userId !== by.id && !can(by.role, "admin"))) throw new UserError("not_found", "There is no such API key: it may have been deleted.");
  if (key.revokedAt !== null) throw new UserError("conflict", `The key “${key.name}” is already revoked.`);
  // The entry goes in the same transaction; two revokes racing past the check above would both
  // record themselves, which says what happened.
  await db.$client.batch(
    [
      { sql: "UPDATE api_keys SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?", args: [now, id] },
      auditStatement(actor, { action: "api_key.revoke", entity: "api_key", entityId: id, before: auditView(key), after: { ...auditView(key), revokedAt: now } }, now),
    ],
    "write",
  );
  return { ...key, revokedAt: now };
}

/** Who acts through an API key: the key's user, with the user's role and the key's scope. */
export interface ApiKeyActor extends Actor {
  userId: number;
  source: "api";
  email: string;
  role: Role;
  scope: ApiKeyScope;
  keyId: string;
  keyName: string;
}

const INVALID_KEY = "The API key is not valid: it may be mistyped or revoked. Create a new key on the dashboard (API keys).";
const HASH_OF_NOTHING = sha256("");

/**
 * The actor an `Authorization: Bearer sm_…` header speaks for. Refused (unauthorized) when the
 * header is missing or malformed, or the key is unknown, revoked or expired; unknown and revoked
 * say the same. The secret's hash is compared in constant time, and last-used is written at most
 * once a minute per key.
 */
export async function authenticateApiKey(db: Db, authorization: string | null, now = Date.now()): Promise<ApiKeyActor> {
  const bearer = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization ?? "");
  if (!bearer) throw new UserError("unauthorized", `Send an API key in the Authorization header: "Authorization: Bearer ${API_KEY_PREFIX}…". Create one on the dashboard (API keys).`);
  const m = SECRET_PATTERN.exec(bearer[1]);
  const [row] = m
    ? await db
        .select({ ...viewColumns, secretHash: apiKeys.secretHash, role: users.role })
        .from(apiKeys)
        .innerJoin(users, eq(users.id, apiKeys.userId))
        .where(eq(apiKeys.id, m[1]))
    : [];
  const given = sha256(bearer[1]);
  const stored = row ? Buffer.from(row.secretHash, "hex") : HASH_OF_NOTHING;
  const matches = stored.length === given.length && timingSafeEqual(stored, given) && row !== undefined;
  if (!matches || row.revokedAt !== null) throw new UserError("unauthorized", INVALID_KEY);
  if (row.expiresAt !== null && row.expiresAt <= now) {
    throw new UserError("unauthorized", `The API key “${row.name}” expired on ${new Date(row.expiresAt).toISOString().slice(0, 10)}: create a new one on the dashboard (API keys).`);
  }
  if (row.lastUsedAt === null || now - row.lastUsedAt >= LAST_USED_RESOLUTION_MS) {
    // Conditional, so concurrent requests write it once.
    await db.$client.execute({
      sql: "UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)",
      args: [now, row.id, now - LAST_USED_RESOLUTION_MS],
    });
  }
  return {
    userId: row.userId,
    label: `API key ${row.name} (${row.ownerEmail})`,
    source: "api",
    email: row.ownerEmail,
    role: row.role,
    scope: row.scope,
    keyId: row.id,
    keyName: row.name,
  };
}

/** Whether a request is a read (GET) or a change (anything else). */
export type Access = "read" | "write";

/**
 * What a key may do: the least of its user's role and its scope. The role decides which
 * permission (lib/auth/roles.ts) is held; the scope decides whether it may change anything.
 */
export function apiKeyCan(key: { role: Role; scope: ApiKeyScope }, permission: Permission, access: Access): boolean {
  return (access === "read" || key.scope === "write") && can(key.role, permission);
}

/** Throws forbidden, saying whether the key's scope or the user's role is short, unless the key may. */
export function assertApiKeyCan(key: { role: Role; scope: ApiKeyScope }, permission: Permission, access: Access): void {
  if (apiKeyCan(key, permission, access)) return;
  if (access === "write" && key.scope !== "write") throw new UserError("forbidden", "This API key is read-only: create a key with the write scope to change things.");
  const needed = permission === "read" ? "viewer" : permission === "edit" ? "editor" : "admin";
  throw new UserError("forbidden", `The key's user has the ${ROLE_LABELS[key.role]} role; this needs the ${ROLE_LABELS[needed]} role. Ask an admin to change the role.`);
}
