import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { monitorStates } from "@/lib/db/schema";
import { createTestDb, makeComponent, makeMonitor } from "@/lib/db/test-db";
import { pulse } from "@/lib/workers/pulse";
import { GET } from "./route";

/** The route handler as Next calls it: the request and a promise of the decoded segments. */
function call(path: string) {
  const url = new URL(path, "http://status.test");
  const [kind, key, badge] = url.pathname.split("/").slice(2).map(decodeURIComponent);
  return GET(new Request(url), { params: Promise.resolve({ kind, key, badge }) });
}

describe("GET /badge/[kind]/[key]/[badge]", () => {
  let cleanup: () => void;
  const previousUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    const test = await createTestDb();
    cleanup = test.cleanup;
    process.env.DATABASE_URL = test.url; // read by getDb() on its first call
    const api = await makeComponent(test.db, { key: "api", name: "API" });
    const m = await makeMonitor(test.db, { key: "api-health", name: "<script>alert(1)</script>", componentId: api.id });
    await makeMonitor(test.db, { key: "private-one", isPublic: false });
    const now = Date.now();
    await test.db.insert(monitorStates).values({ monitorId: m.id, status: "down", since: now, lastResultAt: now, updatedAt: now });
    await pulse(test.db, "coordinator", "*", now, {}, now); // stored states count while the coordinator reports
  });
  afterAll(async () => {
    (await getDb()).$client.close();
    delete (globalThis as { __statusDb?: unknown }).__statusDb;
    process.env.DATABASE_URL = previousUrl;
    cleanup();
  });

  it("serves the SVG and the shields endpoint JSON of a public monitor", async () => {
    const svg = await call("/badge/monitor/api-health/status.svg?style=flat-square");
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    expect(svg.headers.get("content-security-policy")).toBe("default-src 'none'; style-src 'unsafe-inline'");
    const body = await svg.text();
    expect(body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(body).toContain(">down</text>");
    expect(body).not.toMatch(/<script/i);

    const json = await call("/badge/component/api/status.json");
    expect(json.headers.get("content-type")).toBe("application/json");
    expect(await json.json()).toEqual({ schemaVersion: 1, label: "status", message: "down", color: "red", isError: false, cacheSeconds: 300 });
  });

  it("answers a private monitor exactly like an unknown one, and bad requests with a short reason", async () => {
    const [priv, unknown] = await Promise.all([call("/badge/monitor/private-one/uptime-7d.svg"), call("/badge/monitor/no-such/uptime-7d.svg")]);
    expect([priv.status, await priv.text()]).toEqual([unknown.status, await unknown.text()]);
    expect(priv.status).toBe(404);
    expect((await call("/badge/monitor/api-health/uptime-1y.svg")).status).toBe(404);
    expect((await call("/badge/everything/api/status.svg")).status).toBe(404);
    const bad = await call("/badge/monitor/api-health/status.svg?style=3d");
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/^unknown style "3d"; expected one of/);
  });
});
