import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, etagMatches, PUBLIC_CACHE_DEFAULTS, PublicCache, publicCacheConfigFrom, PublicCacheConfigError, publicCacheKey, type PublicCacheKey, type RenderedResponse } from "./public-cache";

const HOST = { host: "status.example.com" };
const keyOf = (url: string, headers: Record<string, string> = HOST) => publicCacheKey("GET", url, headers)!;
const html = (text: string, headers: Record<string, string> = {}): RenderedResponse => ({
  status: 200,
  headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=0, s-maxage=10", "x-frame-options": "DENY", ...headers },
  body: Buffer.from(text),
});

/** A cache on a clock the test moves, and a render that counts its calls and waits for release. */
function setup(config = PUBLIC_CACHE_DEFAULTS) {
  let now = 1_000_000;
  const cache = new PublicCache(config, () => now);
  let renders = 0;
  let version = 0;
  const gates: (() => void)[] = [];
  const render = async (): Promise<RenderedResponse> => {
    renders++;
    const mine = ++version;
    await new Promise<void>((resolve) => gates.push(resolve));
    return html(`<p>version ${mine}</p>`);
  };
  const release = async () => {
    while (gates.length === 0) await new Promise((r) => setImmediate(r));
    gates.splice(0).forEach((open) => open());
    await new Promise((r) => setImmediate(r));
  };
  return { cache, render, release, renders: () => renders, advance: (ms: number) => (now += ms) };
}

describe("publicCacheKey", () => {
  it("keys public paths by origin, path and the parameters their route reads", () => {
    expect(keyOf("/")).toEqual({ key: "http://status.example.com/", path: "/", page: false });
    expect(keyOf("/?utm_source=mail&x=1").key).toBe("http://status.example.com/");
    expect(keyOf("/badge/monitor/api/status.svg?label=API&x=1&style=flat").path).toBe("/badge/monitor/api/status.svg?style=flat&label=API");
    expect(keyOf("/history?page=2")).toEqual({ key: "http://status.example.com/history?page=2", path: "/history?page=2", page: true });
    expect(keyOf("/api/v2/summary.json").path).toBe("/api/v2/summary.json");
    expect(keyOf("/api/v2/scheduled-maintenances/upcoming.json").path).toBe("/api/v2/scheduled-maintenances/upcoming.json");
    expect(keyOf("/embed.js").path).toBe("/embed.js");
    expect(keyOf("/feed.atom").path).toBe("/feed.atom");
    expect(keyOf("/card/component/api.png?theme=dark").path).toBe("/card/component/api.png?theme=dark");
    expect(keyOf("/embed/component/api?layout=full").path).toBe("/embed/component/api?layout=full");
    // The origin is part of the key: feeds and the API link to it.
    expect(keyOf("/", { host: "other.example.com", "x-forwarded-proto": "https" }).key).toBe("https://other.example.com/");
  });

  it("refuses signed-in, non-GET, private and client-navigation requests", () => {
    expect(publicCacheKey("GET", "/", { ...HOST, cookie: "status_session=abc" })).toBeNull();
    expect(publicCacheKey("GET", "/", { ...HOST, cookie: "_ga=GA1.2.3; status_login_challenge=x" })).toBeNull();
    // A parent domain's analytics cookie is not a session: the crowd still gets the cache.
    expect(publicCacheKey("GET", "/", { ...HOST, cookie: "_ga=GA1.2.3; theme=dark" })).not.toBeNull();
    expect(publicCacheKey("GET", "/", { ...HOST, authorization: "Bearer x" })).toBeNull();
    expect(publicCacheKey("POST", "/", HOST)).toBeNull();
    expect(publicCacheKey("HEAD", "/", HOST)).not.toBeNull();
    expect(publicCacheKey("GET", "/history", { ...HOST, rsc: "1" })).toBeNull();
    expect(publicCacheKey("GET", "/history?_rsc=abc", HOST)).toBeNull();
    for (const path of ["/dashboard", "/dashboard/monitors/api", "/api/v1/monitors", "/api/health", "/subscribe", "/login", "/api/v2/../v1/x.json"]) {
      expect(publicCacheKey("GET", path, HOST), path).toBeNull();
    }
    expect(publicCacheKey("GET", `/?${"a".repeat(600)}`, HOST)).toBeNull();
  });
});

