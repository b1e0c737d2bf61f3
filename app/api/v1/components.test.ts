import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { dispatcher, loadRouteFiles } from "@/lib/api/test-routes";
import { userActor } from "@/lib/audit/log";
import { parseConfig } from "@/lib/config/load";
import { applyConfig } from "@/lib/config/sync";
import { getDb } from "@/lib/db/client";
import { users, type Role } from "@/lib/db/schema";
import { createTestDb, makeMonitor } from "@/lib/db/test-db";

/**
 * /api/v1 component and group changes against a real migrated SQLite file, called as Next calls
 * the route handlers: an editor's write key changes, read keys and a viewer's keys (write scope
 * too) are refused and change nothing, and errors come through the one mapper (404, 409, 422).
 */
let call: (req: Request) => Promise<Response>;
let cleanup: () => void;
const previousUrl = process.env.DATABASE_URL;
const keys: Record<string, string> = {};

async function api(method: string, path: string, key: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await call(new Request(`http://status.test/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url; // read by getDb() on its first call
  call = dispatcher(await loadRouteFiles());
  const db = await getDb();
  const make = async (email: string, role: Role) => (await db.insert(users).values({ email, passwordHash: "scrypt$unused", role, createdAt: Date.now() }).returning())[0];
  const [editor, viewer] = [await make("ed@components.test", "editor"), await make("vi@components.test", "viewer")];
  for (const [name, u, scope] of [["editorWrite", editor, "write"], ["editorRead", editor, "read"], ["viewerWrite", viewer, "write"], ["viewerRead", viewer, "read"]] as const) {
    keys[name] = (await createApiKey(db, u, userActor(u), { name, scope })).secret;
  }
  await applyConfig(db, parseConfig(`page:\n  name: Test\ngroups:\n  - key: core\n    name: Core\ncomponents:\n  - key: api\n    name: API\n    group: core\n`, {}));
});

afterAll(async () => {
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

describe("/api/v1 components and groups", () => {
  it("creates, changes and archives a group and a component with an editor's write key, each with an audit entry by the key", async () => {
    const group = await api("POST", "/component-groups", keys.editorWrite, { key: "billing", name: "Billing" });
    expect(group.status).toBe(201);
    expect(group.json).toEqual({ id: expect.any(Number), key: "billing", name: "Billing", displayOrder: 1, origin: "ui" });
    const created = await api("POST", "/components", keys.editorWrite, { key: "invoices", name: "Invoices", group: "billing", public: false });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ key: "invoices", name: "Invoices", group: "billing", isPublic: false, showLatency: true, publishIncidents: false, origin: "ui", monitors: [] });
    expect((await api("GET", "/components/invoices", keys.viewerRead)).json).toMatchObject({ key: "invoices", origin: "ui" });

    const patched = await api("PATCH", "/components/invoices", keys.editorWrite, { name: "Invoicing", group: null, order: 9 });
    expect(patched.json).toMatchObject({ name: "Invoicing", group: null, isPublic: false, displayOrder: 9 });
    expect((await api("PATCH", "/component-groups/billing", keys.editorWrite, { name: "Billing and invoices" })).json).toMatchObject({ name: "Billing and invoices", origin: "ui" });
    expect((await api("DELETE", "/components/invoices", keys.editorWrite)).json).toEqual({ key: "invoices", archived: true });
    expect((await api("DELETE", "/component-groups/billing", keys.editorWrite)).json).toEqual({ key: "billing", archived: true });
    expect((await api("GET", "/components/invoices", keys.viewerRead)).status).toBe(404);

    const audit = await api("GET", "/audit?limit=6", keys.viewerRead);
    expect(audit.json!.items.map((e: { action: string; entityId: string; actor: string }) => [e.action, e.entityId, e.actor])).toEqual([
      ["group.archive", "billing", "API key editorWrite (ed@components.test)"],
      ["component.archive", "invoices", "API key editorWrite (ed@components.test)"],
      ["group.update", "billing", "API key editorWrite (ed@components.test)"],
      ["component.update", "invoices", "API key editorWrite (ed@components.test)"],
      ["component.create", "invoices", "API key editorWrite (ed@components.test)"],
      ["group.create", "billing", "API key editorWrite (ed@components.test)"],
    ]);
  });

  it("answers 422 by field, 409 for a key in use, a config-owned entry or attached monitors, and 404 for an unknown key", async () => {
    const bad = await api("POST", "/components", keys.editorWrite, { key: "Bad Key", name: "", colour: "red" });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.json!.error.fields).sort()).toEqual(["colour", "key", "name"]);
    expect((await api("PATCH", "/components/api", keys.editorWrite, { key: "other" })).json!.error.fields).toHaveProperty("key");

    const taken = await api("POST", "/components", keys.editorWrite, { key: "api", name: "Mine" });
    expect(taken.status).toBe(409);
    expect(taken.json!.error).toMatchObject({ code: "conflict", message: 'The key "api" is already used by the component "API" (declared in the config file): choose another key.' });
    const owned = await api("PATCH", "/components/api", keys.editorWrite, { name: "Renamed" });
    expect(owned.status).toBe(409);
    expect(owned.json!.error.message).toMatch(/^The component "api" is managed by config: change it in .*status\.config\.yaml/);
    expect((await api("DELETE", "/component-groups/core", keys.editorWrite)).json!.error.message).toMatch(/^The group "core" is managed by config: remove it in/);

    const web = await api("POST", "/components", keys.editorWrite, { key: "web", name: "Web" });
    await makeMonitor(await getDb(), { key: "web-home", name: "Home page", componentId: web.json!.id });
    const busy = await api("DELETE", "/components/web", keys.editorWrite);
    expect(busy.status).toBe(409);
    expect(busy.json!.error.message).toMatch(/still has a monitor: "Home page" \(web-home\)/);

    expect((await api("PATCH", "/components/nope", keys.editorWrite, { name: "X" })).status).toBe(404);
    expect((await api("DELETE", "/component-groups/nope", keys.editorWrite)).status).toBe(404);
  });

  it("refuses read keys and a viewer's keys, write scope included, and changes nothing", async () => {
    const db = await getDb();
    const state = async () => JSON.stringify((await db.$client.execute("SELECT (SELECT group_concat(key || name || ifnull(archived_at, '')) FROM components) AS c, (SELECT group_concat(key || name || ifnull(archived_at, '')) FROM component_groups) AS g, (SELECT count(*) FROM audit_log) AS a")).rows);
    const before = await state();
    for (const key of [keys.editorRead, keys.viewerRead, keys.viewerWrite]) {
      for (const [method, path, body] of [
        ["POST", "/components", { key: "sneaky", name: "Sneaky" }],
        ["PATCH", "/components/web", { name: "Sneaky" }],
        ["DELETE", "/components/web", undefined],
        ["POST", "/component-groups", { key: "sneaky", name: "Sneaky" }],
        ["PATCH", "/component-groups/core", { name: "Sneaky" }],
        ["DELETE", "/component-groups/core", undefined],
      ] as const) {
        const r = await api(method, path, key, body);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.json!.error.code).toBe("forbidden");
      }
    }
    expect((await api("POST", "/components", keys.viewerWrite, { key: "sneaky", name: "Sneaky" })).json!.error.message).toMatch(/Viewer/);
    expect(await state()).toBe(before);
  });
});
