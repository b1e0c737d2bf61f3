import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "@/lib/api/openapi-types";
import { dispatcher, loadRouteFiles, serveRoutes } from "@/lib/api/test-routes";
import { createApiKey } from "@/lib/auth/api-keys";
import { userActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { users, type Role } from "@/lib/db/schema";
import { createTestDb, makeComponent, makeMonitor } from "@/lib/db/test-db";

/**
 * /api/v1 monitor writes over lib/monitors, against a real migrated SQLite file, with an editor's
 * write and read keys and a viewer's write key: every check type created from a config-file
 * entry, field errors as the config file words them, config-declared monitors refused with a
 * pointer to the file, and no check settings in any answer.
 */
const SECRET = "hdrSecretQz81";
let cleanup: () => void;
let call: (req: Request) => Promise<Response>;
let server: { base: string; close: () => Promise<void> };
const previousUrl = process.env.DATABASE_URL;
const keys: Record<string, string> = {};

async function api(method: string, path: string, key: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await call(new Request(`http://status.test/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  expect(text, `${method} ${path}`).not.toContain(SECRET);
  return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}

const count = async (sql: string) => Number((await (await getDb()).$client.execute(sql)).rows[0].n);

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url; // read by getDb() on its first call
  const db = await getDb();
  const user = async (email: string, role: Role) => (await db.insert(users).values({ email, passwordHash: "scrypt$unused", role, createdAt: Date.now() }).returning())[0];
  const [ed, vi] = [await user("ed@monitors.test", "editor"), await user("vi@monitors.test", "viewer")];
  keys.editorWrite = (await createApiKey(db, ed, userActor(ed), { name: "edW", scope: "write" })).secret;
  keys.editorRead = (await createApiKey(db, ed, userActor(ed), { name: "edR", scope: "read" })).secret;
  keys.viewerWrite = (await createApiKey(db, vi, userActor(vi), { name: "viW", scope: "write" })).secret;
  await makeComponent(db, { key: "api", name: "API" });
  await makeMonitor(db, { key: "from-file", name: "From the file", origin: "config" });
  const routes = await loadRouteFiles();
  call = dispatcher(routes);
  server = await serveRoutes(routes);
});

afterAll(async () => {
  await server?.close();
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

const ENTRIES: Record<string, Record<string, unknown>> = {
  http: { key: "web", name: "Web", type: "http", url: "https://example.com/health", component: "api", interval: "30s", headers: { authorization: `Bearer ${SECRET}` } },
  tcp: { key: "db", name: "Database", type: "tcp", host: "db.internal", port: 5432 },
  dns: { key: "dns", name: "DNS", type: "dns", query: "example.com", recordType: "MX" },
  tls: { key: "cert", name: "Certificate", type: "tls", host: "example.com", expiryWarning: "14d" },
  heartbeat: { key: "backup", name: "Nightly backup", type: "heartbeat", interval: "1h", grace: "10m" },
  browser: { key: "shop", name: "Shop page", type: "browser", url: "https://example.com/shop", waitForText: "Add to cart", viewport: { width: 375, height: 700 } },
};

describe("/api/v1 monitor writes", () => {
  it("creates a monitor of every check type from a config-file entry, answering its state without its settings, each with an audit entry by the key", async () => {
    for (const [type, entry] of Object.entries(ENTRIES)) {
      const r = await api("POST", "/monitors", keys.editorWrite, entry);
      expect(r.status, r.text).toBe(201);
      expect(r.json).toMatchObject({ key: entry.key, name: entry.name, type, status: "no_data", transitions: [] });
      expect(r.json).not.toHaveProperty("checkConfig");
      expect(r.text).not.toContain("example.com");
    }
    expect((await api("GET", "/monitors/web", keys.editorRead)).json).toMatchObject({ component: "API", intervalS: 30 });
    const audit = await api("GET", "/audit?entity=monitor&entityId=web", keys.editorRead);
    expect(audit.json!.items.map((e: { action: string; actor: string }) => [e.action, e.actor])).toEqual([["monitor.create", "API key edW (ed@monitors.test)"]]);
    const taken = await api("POST", "/monitors", keys.editorWrite, ENTRIES.tcp);
    expect(taken.status).toBe(422);
    expect(taken.json!.error.fields.key[0]).toMatch(/already used by the monitor "Database"/);
  });

  it("answers 422 with the config file's messages by field", async () => {
    const r = await api("POST", "/monitors", keys.editorWrite, { key: "Bad Key", name: "x", type: "http", url: "ftp://x", intervall: "30s" });
    expect(r.status).toBe(422);
    expect(r.json!.error.code).toBe("invalid_input");
    expect(Object.keys(r.json!.error.fields).sort()).toEqual(["intervall", "key", "url"]);
    expect(r.json!.error.fields.intervall[0]).toMatch(/did you mean "interval"/);
    const component = await api("POST", "/monitors", keys.editorWrite, { ...ENTRIES.tcp, key: "db2", component: "apu" });
    expect(component.json!.error.fields.component[0]).toMatch(/did you mean "api"/);
    const browser = await api("POST", "/monitors", keys.editorWrite, { ...ENTRIES.browser, key: "shop2", viewport: { width: 10, height: 700 } });
    expect(browser.json!.error.fields).toHaveProperty(["viewport.width"]);
    expect((await api("POST", "/monitors", keys.editorWrite, [1, 2])).status).toBe(422);
  });

  it("changes a monitor by merge patch, keeps its key, and refuses one declared in the config file with 409 naming the file", async () => {
    const r = await api("PATCH", "/monitors/web", keys.editorWrite, { name: "Website", interval: "2m", component: null });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ key: "web", name: "Website", intervalS: 120, component: null });
    const db = await getDb();
    const spec = JSON.parse(String((await db.$client.execute("SELECT spec FROM monitors WHERE key = 'web'")).rows[0].spec));
    expect(spec).toMatchObject({ url: "https://example.com/health", headers: { authorization: `Bearer ${SECRET}` } });
    expect(spec).not.toHaveProperty("component");

    expect((await api("PATCH", "/monitors/web", keys.editorWrite, { key: "web2" })).json!.error.fields).toHaveProperty("key");
    expect((await api("PATCH", "/monitors/web", keys.editorWrite, { interval: "1s" })).json!.error.fields).toHaveProperty("interval");
    expect((await api("PATCH", "/monitors/nope", keys.editorWrite, { name: "x" })).status).toBe(404);
    const config = await api("PATCH", "/monitors/from-file", keys.editorWrite, { name: "x" });
    expect(config.status).toBe(409);
    expect(config.json!.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/managed by config: change it in .*status\.config\.yaml/) });
    const archive = await api("DELETE", "/monitors/from-file", keys.editorWrite);
    expect(archive.status).toBe(409);
    expect(archive.json!.error.message).toMatch(/remove it in .*status\.config\.yaml/);
  });

  it("pauses and resumes any monitor, the config file's too, and archives a dashboard one", async () => {
    const paused = await api("POST", "/monitors/from-file/pause", keys.editorWrite);
    expect(paused.json).toMatchObject({ key: "from-file", status: "paused" });
    expect((await api("POST", "/monitors/from-file/pause", keys.editorWrite)).status).toBe(200); // already paused: no change
    expect((await api("POST", "/monitors/from-file/resume", keys.editorWrite)).json).toMatchObject({ status: "no_data" });
    expect(await count("SELECT count(*) AS n FROM audit_log WHERE entity_id = 'from-file'")).toBe(2);

    expect((await api("DELETE", "/monitors/db", keys.editorWrite)).json).toEqual({ key: "db", archived: true });
    expect((await api("GET", "/monitors", keys.editorRead)).json!.items.map((m: { key: string }) => m.key)).not.toContain("db");
    expect((await api("DELETE", "/monitors/db", keys.editorWrite)).status).toBe(404);
    expect((await api("POST", "/monitors/db/pause", keys.editorWrite)).status).toBe(404);
  });

  it("refuses a viewer's write key and an editor's read key (403), changing nothing", async () => {
    const before = await count("SELECT (SELECT count(*) FROM monitors) + (SELECT count(*) FROM audit_log) + (SELECT count(paused_at) FROM monitors) AS n");
    for (const key of [keys.viewerWrite, keys.editorRead]) {
      for (const [method, path, body] of [
        ["POST", "/monitors", { ...ENTRIES.tcp, key: "viewer-made" }],
        ["PATCH", "/monitors/web", { name: "Hacked" }],
        ["DELETE", "/monitors/web", undefined],
        ["POST", "/monitors/web/pause", undefined],
        ["POST", "/monitors/web/resume", undefined],
      ] as const) {
        const r = await api(method, path, key, body);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.json!.error.code).toBe("forbidden");
      }
    }
    expect(await count("SELECT (SELECT count(*) FROM monitors) + (SELECT count(*) FROM audit_log) + (SELECT count(paused_at) FROM monitors) AS n")).toBe(before);
  });

  it("creates and pauses a monitor through the generated openapi-fetch client, with the entry typed", async () => {
    const client = createClient<paths>({ baseUrl: `${server.base}/api/v1`, headers: { authorization: `Bearer ${keys.editorWrite}` } });
    const created = await client.POST("/monitors", { body: { key: "typed", name: "Typed", type: "tcp", host: "127.0.0.1", port: 9 } });
    expect(created.response.status).toBe(201);
    expect(created.data!.key).toBe("typed");
    const paused = await client.POST("/monitors/{key}/pause", { params: { path: { key: "typed" } } });
    expect(paused.data!.status).toBe("paused");
    const bad = await client.PATCH("/monitors/{key}", { params: { path: { key: "typed" } }, body: { port: 70_000 } });
    expect(bad.response.status).toBe(422);
    expect(bad.error!.error.fields).toHaveProperty("port");
  });
});