describe("PublicCache", () => {
  it("runs one render for many concurrent misses, and every waiter gets it", async () => {
    const t = setup();
    const key = keyOf("/");
    const waiting = Array.from({ length: 50 }, () => t.cache.get(key, t.render));
    await t.release();
    const answers = await Promise.all(waiting);
    expect(t.renders()).toBe(1);
    expect(new Set(answers.map((a) => a!.entry.body.toString()))).toEqual(new Set(["<p>version 1</p>"]));
    expect(answers.every((a) => a!.outcome === "miss")).toBe(true);
    // Fresh: no render at all.
    expect((await t.cache.get(key, t.render))!.outcome).toBe("hit");
    expect(t.renders()).toBe(1);
  });

  it("serves a stale entry while one refresh renders, then the new one; never older than ttl + stale", async () => {
    const t = setup();
    const key = keyOf("/");
    const first = t.cache.get(key, t.render);
    await t.release();
    await first;
    t.advance(PUBLIC_CACHE_DEFAULTS.ttlMs + 100);
    const stale = await Promise.all([t.cache.get(key, t.render), t.cache.get(key, t.render), t.cache.get(key, t.render)]);
    expect(stale.map((a) => [a!.outcome, a!.entry.body.toString()])).toEqual(Array(3).fill(["stale", "<p>version 1</p>"]));
    expect(t.renders()).toBe(2); // one refresh for the three
    await t.release();
    const after = await t.cache.get(key, t.render);
    expect([after!.outcome, after!.entry.body.toString()]).toEqual(["hit", "<p>version 2</p>"]);
    // Past ttl + stale nobody gets the old entry: they wait for the render.
    t.advance(PUBLIC_CACHE_DEFAULTS.ttlMs + PUBLIC_CACHE_DEFAULTS.staleMs);
    const waiting = t.cache.get(key, t.render);
    await t.release();
    expect((await waiting)!.entry.body.toString()).toBe("<p>version 3</p>");
  });

  it("answers 304 to a matching If-None-Match, gzips for clients that accept it, and keeps the route's headers", async () => {
    const cache = new PublicCache(PUBLIC_CACHE_DEFAULTS);
    const body = "<p>up</p>".repeat(500);
    const lookup = (await cache.get(keyOf("/"), async () => html(body, { etag: 'W/"abc"', "set-cookie-not": "x" })))!;
    const full = cache.answer(lookup, { method: "GET", headers: {} });
    expect(full.status).toBe(200);
    expect(full.body!.toString()).toBe(body);
    expect(full.headers).toMatchObject({ etag: 'W/"abc"', "x-frame-options": "DENY", "cache-control": "public, max-age=0, s-maxage=10", vary: "Accept-Encoding", "content-length": String(body.length) });
    const notModified = cache.answer(lookup, { method: "GET", headers: { "if-none-match": '"xyz", W/"abc"' } });
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBeNull();
    expect(notModified.headers.etag).toBe('W/"abc"');
    const gzipped = cache.answer(lookup, { method: "GET", headers: { "accept-encoding": "gzip, deflate, br" } });
    expect(gzipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gzipped.body!).toString()).toBe(body);
    expect(cache.answer(lookup, { method: "HEAD", headers: {} }).body).toBeNull();
    // Without an ETag of its own, the response gets one from its body.
    const other = (await cache.get(keyOf("/feed.rss"), async () => html("<rss/>")))!;
    expect(other.entry.etag).toMatch(/^W\/"[\w-]+"$/);
  });

  it("never stores a response that is not 200, sets a cookie, or is private; a React page gets public headers", async () => {
    const cache = new PublicCache(PUBLIC_CACHE_DEFAULTS);
    let renders = 0;
    const counted = (response: RenderedResponse) => async () => (renders++, response);
    const cases: [PublicCacheKey, RenderedResponse][] = [
      [keyOf("/badge/monitor/nope/status.svg"), { ...html("missing"), status: 404 }],
      [keyOf("/"), html("hi", { "set-cookie": "a=b" })],
      [keyOf("/api/v2/status.json"), html("{}", { "cache-control": "private, no-store" })],
    ];
    for (const [key, response] of cases) {
      expect(await cache.get(key, counted(response))).toBeNull();
      expect(await cache.get(key, counted(response))).toBeNull();
    }
    expect(renders).toBe(6);
    expect(cache.size).toBe(0);
    const page = await cache.get(keyOf("/history"), async () => html("<h1>History</h1>", { "cache-control": "private, no-cache, no-store, max-age=0, must-revalidate" }));
    expect(page!.entry.headers["cache-control"]).toBe("public, max-age=2, stale-while-revalidate=3");
  });

  it("evicts least recently used entries past its byte cap, and skips entries larger than one may be", async () => {
    const cache = new PublicCache({ ...PUBLIC_CACHE_DEFAULTS, maxBytes: 10_000, maxEntryBytes: 5_000 });
    const render = async () => html("x".repeat(2_000));
    // Unknown parameters do not make new entries.
    for (let i = 0; i < 20; i++) await cache.get(keyOf(`/?q=${i}`), render);
    expect(cache.size).toBe(1);
    for (let i = 0; i < 20; i++) await cache.get(keyOf(`/badge/monitor/m${i}/status.svg`), render);
    expect(cache.bytes).toBeLessThanOrEqual(10_000);
    expect(cache.size).toBeLessThan(6);
    expect((await cache.get(keyOf("/badge/monitor/m19/status.svg"), render))!.outcome).toBe("hit");
    expect((await cache.get(keyOf("/badge/monitor/m0/status.svg"), render))!.outcome).toBe("miss");
    expect(await cache.get(keyOf("/feed.rss"), async () => html("y".repeat(6_000)))).toBeNull();
  });

  it("answers null when the render fails, and tries again on the next request", async () => {
    const errors: string[] = [];
    const cache = new PublicCache(PUBLIC_CACHE_DEFAULTS, Date.now, (key) => errors.push(key));
    expect(await cache.get(keyOf("/"), () => Promise.reject(new Error("ECONNRESET")))).toBeNull();
    expect(errors).toEqual(["http://status.example.com/"]);
    expect((await cache.get(keyOf("/"), async () => html("ok")))!.outcome).toBe("miss");
  });
});

