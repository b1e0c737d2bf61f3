import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { dispatcher, loadRouteFiles } from "@/lib/api/test-routes";
import { listAudit, userActor } from "@/lib/audit/log";
import { parseConfig } from "@/lib/config/load";
import { applyConfig } from "@/lib/config/sync";
import { getDb } from "@/lib/db/client";
import { users, type Role } from "@/lib/db/schema";
import { createTestDb, makeMonitor } from "@/lib/db/test-db";
import { startRecorder, type Recorder } from "@/lib/notify/test-fixtures";

/**
 * /api/v1/channels and /api/v1/escalation-policies against a real migrated SQLite file and a
 * loopback receiver: admins manage, editors test, viewers read masked settings, no answer holds
 * a secret, and the config file's entries stay read-only.
 */
const SECRET = `whsec_${Buffer.alloc(32, 9).toString("base64")}`;
const SLACK_PATH = "services/T0000/B0000/SlackPathSecretXyZ123";

let call: (req: Request) => Promise<Response>;
let cleanup: () => void;
let receiver: Recorder;
const previousUrl = process.env.DATABASE_URL;
const keys: Record<string, string> = {};

async function api(method: string, path: string, key: string, body?: unknown) {
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await call(new Request(`http://status.test/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  expect(text).not.toContain(SECRET);
  expect(text).not.toContain("SlackPathSecret");
  return { status: res.status, json: JSON.parse(text) as Record<string, any> };
}

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url;
  call = dispatcher(await loadRouteFiles());
  receiver = await startRecorder(() => ({ status: 202, body: "queued" }));
  const db = await getDb();
  const now = Date.now();
  for (const role of ["admin", "editor", "viewer"] as Role[]) {
    const [u] = await db.insert(users).values({ email: `${role}@channels.test`, passwordHash: "scrypt$unused", role, createdAt: now }).returning();
    keys[`${role}Write`] = (await createApiKey(db, u, userActor(u), { name: `${role}-w`, scope: "write" }, now)).secret;
    keys[`${role}Read`] = (await createApiKey(db, u, userActor(u), { name: `${role}-r`, scope: "read" }, now)).secret;
  }
  await applyConfig(db, parseConfig("page:\n  name: Test\nchannels:\n  - key: ops-mail\n    type: email\n    to: [ops@example.com]\nescalation:\n  - key: default\n    steps:\n      - channels: [ops-mail]\n", {}));
});

afterAll(async () => {
  await receiver.close();
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

describe("/api/v1/channels", () => {
  it("lets an admin create, read, change and archive a channel; answers mask every secret", async () => {
    const created = await api("POST", "/channels", keys.adminWrite, { key: "hook", name: "Hook", type: "webhook", url: `${receiver.url}/in`, secret: SECRET });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ key: "hook", name: "Hook", type: "webhook", origin: "ui", settings: { url: `${receiver.url}/…`, secret: expect.stringMatching(/^whsec_…/) }, usedBy: [] });
    const slack = await api("POST", "/channels", keys.adminWrite, { key: "chat", type: "slack", webhookUrl: `https://hooks.slack.com/${SLACK_PATH}` });
    expect(slack.json.settings).toEqual({ webhookUrl: "https://hooks.slack.com/…Z123" });

    const list = await api("GET", "/channels", keys.viewerRead);
    expect(list.json.items.map((c: { key: string; origin: string }) => [c.key, c.origin])).toEqual([["chat", "ui"], ["hook", "ui"], ["ops-mail", "config"]]);

    const patched = await api("PATCH", "/channels/hook", keys.adminWrite, { name: "Receiver", secret: "" });
    expect(patched.json).toMatchObject({ name: "Receiver", settings: { secret: created.json.settings.secret } });
    const invalid = await api("PATCH", "/channels/hook", keys.adminWrite, { url: "nope" });
    expect(invalid.status).toBe(422);
    expect(invalid.json.error.fields).toHaveProperty("url");

    expect((await api("DELETE", "/channels/chat", keys.adminWrite)).json).toEqual({ key: "chat", archived: true });
    expect((await api("GET", "/channels/chat", keys.adminRead)).status).toBe(404);
    const db = await getDb();
    const audit = (await listAudit(db, { entity: "channel" })).entries;
    expect(audit.map((e) => [e.action, e.source])).toEqual([["channel.archive", "api"], ["channel.update", "api"], ["channel.create", "api"], ["channel.create", "api"]]);
  });

  it("sends a test message for an editor and answers how it went; viewers and read keys get 403", async () => {
    const before = receiver.requests.length;
    const sent = await api("POST", "/channels/hook/test", keys.editorWrite);
    expect(sent.status).toBe(200);
    expect(sent.json).toEqual({ ok: true, detail: "HTTP 202", latencyMs: expect.any(Number) });
    expect(receiver.requests.length).toBe(before + 1);
    expect((await api("POST", "/channels/hook/test", keys.viewerWrite)).status).toBe(403);
    expect((await api("POST", "/channels/hook/test", keys.editorRead)).status).toBe(403);
    expect(receiver.requests.length).toBe(before + 1);
  });

  it("refuses editors and viewers every change, and config-owned channels to everyone", async () => {
    for (const key of [keys.editorWrite, keys.viewerWrite]) {
      expect((await api("POST", "/channels", key, { key: "x", type: "email", to: ["a@example.com"] })).status).toBe(403);
      expect((await api("PATCH", "/channels/hook", key, { name: "X" })).status).toBe(403);
      expect((await api("DELETE", "/channels/hook", key)).status).toBe(403);
    }
    const owned = await api("PATCH", "/channels/ops-mail", keys.adminWrite, { to: ["x@example.com"] });
    expect(owned.status).toBe(409);
    expect(owned.json.error.message).toMatch(/managed by status\.config\.yaml: change it there/);
  });
});

