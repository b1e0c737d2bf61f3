import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { paths } from "@/lib/api/openapi-types";
import { loadRouteFiles, serveRoutes } from "@/lib/api/test-routes";
import { createApiKey } from "@/lib/auth/api-keys";
import { userActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { users } from "@/lib/db/schema";
import { createTestDb, makeComponent, makeMonitor } from "@/lib/db/test-db";

/**
 * The API driven by a third-party OpenAPI client (openapi-fetch, typed by openapi-typescript from
 * the document) over HTTP on a loopback port, against a real SQLite file: what the document
 * says is what the routes do.
 */
let cleanup: () => void;
let server: { base: string; close: () => Promise<void> };
let client: ReturnType<typeof createClient<paths>>;
let readOnly: ReturnType<typeof createClient<paths>>;
const previousUrl = process.env.DATABASE_URL;

beforeAll(async () => {
  const test = await createTestDb();
  cleanup = test.cleanup;
  process.env.DATABASE_URL = test.url; // read by getDb() on its first call
  const db = await getDb();
  const [ed] = await db.insert(users).values({ email: "ed@client.test", passwordHash: "scrypt$unused", role: "editor", createdAt: Date.now() }).returning();
  const write = await createApiKey(db, ed, userActor(ed), { name: "client", scope: "write" });
  const read = await createApiKey(db, ed, userActor(ed), { name: "reader", scope: "read" });
  const api = await makeComponent(db, { key: "api", name: "API" });
  await makeMonitor(db, { key: "api-health", name: "API health", componentId: api.id });
  server = await serveRoutes(await loadRouteFiles());
  client = createClient<paths>({ baseUrl: `${server.base}/api/v1`, headers: { authorization: `Bearer ${write.secret}` } });
  readOnly = createClient<paths>({ baseUrl: `${server.base}/api/v1`, headers: { authorization: `Bearer ${read.secret}` } });
});

afterAll(async () => {
  await server?.close();
  (await getDb()).$client.close();
  delete (globalThis as { __statusDb?: unknown }).__statusDb;
  process.env.DATABASE_URL = previousUrl;
  cleanup();
});

describe("/api/v1 through openapi-fetch", () => {
  it("opens an incident, posts an update and reads it back, typed end to end", async () => {
    const components = await client.GET("/components");
    const apiId = components.data!.items.find((c) => c.key === "api")!.id;
    const created = await client.POST("/incidents", {
      body: { title: "Slow checkout", status: "investigating", impact: "minor", body: "We are looking.", componentImpacts: [{ componentId: apiId, impact: "degraded_performance" }] },
    });
    expect(created.response.status).toBe(201);
    const id = created.data!.id;
    const updated = await client.POST("/incidents/{id}/updates", { params: { path: { id } }, body: { status: "monitoring", body: "A fix is out." } });
    expect(updated.data!.updates.map((u) => u.status)).toEqual(["monitoring", "investigating"]);
    const read = await readOnly.GET("/incidents/{id}", { params: { path: { id } } });
    expect(read.data).toMatchObject({ id, title: "Slow checkout", status: "monitoring", components: [{ id: apiId, name: "API", impact: "degraded_performance" }] });
    const list = await readOnly.GET("/incidents", { params: { query: { kind: "incident", limit: 10 } } });
    expect(list.data!.items.map((i) => i.id)).toEqual([id]);
    expect(list.data!.next_cursor).toBeNull();
  });

  it("reads monitors and their stats, and gets errors in the documented shape", async () => {
    const monitors = await readOnly.GET("/monitors");
    expect(monitors.data!.items.map((m) => [m.key, m.status])).toEqual([["api-health", "no_data"]]);
    const stats = await readOnly.GET("/monitors/{key}/stats", { params: { path: { key: "api-health" }, query: { range: "7d" } } });
    expect(stats.data).toMatchObject({ bucket: "hourly", checks: 0, uptime: null });

    const forbidden = await readOnly.POST("/incidents", { body: { title: "x", status: "investigating", impact: "none", body: "x" } });
    expect(forbidden.response.status).toBe(403);
    expect(forbidden.error!.error.code).toBe("forbidden");
    const invalid = await client.POST("/incidents/{id}/publish", { params: { path: { id: 1 } }, body: { published: "yes" as unknown as boolean } });
    expect(invalid.response.status).toBe(422);
    expect(invalid.error!.error.fields).toHaveProperty("published");
    const missing = await readOnly.GET("/monitors/{key}", { params: { path: { key: "nope" } } });
    expect(missing.response.status).toBe(404);
  });
});