describe("configuration and header rules", () => {
  it("reads seconds from the environment and refuses nonsense", () => {
    expect(publicCacheConfigFrom({})).toEqual(PUBLIC_CACHE_DEFAULTS);
    expect(publicCacheConfigFrom({ PUBLIC_CACHE_TTL: "5", PUBLIC_CACHE_STALE: "0", PUBLIC_CACHE_MAX_MB: "8" })).toMatchObject({ ttlMs: 5_000, staleMs: 0, maxBytes: 8 * 1024 * 1024 });
    expect(() => publicCacheConfigFrom({ PUBLIC_CACHE_TTL: "soon" })).toThrow(PublicCacheConfigError);
    expect(() => publicCacheConfigFrom({ PUBLIC_CACHE_TTL: "600" })).toThrow('PUBLIC_CACHE_TTL must be a number from 0 to 60, got "600"');
  });

  it("compares ETags weakly and reads Accept-Encoding's q values", () => {
    expect(etagMatches('"a"', 'W/"a"')).toBe(true);
    expect(etagMatches("*", 'W/"a"')).toBe(true);
    expect(etagMatches('W/"b"', 'W/"a"')).toBe(false);
    expect(etagMatches(undefined, 'W/"a"')).toBe(false);
    expect(acceptsGzip("gzip;q=0.5, br")).toBe(true);
    expect(acceptsGzip("gzip;q=0")).toBe(false);
    expect(acceptsGzip("br")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});
