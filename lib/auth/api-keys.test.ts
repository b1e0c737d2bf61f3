import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listAudit, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { users, type Role } from "../db/schema/users";
import { createTestDb } from "../db/test-db";
import { UserError } from "../errors";
import { PERMISSIONS, type Permission } from "./roles";
import {
  apiKeyCan,
  assertApiKeyCan,
  authenticateApiKey,
  createApiKey,
  LAST_USED_RESOLUTION_MS,
  listApiKeys,
  MAX_API_KEYS_PER_USER,
  revokeApiKey,
  type ApiKeyScope,
} from "./api-keys";

const T0 = Date.UTC(2026, 4, 1, 12);
let db: Db;
let cleanup: () => void;

async function makeUser(email: string, role: Role) {
  const [row] = await db.insert(users).values({ email, passwordHash: "scrypt$unused", role, createdAt: T0 }).returning();
  return row;
}
const ui = (u: { id: number; email: string }): Actor => ({ userId: u.id, label: u.email, source: "ui" });

async function refused(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

beforeEach(async () => {
  ({ db, cleanup } = await createTestDb());
});
afterEach(() => cleanup());

describe("API keys", () => {
  it("stores only the secret's hash, shows the secret once, and audits without it", async () => {
    const ana = await makeUser("ana@example.com", "editor");
    const { key, secret } = await createApiKey(db, ana, ui(ana), { name: "ci deploy", scope: "write" }, T0);
    expect(secret).toMatch(/^sm_[A-Za-z0-9_-]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: "ci deploy", scope: "write", userId: ana.id, ownerEmail: "ana@example.com", createdAt: T0, expiresAt: null, lastUsedAt: null, revokedAt: null });
    expect(JSON.stringify(key)).not.toContain(secret.slice(17));

    const rows = (await db.$client.execute("SELECT * FROM api_keys")).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0].secret_hash).toBe(createHash("sha256").update(secret).digest("hex"));
    const stored = JSON.stringify(rows) + JSON.stringify((await db.$client.execute("SELECT * FROM audit_log")).rows);
    expect(stored).not.toContain(secret);
    expect(stored).not.toContain(secret.slice(17)); // the random part, alone

    // Nothing returns the secret again.
    expect(JSON.stringify(await listApiKeys(db, { userId: ana.id }))).not.toContain(secret.slice(17));
    const { entries } = await listAudit(db);
    expect(entries).toEqual([expect.objectContaining({ action: "api_key.create", entity: "api_key", entityId: key.id, actor: "ana@example.com", after: expect.objectContaining({ name: "ci deploy", scope: "write" }) })]);
  });

  it("authenticates as the key's user with its role and scope, labelled for the audit log", async () => {
    const ana = await makeUser("ana@example.com", "viewer");
    const { key, secret } = await createApiKey(db, ana, ui(ana), { name: "grafana", scope: "read" }, T0);
    const actor = await authenticateApiKey(db, `Bearer ${secret}`, T0 + 1_000);
    expect(actor).toEqual({ userId: ana.id, label: "API key grafana (ana@example.com)", source: "api", email: "ana@example.com", role: "viewer", scope: "read", keyId: key.id, keyName: "grafana" });
    // The user's role as it is now, not as it was when the key was made.
    await db.$client.execute({ sql: "UPDATE users SET role = 'admin' WHERE id = ?", args: [ana.id] });
    expect((await authenticateApiKey(db, `bearer ${secret}`, T0 + 2_000)).role).toBe("admin");
  });

  it("refuses missing, malformed, unknown, revoked and expired keys; unknown and revoked alike", async () => {
    const ana = await makeUser("ana@example.com", "admin");
    const { key, secret } = await createApiKey(db, ana, ui(ana), { name: "old", scope: "write", expiresAt: "2026-05-02" }, T0);
    expect(key.expiresAt).toBe(Date.UTC(2026, 4, 3) - 1);

    for (const header of [null, "", "Basic abc", `Bearer`, `Token ${secret}`]) {
      expect((await refused(authenticateApiKey(db, header, T0))).code).toBe("unauthorized");
    }
    const unknown = await refused(authenticateApiKey(db, `Bearer ${secret.slice(0, -2)}xx`, T0));
    const otherId = await refused(authenticateApiKey(db, `Bearer sm_AAAAAAAAAAAA_${secret.slice(-43)}`, T0));
    const garbage = await refused(authenticateApiKey(db, "Bearer sm_nope", T0));
    expect(await authenticateApiKey(db, `Bearer ${secret}`, Date.UTC(2026, 4, 2, 23, 59))).toMatchObject({ keyId: key.id });

    const expired = await refused(authenticateApiKey(db, `Bearer ${secret}`, Date.UTC(2026, 4, 3)));
    expect(expired.code).toBe("unauthorized");
    expect(expired.message).toMatch(/expired on 2026-05-02/);

    await revokeApiKey(db, { id: ana.id, role: "admin" }, ui(ana), key.id, T0 + 1);
    const revoked = await refused(authenticateApiKey(db, `Bearer ${secret}`, T0 + 2));
    expect(revoked.code).toBe("unauthorized");
    for (const e of [otherId, garbage]) expect(e.message).toBe(unknown.message);
    expect(revoked.message).toBe(unknown.message);
  });

  it("writes last-used at most once a minute per key", async () => {
    const ana = await makeUser("ana@example.com", "editor");
    const { key, secret } = await createApiKey(db, ana, ui(ana), { name: "poller", scope: "read" }, T0);
    const lastUsed = async () => (await listApiKeys(db, { userId: ana.id })).find((k) => k.id === key.id)!.lastUsedAt;
    const changes = async () => Number((await db.$client.execute("SELECT total_changes() AS n")).rows[0].n);

    await authenticateApiKey(db, `Bearer ${secret}`, T0 + 1_000);
    expect(await lastUsed()).toBe(T0 + 1_000);
    const before = await changes();
    for (let i = 1; i <= 20; i++) await authenticateApiKey(db, `Bearer ${secret}`, T0 + 1_000 + i * 2_000);
    expect(await changes()).toBe(before); // 40 s of requests: no write
    expect(await lastUsed()).toBe(T0 + 1_000);
    await authenticateApiKey(db, `Bearer ${secret}`, T0 + 1_000 + LAST_USED_RESOLUTION_MS);
    expect(await lastUsed()).toBe(T0 + 1_000 + LAST_USED_RESOLUTION_MS);
  });

  it("lets owners revoke their keys and admins anyone's; to others a key does not exist", async () => {
    const [ana, bob, root] = [await makeUser("ana@example.com", "editor"), await makeUser("bob@example.com", "editor"), await makeUser("root@example.com", "admin")];
    const a1 = await createApiKey(db, ana, ui(ana), { name: "a1", scope: "read" }, T0);
    const a2 = await createApiKey(db, ana, ui(ana), { name: "a2", scope: "read" }, T0 + 1);
    await createApiKey(db, bob, ui(bob), { name: "b1", scope: "write" }, T0 + 2);

    const notYours = await refused(revokeApiKey(db, { id: bob.id, role: "editor" }, ui(bob), a1.key.id, T0 + 10));
    expect(notYours.code).toBe("not_found");
    expect((await refused(revokeApiKey(db, { id: bob.id, role: "editor" }, ui(bob), "no-such-key", T0 + 10))).message).toBe(notYours.message);

    await revokeApiKey(db, { id: ana.id, role: "editor" }, ui(ana), a1.key.id, T0 + 10);
    expect((await refused(revokeApiKey(db, { id: ana.id, role: "editor" }, ui(ana), a1.key.id, T0 + 11))).code).toBe("conflict");
    await revokeApiKey(db, { id: root.id, role: "admin" }, ui(root), a2.key.id, T0 + 12);

    expect((await listApiKeys(db, { userId: ana.id })).map((k) => [k.name, k.revokedAt])).toEqual([["a2", T0 + 12], ["a1", T0 + 10]]);
    expect((await listApiKeys(db)).map((k) => k.name)).toEqual(["b1", "a2", "a1"]);
    const { entries } = await listAudit(db, { entity: "api_key" });
    expect(entries.slice(0, 2).map((e) => [e.action, e.actor, e.entityId])).toEqual([["api_key.revoke", "root@example.com", a2.key.id], ["api_key.revoke", "ana@example.com", a1.key.id]]);
  });

  it("validates names, scopes and expiry by field, and caps keys per user", async () => {
    const ana = await makeUser("ana@example.com", "editor");
    expect((await refused(createApiKey(db, ana, ui(ana), { name: " ", scope: "read" }, T0))).fieldErrors).toHaveProperty("name");
    expect((await refused(createApiKey(db, ana, ui(ana), { name: "x".repeat(101), scope: "read" }, T0))).fieldErrors).toHaveProperty("name");
    expect((await refused(createApiKey(db, ana, ui(ana), { name: "x", scope: "admin" as ApiKeyScope }, T0))).fieldErrors).toHaveProperty("scope");
    expect((await refused(createApiKey(db, ana, ui(ana), { name: "x", scope: "read", expiresAt: "2026-02-31" }, T0))).fieldErrors).toHaveProperty("expiresAt");
    expect((await refused(createApiKey(db, ana, ui(ana), { name: "x", scope: "read", expiresAt: "2026-04-30" }, T0))).fieldErrors).toHaveProperty("expiresAt");
    expect((await createApiKey(db, ana, ui(ana), { name: "x", scope: "read", expiresAt: "" }, T0)).key.expiresAt).toBeNull();
    for (let i = 1; i < MAX_API_KEYS_PER_USER; i++) await createApiKey(db, ana, ui(ana), { name: `k${i}`, scope: "read" }, T0 + i);
    expect((await refused(createApiKey(db, ana, ui(ana), { name: "one too many", scope: "read" }, T0 + 100))).code).toBe("conflict");
  });
});

describe("what a key may do: the least of its user's role and its scope", () => {
  const roles: Role[] = ["viewer", "editor", "admin"];
  const scopes: ApiKeyScope[] = ["read", "write"];
  const rank = (r: Role) => roles.indexOf(r);

  it.each(roles.flatMap((role) => scopes.map((scope) => [role, scope] as const)))("a %s's %s key", (role, scope) => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      const roleAllows = rank(role) >= rank(PERMISSIONS[permission]);
      expect(apiKeyCan({ role, scope }, permission, "read")).toBe(roleAllows);
      expect(apiKeyCan({ role, scope }, permission, "write")).toBe(roleAllows && scope === "write");
    }
  });

  it("says which of the two is short", () => {
    expect(() => assertApiKeyCan({ role: "admin", scope: "read" }, "edit", "write")).toThrow(/read-only/);
    expect(() => assertApiKeyCan({ role: "viewer", scope: "write" }, "edit", "write")).toThrow(/Viewer role; this needs the Editor role/);
    expect(() => assertApiKeyCan({ role: "editor", scope: "read" }, "admin", "read")).toThrow(/needs the Admin role/);
  });
});
