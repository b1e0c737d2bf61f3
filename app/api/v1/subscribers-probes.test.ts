import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as pushResults } from "@/app/api/probe/results/route";
import { callApi, dispatcher, loadRouteFiles } from "@/lib/api/test-routes";
import { createApiKey } from "@/lib/auth/api-keys";
import { userActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { checkResults, subscribers, users, type Role } from "@/lib/db/schema";
import { createTestDb, makeMonitor } from "@/lib/db/test-db";

/**
 * Subscribers, probe regions and probe tokens through /api/v1, on a real migrated SQLite file:
 * who may see addresses (editors and admins, never viewers), who may make and revoke tokens
 * (admins' write keys only), and a revoked token refused by the real ingest route at once.
 */
const ADDRESSES = ["erin.private@subscriber.test", "https://hooks.private.test/in"];

let call: (req: Request) => Promise<Response>;
let cleanup: () => void;
const previousUrl = process.env.DATABASE_URL;
const keys: Record<string, string> = {};
const api = (method: string, path: string, key?: string, body?: unknown) => callApi(call, method, path, key, body);

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url; // read by getDb() on its first call
  call = dispatcher(await loadRouteFiles());
  const db = await getDb();
  const now = Date.now();
  for (const [email, role] of [["root@api.test", "admin"], ["ed@api.test", "editor"], ["vi@api.test", "viewer"]] as [string, Role][]) {
    const [u] = await db.insert(users).values({ email, passwordHash: "scrypt$unused", role, createdAt: now }).returning();
    for (const scope of ["read", "write"] as const) keys[`${role}${scope === "read" ? "Read" : "Write"}`] = (await createApiKey(db, u, userActor(u), { name: `${role} ${scope}`, scope }, now)).secret;
  }
  await db.insert(subscribers).values([
    { kind: "email", address: ADDRESSES[0], token: "e".repeat(43), confirmedAt: now, createdAt: now },
    { kind: "webhook", address: ADDRESSES[1], token: "w".repeat(43), createdAt: now + 1 },
  ]);
  await makeMonitor(db, { key: "api" });
});