describe("/api/v1/escalation-policies", () => {
  it("lets an admin create, change and archive a policy; refuses archiving a channel or policy in use", async () => {
    const created = await api("POST", "/escalation-policies", keys.adminWrite, { key: "oncall", steps: [{ channels: ["hook"] }, { after: "10m", channels: ["ops-mail"] }], repeat: "30m" });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({ key: "oncall", name: "oncall", origin: "ui", steps: [{ afterMs: 0, channels: ["hook"] }, { afterMs: 600_000, channels: ["ops-mail"] }], repeatEveryMs: 1_800_000, monitors: [] });
    const unknown = await api("POST", "/escalation-policies", keys.adminWrite, { key: "x", steps: [{ channels: ["hoook"] }] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.fields).toEqual({ "steps.0.channels": ['step 1: unknown channel "hoook", did you mean "hook"?'] });

    const inUse = await api("DELETE", "/channels/hook", keys.adminWrite);
    expect(inUse.status).toBe(409);
    expect(inUse.json.error.message).toMatch(/used by the escalation policy "oncall"/);

    const db = await getDb();
    const policyId = Number((await db.$client.execute("SELECT id FROM escalation_policies WHERE key = 'oncall'")).rows[0].id);
    await makeMonitor(db, { key: "api", escalationPolicyId: policyId });
    const followed = await api("DELETE", "/escalation-policies/oncall", keys.adminWrite);
    expect(followed.status).toBe(409);
    expect(followed.json.error.message).toMatch(/used by the monitor "api"/);

    const patched = await api("PATCH", "/escalation-policies/oncall", keys.adminWrite, { repeat: null });
    expect(patched.json).toMatchObject({ repeatEveryMs: null, monitors: ["api"] });
    expect((await api("PATCH", "/escalation-policies/default", keys.adminWrite, { repeat: "1h" })).status).toBe(409);
    expect((await api("PATCH", "/escalation-policies/oncall", keys.editorWrite, { repeat: "1h" })).status).toBe(403);
    const list = await api("GET", "/escalation-policies", keys.viewerRead);
    expect(list.json.items.map((p: { key: string }) => p.key)).toEqual(["default", "oncall"]);
  });
});
