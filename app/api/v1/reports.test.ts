import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatcher, loadRouteFiles } from "@/lib/api/test-routes";
import { createApiKey } from "@/lib/auth/api-keys";
import { userActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { stateTimeDaily, users } from "@/lib/db/schema";
import { createTestDb, makeComponent, makeMonitor } from "@/lib/db/test-db";
import { lastFullMonth } from "@/lib/reports/period";
import { HOUR_MS } from "@/lib/uptime/uptime";

/** GET /api/v1/reports/sla with a viewer's read key, against a real SQLite file (lib/reports computes it; tested there). */
let cleanup: () => void;
let call: (req: Request) => Promise<Response>;
let key = "";
const previousUrl = process.env.DATABASE_URL;
const month = lastFullMonth(Date.now());

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url; // read by getDb() on its first call
  const db = await getDb();
  const [vi] = await db.insert(users).values({ email: "vi@reports.test", passwordHash: "scrypt$unused", role: "viewer", createdAt: Date.now() }).returning();
  key = (await createApiKey(db, vi, userActor(vi), { name: "viR", scope: "read" })).secret;
  const api = await makeComponent(db, { key: "api", name: "API" });
  const m = await makeMonitor(db, { key: "api-health", name: "API health", componentId: api.id, checkConfig: { url: "http://127.0.0.1:9/?token=reportSecretQ" } });
  await db.insert(stateTimeDaily).values({ monitorId: m.id, bucketStart: Date.parse(`${month}-02T00:00:00Z`), upMs: 22 * HOUR_MS, majorMs: 2 * HOUR_MS });
  call = dispatcher(await loadRouteFiles());
});

afterAll(async () => {
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

const get = async (query: string, auth = `Bearer ${key}`) => {
  const res = await call(new Request(`http://status.test/api/v1/reports/sla${query}`, { headers: { authorization: auth } }));
  const text = await res.text();
  expect(text).not.toContain("reportSecretQ");
  return { status: res.status, json: JSON.parse(text) as Record<string, any> };
};

describe("GET /api/v1/reports/sla", () => {
  it("answers the last full month by default to a viewer's read key, per monitor and component, against the target", async () => {
    const r = await get("");
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ month, from: `${month}-01T00:00:00.000Z`, targetPct: 99.9 });
    expect(r.json.monitors).toEqual([{ key: "api-health", name: "API health", component: "API", uptime: 22 / 24, downtimeMs: 2 * HOUR_MS, incidents: 0, checks: 0, p95Ms: null, met: false }]);
    expect(r.json.components).toEqual([expect.objectContaining({ key: "api", monitors: 1, uptime: 22 / 24, met: false })]);
    expect((await get(`?month=${month}&target=90`)).json.monitors[0].met).toBe(true);
    const range = await get(`?from=${month}-03&to=${month}-04`);
    expect(range.json).toMatchObject({ month: null, monitors: [{ uptime: null, met: null }] });
  });

  it("answers 422 by field for a bad month, range or target, and 401 without a key", async () => {
    expect((await get("?month=2026-13")).json.error.fields).toHaveProperty("month");
    expect((await get("?from=2024-01-01&to=2025-06-01")).json.error.fields.from[0]).toMatch(/at most 400 days/);
    expect((await get("?target=abc")).json.error.fields).toHaveProperty("target");
    expect((await get("", "")).status).toBe(401);
  });
});