afterAll(async () => {
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

describe("/api/v1 subscribers", () => {
  it("gives a viewer the counts and nothing with an address", async () => {
    const counts = await api("GET", "/subscribers/counts", keys.viewerRead);
    expect(counts.json).toEqual({ total: 2, confirmed: 1, unconfirmed: 1, unsubscribed: 0, byKind: { email: 1, webhook: 1 } });
    for (const path of ["/subscribers", "/subscribers?search=erin", "/subscribers/export", "/subscribers/export?kind=email"]) {
      for (const key of [keys.viewerRead, keys.viewerWrite]) {
        const r = await api("GET", path, key);
        expect(r.status, path).toBe(403);
        for (const a of ADDRESSES) expect(r.text, path).not.toContain(a);
      }
    }
  });

  it("lets an editor filter by kind and state, and export (audited, no address in the entry)", async () => {
    const list = await api("GET", "/subscribers?kind=webhook", keys.editorRead);
    expect(list.json!.items).toEqual([expect.objectContaining({ address: ADDRESSES[1], kind: "webhook", state: "unconfirmed" })]);
    expect((await api("GET", "/subscribers?state=confirmed", keys.editorRead)).json!.items.map((s: { address: string }) => s.address)).toEqual([ADDRESSES[0]]);
    const bad = await api("GET", "/subscribers?state=asleep", keys.editorRead);
    expect(bad.status).toBe(422);
    expect(bad.json!.error.fields.state).toEqual(["Send state as one of: confirmed, unconfirmed, unsubscribed."]);

    const exported = await api("GET", "/subscribers/export?state=confirmed", keys.editorRead);
    expect(exported.status).toBe(200);
    expect(exported.json).toEqual({ exportedAt: expect.any(String), items: [expect.objectContaining({ address: ADDRESSES[0], state: "confirmed", allComponents: true, components: [] })] });
    const audit = await api("GET", "/audit?entity=subscriber", keys.viewerRead);
    expect(audit.json!.items).toEqual([expect.objectContaining({ action: "subscriber.export", source: "api", actor: "API key editor read (ed@api.test)", after: { format: "json", rows: 1, kind: "any", state: "confirmed", searched: false } })]);
    for (const a of ADDRESSES) expect(audit.text).not.toContain(a);
  });
});

describe("/api/v1 regions and probe tokens", () => {
  const push = (token: string, batchId: string) =>
    pushResults(
      new Request("http://status.test/api/probe/results", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ batchId, results: [{ monitorKey: "api", startedAt: Date.now() - 1_000, status: "up", totalUs: 1_000 }] }),
      }),
    );

  it("lets only an admin's write key make a token, shows it once, and a revoked token's next push is refused", async () => {
    for (const key of [keys.viewerWrite, keys.editorWrite, keys.adminRead]) {
      const r = await api("POST", "/probe-tokens", key, { region: "eu-west" });
      expect(r.status).toBe(403);
    }
    for (const key of [keys.viewerRead, keys.editorRead]) expect((await api("GET", "/probe-tokens", key)).status).toBe(403);
    expect((await api("POST", "/probe-tokens", keys.adminWrite, { region: "EU West" })).json!.error.fields.region[0]).toMatch(/lowercase letters/);

    const created = await api("POST", "/probe-tokens", keys.adminWrite, { region: "eu-west" });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ id: expect.any(Number), region: "eu-west", createdAt: expect.any(String), lastUsedAt: null, revokedAt: null, token: expect.stringMatching(/^pt_[A-Za-z0-9_-]{43}$/) });
    const { id, token } = created.json as { id: number; token: string };

    expect((await push(token, "api-batch-0001")).status).toBe(200);
    const db = await getDb();
    expect(await db.$count(checkResults)).toBe(1);
    const listed = await api("GET", "/probe-tokens", keys.adminRead);
    expect(listed.json!.items).toEqual([expect.objectContaining({ id, region: "eu-west", lastUsedAt: expect.any(String), revokedAt: null })]);
    expect(listed.text).not.toContain(token.slice(3));
    const regions = await api("GET", "/regions", keys.viewerRead);
    expect(regions.json!.items).toEqual([expect.objectContaining({ name: "eu-west", activeTokens: 1, silent: false, lastPulseAt: expect.any(String) })]);
    expect(regions.text).not.toContain(token.slice(3));

    expect((await api("DELETE", `/probe-tokens/${id}`, keys.editorWrite)).status).toBe(403);
    const revoked = await api("DELETE", `/probe-tokens/${id}`, keys.adminWrite);
    expect(revoked.json).toMatchObject({ id, revokedAt: expect.any(String) });
    const refused = await push(token, "api-batch-0002");
    expect(refused.status).toBe(401);
    expect(await db.$count(checkResults)).toBe(1);
    expect((await api("DELETE", `/probe-tokens/${id}`, keys.adminWrite)).status).toBe(409);
    expect((await api("DELETE", "/probe-tokens/999", keys.adminWrite)).status).toBe(404);

    const audit = await api("GET", "/audit?entity=probe_token", keys.viewerRead);
    expect(audit.json!.items.map((e: { action: string; entityId: string; actor: string }) => [e.action, e.entityId, e.actor])).toEqual([
      ["probe_token.revoke", String(id), "API key admin write (root@api.test)"],
      ["probe_token.create", String(id), "API key admin write (root@api.test)"],
    ]);
    expect(audit.text).not.toContain(token.slice(3));
  });

  it("lets an admin add a region once, named by the rule", async () => {
    expect((await api("POST", "/regions", keys.editorWrite, { name: "ap-south" })).status).toBe(403);
    const bad = await api("POST", "/regions", keys.adminWrite, { name: "Asia Pacific" });
    expect(bad.status).toBe(422);
    expect(bad.json!.error.fields.name[0]).toMatch(/lowercase letters, digits and dashes/);
    expect((await api("POST", "/regions", keys.adminWrite, { name: "x".repeat(65) })).status).toBe(422);
    const created = await api("POST", "/regions", keys.adminWrite, { name: "ap-south" });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ name: "ap-south", createdAt: expect.any(String), lastPulseAt: null, lastResultAt: null, silent: true, activeTokens: 0 });
    expect((await api("POST", "/regions", keys.adminWrite, { name: "ap-south" })).status).toBe(409);
    expect((await api("GET", "/regions", keys.viewerRead)).json!.items.map((r: { name: string }) => r.name)).toEqual(["ap-south", "eu-west"]);
  });
});
