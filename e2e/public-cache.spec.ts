import { get as httpGet } from "node:http";
import { gunzipSync } from "node:zlib";
import { createClient, type Client } from "@libsql/client";
import { expect, test } from "@playwright/test";
import { waitUntil } from "../lib/testing/wait";
import { startApp, type RunningApp } from "./app";
import { viewerSessionCookie } from "./sign-in";
import { setTarget, startSwitchableTarget } from "./target";

/**
 * The public cache in front of Next (worker/app-server.ts, lib/http/public-cache.ts) on the
 * built product with its default freshness (2 s, served stale 3 s more): public responses carry
 * an ETag and answer 304 to it, a monitor going down shows within those seconds, and nothing
 * with a session, nor any dashboard path, is ever answered from it.
 */
const PRIVATE_WORDS = ["Internal tool", "Internal check", "internal-check"];

let app: RunningApp;
let db: Client;
let target: Awaited<ReturnType<typeof startSwitchableTarget>>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  target = await startSwitchableTarget(true);
  // One failure makes the public monitor down, so the outage test waits one check, not three.
  const config = `page: { name: Cache test }
components:
  - { key: api, name: Public API }
  - { key: internal, name: Internal tool, public: false }
monitors:
  - { key: api-check, name: API check, type: http, component: api, interval: 10s, timeout: 2s, failureThreshold: 1, successThreshold: 1, url: "${target.url}/check" }
  - { key: internal-check, name: Internal check, type: http, component: internal, interval: 10s, url: "${target.url}/check" }
`;
  app = await startApp({ name: "public-cache", config, env: { PUBLIC_CACHE_TTL: "2", PUBLIC_CACHE_STALE: "3" } });
  db = createClient({ url: app.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
  await target?.close();
});

/** A plain HTTP GET that neither follows redirects nor decodes the body. */
function raw(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    httpGet(`${app.base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

test("public responses are answered from the cache with an ETag, 304 on revalidation, gzip when accepted, their own headers kept", async () => {
  for (const path of ["/", "/api/v2/summary.json", "/badge/component/api/status.svg", "/history", "/embed.js"]) {
    const first = await raw(path);
    expect(first.status, path).toBe(200);
    const second = await raw(path);
    expect(second.headers["x-public-cache"], path).toMatch(/^(hit|stale)$/);
    const etag = String(second.headers.etag);
    expect(etag, path).toMatch(/^W\/"/);
    expect(second.headers["cache-control"], path).toMatch(/public/);
    expect(second.headers.vary, path).toMatch(/Accept-Encoding/);
    const revalidated = await raw(path, { "if-none-match": etag });
    expect(revalidated.status, path).toBe(304);
    expect(revalidated.body.length, path).toBe(0);
    for (const word of PRIVATE_WORDS) expect(second.body.toString(), `${path} names "${word}"`).not.toContain(word);
  }
  // The page keeps the security headers Next gave it; the badge keeps its own stricter policy.
  const page = await raw("/");
  expect(page.headers["x-frame-options"]).toBe("DENY");
  expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect((await raw("/badge/component/api/status.svg")).headers["content-security-policy"]).toMatch(/^default-src 'none'/);
  // A React page gets the cache's public header instead of Next's private one.
  expect((await raw("/history")).headers["cache-control"]).toBe("public, max-age=2, stale-while-revalidate=3");
  const gzipped = await raw("/", { "accept-encoding": "gzip" });
  expect(gzipped.headers["content-encoding"]).toBe("gzip");
  expect(gunzipSync(gzipped.body).toString()).toContain("Public API");
  // Unknown query parameters share the entry; a private or unknown badge is never stored.
  expect((await raw("/?utm_source=mail")).headers["x-public-cache"]).toMatch(/^(hit|stale)$/);
  for (let i = 0; i < 2; i++) {
    const priv = await raw("/badge/component/internal/status.svg");
    expect(priv.status).toBe(404);
    expect(priv.headers["x-public-cache"]).toBeUndefined();
  }
});

test("a signed-in request and the dashboard are never answered from the cache, before or after public ones", async () => {
  const cookie = await viewerSessionCookie(db, "cache-viewer@example.com");
  await raw("/");
  const signedIn = await raw("/", { cookie });
  expect(signedIn.status).toBe(200);
  expect(signedIn.headers["x-public-cache"]).toBeUndefined();
  expect((await raw("/api/v2/summary.json", { authorization: "Bearer nothing" })).headers["x-public-cache"]).toBeUndefined();
  // A cookie that is not ours (analytics on a parent domain) is no session: still the cache.
  expect((await raw("/", { cookie: "_ga=GA1.2.3" })).headers["x-public-cache"]).toMatch(/^(hit|stale|miss)$/);
  // The dashboard as a viewer shows private names; right after, without a session, it shows none.
  const dashboard = await raw("/dashboard", { cookie });
  expect(dashboard.status).toBe(200);
  expect(dashboard.body.toString()).toContain("Internal check");
  expect(dashboard.headers["x-public-cache"]).toBeUndefined();
  for (const headers of [{}, { "x-public-cache-render": "guessed" }] as Record<string, string>[]) {
    const anonymous = await raw("/dashboard", headers);
    expect(anonymous.status).toBeGreaterThanOrEqual(300);
    expect(anonymous.headers["x-public-cache"]).toBeUndefined();
    for (const word of PRIVATE_WORDS) expect(anonymous.body.toString()).not.toContain(word);
  }
  // A forged render marker does not skip the cache either.
  expect((await raw("/", { "x-public-cache-render": "guessed" })).headers["x-public-cache"]).toMatch(/^(hit|stale|miss)$/);
  // And the public page right after the dashboard is still the public one.
  const after = await raw("/");
  expect(after.headers["x-public-cache"]).toMatch(/^(hit|stale|miss)$/);
  for (const word of PRIVATE_WORDS) expect(after.body.toString()).not.toContain(word);
});

test("a monitor going down shows in the cached summary within the cache's few seconds", async () => {
  const stateOf = async () => (await db.execute("SELECT s.status FROM monitor_states s JOIN monitors m ON m.id = s.monitor_id WHERE m.key = 'api-check'")).rows[0]?.status;
  const shown = async () => {
    const summary = (await (await fetch(`${app.base}/api/v2/summary.json`)).json()) as { components: { name: string; status: string }[] };
    return summary.components.find((c) => c.name === "Public API")?.status;
  };
  await waitUntil("api-check to be operational", stateOf, (s) => s === "operational", 60_000, { intervalMs: 100 });
  await waitUntil("the summary to show it", shown, (s) => s === "operational", 10_000, { intervalMs: 100 });
  await setTarget(target.url, "down");
  await waitUntil("api-check to be down", stateOf, (s) => s === "down", 60_000, { intervalMs: 50 });
  const downAt = Date.now();
  await waitUntil("the cached summary to show the outage", shown, (s) => s !== "operational", 10_000, { intervalMs: 100 });
  // At most 2 s fresh + 3 s stale, plus one render and the polling step.
  expect(Date.now() - downAt).toBeLessThan(6_000);
  // The page's banner says so too (its overall status), from the cache.
  const banner = async () => /data-testid="overall"/.test((await raw("/")).body.toString()) && !/data-status="operational"[^>]*data-testid="overall"/.test((await raw("/")).body.toString());
  await waitUntil("the cached page's banner to leave operational", banner, (v) => v, 6_000, { intervalMs: 200 });
});
