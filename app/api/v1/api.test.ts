import { SYSTEM_ACTOR } from "../../../lib/audit/log";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import type { RouteHandler } from "@/lib/api/handler";
import { callApi, dispatcher, loadRouteFiles, type RouteFile } from "@/lib/api/test-routes";
import { userActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { stateTimeHourly, subscribers, users, type Role } from "@/lib/db/schema";
import { createTestDb, makeComponent, makeMonitor } from "@/lib/db/test-db";
import { createIncident } from "@/lib/incidents/manage";
import { createChannel } from "@/lib/notify/manage";
import { ensureRegion } from "@/lib/regions/store";
import { insertResults } from "@/lib/results/store";
import { rollupStatements } from "@/lib/uptime/rollup";
import { hourStartUtc } from "@/lib/uptime/uptime";

/**
 * The /api/v1 route handlers against a real migrated SQLite file, called as Next calls them, for
 * every route file found under app/api/v1: each with no key, an expired and a revoked key, a
 * viewer's read and write keys, and the keys that may; private data never leaves where it may not.
 */
const SECRET_QUERY = "tokenQx7PrivateQuery";
const SUBSCRIBER = "carol.private@subscriber.test";
const DRAFT_TITLE = "Ledger replication stalled (draft)";
/** In no answer to anyone: check settings and subscriber addresses stay on the server. */
const HOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString("base64")}`;
const NEVER = [SECRET_QUERY, HOOK_SECRET];
/** In no answer without a valid key. */
const PRIVATE = ["Payroll ledger", "Payroll sync job", DRAFT_TITLE, SUBSCRIBER, ...NEVER];

let routes: RouteFile[];
let call: (req: Request) => Promise<Response>;
let cleanup: () => void;
const previousUrl = process.env.DATABASE_URL;
const keys: Record<string, string> = {};
let incidentId = 0;
let subscriberId = 0;
let viewerKeyId = "";
let now = 0;

async function makeUser(email: string, role: Role) {
  const db = await getDb();
  const [u] = await db.insert(users).values({ email, passwordHash: "scrypt$unused", role, createdAt: Date.now() }).returning();
  return u;
}

const api = (method: string, path: string, key?: string, body?: unknown) => callApi(call, method, path, key, body);

/** A concrete URL for a route's path. */
function concrete(path: string): string {
  return path
    .replace(/^\/(incidents)\/\{id\}/, `/$1/${incidentId}`)
    .replace(/^\/subscribers\/\{id\}/, `/subscribers/${subscriberId}`)
    .replace(/^\/api-keys\/\{id\}/, `/api-keys/${viewerKeyId}`)
    .replace(/^\/monitors\/\{key\}/, "/monitors/api-health")
    .replace(/^\/components\/\{key\}/, "/components/api")
    .replace(/^\/(channels|escalation-policies)\/\{key\}/, "/$1/ops-hook");
}

/** A day a week ahead: maintenance may be scheduled at most two years ahead. */
const SOON = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);

/** A valid body for each write operation. */
const BODIES: Record<string, unknown> = {
  createIncident: { title: "Checkout errors", status: "investigating", impact: "minor", body: "Looking into it." },
  scheduleMaintenance: { title: "DB upgrade", body: "Upgrading.", scheduledFor: `${SOON}T10:00`, scheduledUntil: `${SOON}T11:00` },
  editIncident: { title: "Checkout errors (edited)" },
  postIncidentUpdate: { status: "identified", body: "Found it." },
  publishIncident: { published: false },
  savePostmortem: { body: "What happened." },
  closeDrafts: { ids: [1], mode: "dismiss" },
};

function expectNone(text: string, markers: string[], what: string) {
  for (const m of markers) expect(text, `${what} contains "${m}"`).not.toContain(m);
}

const operations = () =>
  routes.flatMap((r) =>
    Object.entries(r.handlers).flatMap(([method, h]) => {
      const op = (h as RouteHandler).operation;
      return op ? [{ method, path: r.path, op }] : [];
    }),
  );

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url; // read by getDb() on its first call
  routes = await loadRouteFiles();
  call = dispatcher(routes);
  const db = await getDb();
  now = Date.now();

  const [admin, editor, viewer] = [await makeUser("root@api.test", "admin"), await makeUser("ed@api.test", "editor"), await makeUser("vi@api.test", "viewer")];
  const make = async (name: string, u: { id: number; email: string }, scope: "read" | "write", expiresAt?: number) =>
    (keys[name] = (await createApiKey(db, u, userActor(u), { name, scope, expiresAt }, expiresAt ? expiresAt - 3_600_000 : now)).secret);
  await make("adminRead", admin, "read");
  await make("adminWrite", admin, "write");
  await make("editorRead", editor, "read");
  await make("editorWrite", editor, "write");
  await make("viewerRead", viewer, "read");
  await make("viewerWrite", viewer, "write");
  await make("expired", admin, "write", now - 1_000);
  const revoked = await createApiKey(db, admin, userActor(admin), { name: "revoked", scope: "write" }, now);
  keys.revoked = revoked.secret;
  await db.$client.execute({ sql: "UPDATE api_keys SET revoked_at = ? WHERE id = ?", args: [now, revoked.key.id] });
  // Someone else's key, for the viewer's calls (its own is revoked below, on purpose).
  viewerKeyId = (await db.$client.execute("SELECT id FROM api_keys WHERE name = 'adminRead'")).rows[0].id as string;

  const api = await makeComponent(db, { key: "api", name: "API" });
  const ledger = await makeComponent(db, { key: "ledger", name: "Payroll ledger", isPublic: false });
  const m = await makeMonitor(db, { key: "api-health", name: "API health", componentId: api.id });
  await makeMonitor(db, {
    key: "payroll-sync",
    name: "Payroll sync job",
    isPublic: false,
    componentId: ledger.id,
    checkConfig: { url: `http://127.0.0.1:9/?token=${SECRET_QUERY}`, method: "GET", headers: { authorization: SECRET_QUERY }, expectedStatus: [[200, 299]], maxBodySize: 1024, maxRedirects: 0, ignoreTlsErrors: false },
  });
  await createChannel(db, userActor(admin), { key: "ops-hook", type: "webhook", url: "http://127.0.0.1:9/hook", secret: HOOK_SECRET });
  incidentId = await createIncident(db, SYSTEM_ACTOR, { title: DRAFT_TITLE, status: "investigating", impact: "minor", body: "Replicas stopped.", componentImpacts: [{ componentId: ledger.id, impact: "partial_outage" }] });
  const [sub] = await db.insert(subscribers).values({ kind: "email", address: SUBSCRIBER, token: "t".repeat(43), createdAt: now }).returning();
  subscriberId = sub.id;

  // 30 results over the last hour: one in ten down; with their rollups and an hour of state time.
  const region = await ensureRegion(db, "eu-west");
  const results = Array.from({ length: 30 }, (_, i) => ({ monitorId: m.id, regionId: region, startedAt: now - (30 - i) * 60_000, status: i % 10 === 0 ? 2 : 0, totalUs: 1_000 * (i + 1), message: i % 10 === 0 ? "connect ECONNREFUSED" : null }));
  await insertResults(db, results);
  await db.$client.batch(await rollupStatements(db, results, now), "write");
  await db.insert(stateTimeHourly).values({ monitorId: m.id, bucketStart: hourStartUtc(now - 3_600_000), upMs: 3_240_000, majorMs: 360_000, degradedMs: 0, partialMs: 0, maintenanceMs: 0, noDataMs: 0 });
});

afterAll(async () => {
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

describe("/api/v1 access", () => {
  it("finds every route file, each method built from an operation at the folder's path", () => {
    expect(routes.length).toBeGreaterThanOrEqual(14);
    for (const r of routes) {
      for (const [method, h] of Object.entries(r.handlers)) {
        if (r.path === "/openapi.json" || r.path === "/docs") continue;
        const op = (h as RouteHandler).operation;
        expect(op, `${method} ${r.file} is not built with apiRoute`).toBeDefined();
        expect([op.method, op.path], r.file).toEqual([method, r.path]);
      }
    }
  });

  it("refuses every operation without a key, with an expired or revoked key, and says nothing private", async () => {
    for (const { method, path, op } of operations()) {
      for (const key of [undefined, keys.expired, keys.revoked, "sm_forgedforged_" + "x".repeat(43)]) {
        const r = await api(method, concrete(path), key, BODIES[op.id]);
        expect(r.status, `${method} ${path} with ${key?.slice(0, 8)}`).toBe(401);
        expect(r.res.headers.get("www-authenticate")).toBe('Bearer realm="api"');
        expect(r.json).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
        expectNone(r.text, PRIVATE, `${method} ${path}`);
      }
    }
    const expired = await api("GET", "/monitors", keys.expired);
    expect(expired.json!.error.message).toMatch(/expired on/);
  });

  it("lets a viewer's keys read what viewers read, and nothing else; answers never hold check settings or secrets", async () => {
    const db = await getDb();
    const counts = async () => (await db.$client.execute("SELECT (SELECT count(*) FROM incidents) + (SELECT count(*) FROM incident_updates) + (SELECT count(*) FROM subscribers) + (SELECT count(*) FROM audit_log) + (SELECT count(revoked_at) FROM api_keys) AS n")).rows[0].n;
    const before = await counts();
    for (const { method, path, op } of operations()) {
      for (const key of [keys.viewerRead, keys.viewerWrite]) {
        const r = await api(method, concrete(path), key, BODIES[op.id]);
        const what = `${method} ${path} as a viewer`;
        expectNone(r.text, [...NEVER, ...Object.values(keys)], what);
        if (method === "GET" && op.permission === "read") {
          expect(r.status, what).toBe(200);
        } else if (op.id === "revokeApiKey" && key === keys.viewerWrite) {
          expect(r.status, what).toBe(404); // another user's key does not exist for it
        } else {
          expect(r.status, what).toBe(403);
          expect(r.json!.error.code).toBe("forbidden");
          expectNone(r.text, PRIVATE, what);
        }
      }
    }
    expect(await counts()).toBe(before);
  });

  it("lets an admin's read key read everything, subscribers included, and change nothing", async () => {
    const subs = await api("GET", "/subscribers", keys.adminRead);
    expect(subs.status).toBe(200);
    expect(subs.json!.items).toEqual([expect.objectContaining({ id: subscriberId, address: SUBSCRIBER, kind: "email", confirmedAt: null, createdAt: new Date(now).toISOString() })]);
    expectNone(subs.text, ["t".repeat(43)], "subscribers"); // the subscriber's link token
    const write = await api("POST", "/incidents", keys.adminRead, BODIES.createIncident);
    expect(write.status).toBe(403);
    expect(write.json!.error.message).toMatch(/read-only/);
  });
});

describe("/api/v1 resources", () => {
  it("opens, updates, edits and publishes an incident with an editor's write key, each with an audit entry by the key", async () => {
    const created = await api("POST", "/incidents", keys.editorWrite, BODIES.createIncident);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ title: "Checkout errors", kind: "incident", status: "investigating", published: false, source: "manual", updates: [{ status: "investigating", body: "Looking into it." }] });
    const id = created.json!.id as number;
    expect((await api("POST", `/incidents/${id}/updates`, keys.editorWrite, { status: "resolved", body: "Fixed." })).json).toMatchObject({ status: "resolved", resolvedAt: expect.any(String) });
    expect((await api("PATCH", `/incidents/${id}`, keys.editorWrite, { title: "Checkout errors in EU" })).json).toMatchObject({ title: "Checkout errors in EU" });
    expect((await api("POST", `/incidents/${id}/publish`, keys.editorWrite, { published: true })).json).toMatchObject({ published: true });
    const reopen = await api("POST", `/incidents/${id}/updates`, keys.editorWrite, { status: "investigating", body: "Again?" });
    expect(reopen.status).toBe(409);
    expect(reopen.json!.error.code).toBe("conflict");

    const audit = await api("GET", `/audit?entity=incident&entityId=${id}`, keys.viewerRead);
    expect(audit.json!.items.map((e: { action: string; actor: string; source: string }) => [e.action, e.actor, e.source])).toEqual([
      ["incident.publish", "API key editorWrite (ed@api.test)", "api"],
      ["incident.edit", "API key editorWrite (ed@api.test)", "api"],
      ["incident.update", "API key editorWrite (ed@api.test)", "api"],
      ["incident.create", "API key editorWrite (ed@api.test)", "api"],
    ]);

    const m = await api("POST", "/maintenance", keys.editorWrite, BODIES.scheduleMaintenance);
    expect(m.status).toBe(201);
    expect(m.json).toMatchObject({ kind: "maintenance", status: "scheduled", scheduledFor: `${SOON}T10:00:00.000Z` });
    expect((await api("GET", "/incidents?kind=maintenance", keys.viewerRead)).json!.items.map((i: { id: number }) => i.id)).toContain(m.json!.id);
    expect((await api("GET", "/incidents/999999", keys.viewerRead)).status).toBe(404);
  });

  it("writes and publishes a postmortem by API, shown in /api/v1 and audited by the key", async () => {
    const created = await api("POST", "/incidents", keys.editorWrite, { ...BODIES.createIncident as object, title: "Postmortem test" });
    const id = created.json!.id as number;
    const early = await api("POST", `/incidents/${id}/postmortem`, keys.editorWrite, { body: "Too early." });
    expect(early.status).toBe(409);
    await api("POST", `/incidents/${id}/updates`, keys.editorWrite, { status: "resolved", body: "Fixed." });
    const draft = await api("POST", `/incidents/${id}/postmortem`, keys.editorWrite, { body: "## Cause\nA bad deploy." });
    expect(draft.json).toMatchObject({ postmortemBody: "## Cause\nA bad deploy.", postmortemPublishedAt: null });
    const published = await api("POST", `/incidents/${id}/postmortem`, keys.editorWrite, { body: "## Cause\nA bad deploy.", publish: true });
    expect(published.json).toMatchObject({ postmortemPublishedAt: expect.any(String), status: "resolved" });
    const audit = await api("GET", `/audit?entity=incident&entityId=${id}`, keys.viewerRead);
    expect(audit.json!.items.slice(0, 2).map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([
      ["incident.postmortem_publish", "API key editorWrite (ed@api.test)"],
      ["incident.postmortem_edit", "API key editorWrite (ed@api.test)"],
    ]);
    // Nothing left to close: a conflict that says so.
    const none = await api("POST", "/incidents/close-drafts", keys.editorWrite, { ids: [id], mode: "dismiss" });
    expect(none.status).toBe(409);
  });

  it("answers 422 with field errors for bad bodies, queries, paths and cursors; 415 and 413 for bodies that are not JSON or too large", async () => {
    const bad = await api("POST", "/incidents", keys.editorWrite, { title: "", status: "exploded", impact: "minor" });
    expect(bad.status).toBe(422);
    expect(bad.json!.error).toMatchObject({ code: "invalid_input", fields: { title: [expect.any(String)], status: [expect.stringMatching(/^Choose a status/)], body: [expect.any(String)] } });
    expect((await api("GET", "/incidents?limit=0", keys.viewerRead)).json!.error.fields).toHaveProperty("limit");
    expect((await api("GET", "/incidents?limit=201", keys.viewerRead)).status).toBe(422);
    expect((await api("GET", "/incidents?cursor=bm90LWEtY3Vyc29y", keys.viewerRead)).json!.error.fields).toHaveProperty("cursor");
    expect((await api("GET", "/incidents/abc", keys.viewerRead)).json!.error.fields).toHaveProperty("id");
    expect((await api("GET", "/monitors/api-health/stats?range=1y", keys.viewerRead)).json!.error.fields).toHaveProperty("range");
    expect((await api("GET", "/monitors/api-health/stats?from=2020-01-01&to=2021-06-01", keys.viewerRead)).json!.error.fields).toHaveProperty("from");

    const notJson = await call(new Request("http://status.test/api/v1/incidents", { method: "POST", headers: { authorization: `Bearer ${keys.editorWrite}`, "content-type": "text/plain" }, body: "hi" }));
    expect(notJson.status).toBe(415);
    const broken = await call(new Request("http://status.test/api/v1/incidents", { method: "POST", headers: { authorization: `Bearer ${keys.editorWrite}`, "content-type": "application/json" }, body: "{" }));
    expect(broken.status).toBe(400);
    const huge = await api("POST", "/incidents", keys.editorWrite, { ...(BODIES.createIncident as object), body: "x".repeat(200 * 1024) });
    expect(huge.status).toBe(413);
  });

  it("pages through lists with opaque cursors, without repeats or gaps", async () => {
    const db = await getDb();
    for (let i = 0; i < 5; i++) await createIncident(db, SYSTEM_ACTOR, { title: `Paged ${i}`, status: "investigating", impact: "none", body: "x" });
    const all = (await api("GET", "/incidents?limit=200", keys.viewerRead)).json!.items.map((i: { id: number }) => i.id);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r = await api("GET", `/incidents?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, keys.viewerRead);
      expect(r.json!.items.length).toBeLessThanOrEqual(2);
      seen.push(...r.json!.items.map((i: { id: number }) => i.id));
      cursor = r.json!.next_cursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));

    const results: number[] = [];
    cursor = null;
    do {
      const r = await api("GET", `/monitors/api-health/results?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, keys.viewerRead);
      expect(r.status).toBe(200);
      results.push(...r.json!.items.map((i: { id: number }) => i.id));
      cursor = r.json!.next_cursor;
    } while (cursor);
    expect(results).toHaveLength(30);
    expect(results).toEqual([...results].sort((a, b) => b - a));

    const audit1 = await api("GET", "/audit?limit=3", keys.viewerRead);
    const audit2 = await api("GET", `/audit?limit=3&cursor=${audit1.json!.next_cursor}`, keys.viewerRead);
    expect(audit2.json!.items[0].id).toBeLessThan(audit1.json!.items[2].id);
  });

  it("reads monitors, results, stats, components and groups as the team sees them, without check settings", async () => {
    const list = await api("GET", "/monitors", keys.viewerRead);
    expect(list.json!.items.map((m: { key: string }) => m.key).sort()).toEqual(["api-health", "payroll-sync"]);
    const one = list.json!.items.find((m: { key: string }) => m.key === "api-health");
    expect(one).toMatchObject({ name: "API health", type: "http", component: "API", status: "no_data", uptime: { "24h": { checks: 30, checksPassed: 0.9 } } });
    expect(one).not.toHaveProperty("checkConfig");
    expect((await api("GET", "/monitors/api-health", keys.viewerRead)).json).toMatchObject({ key: "api-health", transitions: [] });
    expect((await api("GET", "/monitors/nope", keys.viewerRead)).status).toBe(404);

    const results = await api("GET", "/monitors/api-health/results?limit=1", keys.viewerRead);
    expect(results.json!.items[0]).toMatchObject({ region: "eu-west", status: "up", totalMs: 30, startedAt: new Date(now - 60_000).toISOString() });
    const failures = (await api("GET", "/monitors/api-health/results?limit=200", keys.viewerRead)).json!.items.filter((r: { status: string }) => r.status === "down");
    expect(failures).toHaveLength(3);
    expect(failures[0].message).toBe("connect ECONNREFUSED");

    const stats = await api("GET", "/monitors/api-health/stats?range=24h", keys.viewerRead);
    expect(stats.json).toMatchObject({ bucket: "hourly", checks: 30, checksPassed: 0.9, uptime: 0.9, downtimeMs: 360_000 });
    expect(stats.json!.p50Ms).toBeGreaterThan(10);
    expect(stats.json!.p99Ms).toBeGreaterThanOrEqual(stats.json!.p95Ms);
    const span = await api("GET", `/components/api/stats?from=${new Date(now - 2 * 3_600_000).toISOString()}&to=${new Date(now).toISOString()}`, keys.viewerRead);
    expect(span.json).toMatchObject({ bucket: "hourly", checks: 30, uptime: 0.9 });
    expect((await api("GET", "/components/api/stats?range=90d", keys.viewerRead)).json).toMatchObject({ bucket: "daily" });

    const comps = await api("GET", "/components", keys.viewerRead);
    expect(comps.json!.items.map((c: { key: string; isPublic: boolean; monitors: string[] }) => [c.key, c.isPublic, c.monitors])).toEqual(expect.arrayContaining([["api", true, ["api-health"]], ["ledger", false, ["payroll-sync"]]]));
    expect((await api("GET", "/components/ledger", keys.viewerRead)).json).toMatchObject({ name: "Payroll ledger" });
    expect((await api("GET", "/component-groups", keys.viewerRead)).json).toEqual({ items: [] });
  });

  it("lists and revokes only the caller's own keys; a revoked key stops at once", async () => {
    const db = await getDb();
    const ed = (await db.$client.execute("SELECT id, email FROM users WHERE email = 'ed@api.test'")).rows[0];
    const { key, secret } = await createApiKey(db, { id: Number(ed.id) }, userActor({ id: Number(ed.id), email: String(ed.email) }), { name: "throwaway", scope: "write" });
    const mine = await api("GET", "/api-keys", secret);
    expect(mine.json!.items.map((k: { name: string }) => k.name).sort()).toEqual(["editorRead", "editorWrite", "throwaway"]);
    expectNone(mine.text, Object.values(keys).concat(secret), "api-keys");
    expect((await api("DELETE", `/api-keys/${viewerKeyId}`, secret)).status).toBe(404); // someone else's
    const revoked = await api("DELETE", `/api-keys/${key.id}`, secret);
    expect(revoked.json).toMatchObject({ id: key.id, revokedAt: expect.any(String) });
    expect((await api("GET", "/api-keys", secret)).status).toBe(401);
  });

  it("lets editors and admins search and remove subscribers, with an audit entry that keeps no address", async () => {
    const db = await getDb();
    await db.insert(subscribers).values({ kind: "email", address: "dave@example.com", token: "d".repeat(43), createdAt: now });
    expect((await api("GET", "/subscribers?search=CAROL", keys.adminRead)).json!.items.map((s: { address: string }) => s.address)).toEqual([SUBSCRIBER]);
    expect((await api("GET", "/subscribers?search=%25", keys.adminRead)).json!.items).toEqual([]);
    expect((await api("DELETE", `/subscribers/${subscriberId}`, keys.viewerWrite)).status).toBe(403);
    expect((await api("DELETE", `/subscribers/${subscriberId}`, keys.editorRead)).status).toBe(403);
    expect((await api("DELETE", `/subscribers/${subscriberId}`, keys.editorWrite)).json).toEqual({ id: subscriberId, removed: true });
    expect((await api("DELETE", `/subscribers/${subscriberId}`, keys.adminWrite)).status).toBe(404);
    const audit = await api("GET", "/audit?entity=subscriber", keys.viewerRead);
    expect(audit.json!.items).toEqual([expect.objectContaining({ action: "subscriber.remove", actor: "API key editorWrite (ed@api.test)" })]);
    expectNone(audit.text, [SUBSCRIBER], "audit");
  });

  it("answers 429 with Retry-After past a key's requests per minute", async () => {
    const previous = process.env.API_RATE_LIMIT_PER_MIN;
    process.env.API_RATE_LIMIT_PER_MIN = "3";
    try {
      const db = await getDb();
      const { secret } = await createApiKey(db, { id: 1 }, userActor({ id: 1, email: "root@api.test" }), { name: "busy", scope: "read" });
      const statuses: number[] = [];
      let last: Response | undefined;
      for (let i = 0; i < 4; i++) {
        last = (await api("GET", "/component-groups", secret)).res;
        statuses.push(last.status);
      }
      // A window boundary may fall between the calls: then the count starts again.
      if (statuses[3] === 200) return;
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect(Number(last!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(last!.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    } finally {
      if (previous === undefined) delete process.env.API_RATE_LIMIT_PER_MIN;
      else process.env.API_RATE_LIMIT_PER_MIN = previous;
    }
  });
});
