/**
 * An in-memory cache of the public responses, so a crowd opening the status page during an
 * outage costs one render every few seconds instead of one per visitor. worker/app-server.ts
 * puts it in front of Next's handler; this module decides everything: which requests may be
 * answered from it (its key), which responses may enter it, how old an answer may be, and the
 * answer itself (ETag, 304, gzip). It never imports Next, so it is unit-tested without a server.
 *
 * What never enters: requests with one of our cookies (a session: signed-in people see their
 * own rendering) or an Authorization header, anything not GET/HEAD, paths outside PUBLIC_PATHS (the dashboard, /api/v1,
 * forms), Next's client-navigation requests, and responses that are not 200, set a cookie, say
 * `private`/`no-store` (route handlers), or are larger than an entry may be.
 */
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { siteUrlFrom } from "../public/site-url";

export interface PublicCacheConfig {
  /** How long an entry is fresh; 0 turns the cache off. */
  ttlMs: number;
  /** How much longer a stale entry is served while one refresh renders; an entry is never older than ttlMs + staleMs. */
  staleMs: number;
  /** The cap on the bytes of every entry together (bodies, gzipped copies, keys, headers). */
  maxBytes: number;
  /** A response larger than this is served but not stored. */
  maxEntryBytes: number;
}

export const PUBLIC_CACHE_DEFAULTS: PublicCacheConfig = { ttlMs: 2_000, staleMs: 3_000, maxBytes: 64 * 1024 * 1024, maxEntryBytes: 4 * 1024 * 1024 };

export class PublicCacheConfigError extends Error {}

/** PUBLIC_CACHE_TTL and PUBLIC_CACHE_STALE (seconds), PUBLIC_CACHE_MAX_MB; a bad value stops start-up with a message. */
export function publicCacheConfigFrom(env: Record<string, string | undefined>): PublicCacheConfig {
  const read = (name: string, fallback: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0 || value > max) throw new PublicCacheConfigError(`${name} must be a number from 0 to ${max}, got "${raw}"`);
    return value;
  };
  const d = PUBLIC_CACHE_DEFAULTS;
  return {
    ttlMs: Math.round(read("PUBLIC_CACHE_TTL", d.ttlMs / 1000, 60) * 1000),
    staleMs: Math.round(read("PUBLIC_CACHE_STALE", d.staleMs / 1000, 60) * 1000),
    maxBytes: Math.round(read("PUBLIC_CACHE_MAX_MB", d.maxBytes / 1024 / 1024, 4096) * 1024 * 1024),
    maxEntryBytes: d.maxEntryBytes,
  };
}

/**
 * The public paths and the query parameters each one reads. Other parameters are dropped from
 * the key and from the URL rendered (the routes ignore them anyway), so `?x=1`, `?x=2`, … are one
 * entry. `page`: a React page, whose Cache-Control Next sets to private (it is dynamic); the
 * cache sends its own for those.
 */
const PUBLIC_PATHS: { pattern: RegExp; params: readonly string[]; page?: true }[] = [
  { pattern: /^\/$/, params: [] },
  { pattern: /^\/history$/, params: ["page", "before"], page: true },
  { pattern: /^\/incidents\/\d{1,12}$/, params: [], page: true },
  { pattern: /^\/api\/v2\/[a-z/-]{1,64}\.json$/, params: [] },
  { pattern: /^\/badge\/[a-z]{1,16}\/[^/]{1,128}\/[^/]{1,64}$/, params: ["style", "label"] },
  { pattern: /^\/card\/[a-z]{1,16}\/[^/]{1,128}$/, params: ["window", "theme"] },
  { pattern: /^\/embed\/[a-z]{1,16}\/[^/]{1,128}$/, params: ["window", "theme", "layout"] },
  { pattern: /^\/embed\.js$/, params: [] },
  { pattern: /^\/feed\.(?:rss|atom)$/, params: [] },
];

/** Longer URLs are not cached (a key is at most this plus the site's origin). */
const MAX_PATH_AND_QUERY = 512;

/** Headers that make a request someone's own, or ask Next for something other than the page. */
const PRIVATE_OR_SPECIAL_REQUEST = ["authorization", "rsc", "next-router-state-tree", "next-router-prefetch", "next-router-segment-prefetch", "next-action", "next-url"];

type RequestHeaders = Record<string, string | string[] | undefined>;

export interface PublicCacheKey {
  /** The site's origin (it is in feeds' and the API's links) and the canonical path and query. */
  key: string;
  /** What to render on a miss: the path with only the parameters its route reads, sorted. */
  path: string;
  /** A React page: the cache writes the Cache-Control that Next's dynamic rendering does not. */
  page: boolean;
}

/** The cache key of a request, or null when the request must go to Next as it is. */
export function publicCacheKey(method: string | undefined, url: string | undefined, headers: RequestHeaders): PublicCacheKey | null {
  if (method !== "GET" && method !== "HEAD") return null;
  if (!url || url.length > MAX_PATH_AND_QUERY || !url.startsWith("/")) return null;
  if (PRIVATE_OR_SPECIAL_REQUEST.some((name) => headers[name] !== undefined) || carriesOurCookie(headerValue(headers, "cookie"))) return null;
  const parsed = new URL(url, "http://x");
  const rule = PUBLIC_PATHS.find((r) => r.pattern.test(parsed.pathname));
  if (!rule || parsed.searchParams.has("_rsc")) return null;
  const kept = new URLSearchParams();
  for (const name of rule.params) {
    const value = parsed.searchParams.get(name);
    if (value !== null) kept.set(name, value);
  }
  const query = kept.toString();
  const path = query ? `${parsed.pathname}?${query}` : parsed.pathname;
  const origin = siteUrlFrom({ get: (name) => headerValue(headers, name) ?? null });
  return { key: `${origin}${path}`, path, page: !!rule.page };
}

/**
 * Our cookies (status_session, status_login_challenge: app/(dashboard)/_lib/session.ts) are all
 * named `status_…`; a request with one is someone's own. Other cookies, like analytics set on a
 * parent domain that every visitor's browser sends, do not change a public response (no public
 * page reads a cookie) and must not turn the crowd away from the cache.
 */
const OUR_COOKIE_PREFIX = "status_";
function carriesOurCookie(cookie: string | undefined): boolean {
  return !!cookie && cookie.split(";").some((pair) => pair.trim().toLowerCase().startsWith(OUR_COOKIE_PREFIX));
}

function headerValue(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

/** A response as rendered: status, headers (lower-case names) and the whole body. */
export interface RenderedResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

/** Hop-by-hop and per-transfer headers: the cache writes its own. */
const NOT_STORED = new Set(["connection", "keep-alive", "transfer-encoding", "content-length", "date", "age", "content-encoding"]);

/** Whether a rendered response may be stored and shared with everyone who asks for its key. */
export function isShareable(rendered: RenderedResponse, key: PublicCacheKey, config: PublicCacheConfig): boolean {
  if (rendered.status !== 200 || rendered.headers["set-cookie"] !== undefined) return false;
  if (rendered.body.length > config.maxEntryBytes) return false;
  const encoding = rendered.headers["content-encoding"];
  if (encoding !== undefined && encoding !== "identity") return false;
  const cacheControl = String(rendered.headers["cache-control"] ?? "").toLowerCase();
  // A route handler that says private or no-store means it; Next says so of every dynamic page.
  return key.page || !/\b(?:private|no-store)\b/.test(cacheControl);
}

export interface CacheEntry {
  key: string;
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
  etag: string;
  storedAt: number;
  /** The gzipped body, made on the first request that accepts it. */
  gzipped?: Buffer | null;
  bytes: number;
}

const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml|rss\+xml|atom\+xml)|image\/svg\+xml)/;
const MIN_GZIP_BYTES = 1024;

function toEntry(rendered: RenderedResponse, key: PublicCacheKey, config: PublicCacheConfig, now: number): CacheEntry {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(rendered.headers)) if (!NOT_STORED.has(name)) headers[name] = value;
  if (key.page) headers["cache-control"] = `public, max-age=${Math.round(config.ttlMs / 1000)}, stale-while-revalidate=${Math.round(config.staleMs / 1000)}`;
  const vary = String(headers.vary ?? "");
  if (!/accept-encoding/i.test(vary)) headers.vary = vary ? `${vary}, Accept-Encoding` : "Accept-Encoding";
  const etag = typeof headers.etag === "string" ? headers.etag : `W/"${createHash("sha1").update(rendered.body).digest("base64url")}"`;
  headers.etag = etag;
  const bytes = rendered.body.length + key.key.length + JSON.stringify(headers).length + 200;
  return { key: key.key, status: rendered.status, headers, body: rendered.body, etag, storedAt: now, bytes };
}

export type CacheOutcome = "hit" | "stale" | "miss";

export interface CacheLookup {
  entry: CacheEntry;
  outcome: CacheOutcome;
}

/**
 * Entries by key, least recently used first, under a byte cap. `get` answers fresh entries at
 * once, stale ones (up to ttl + stale old) at once while starting one refresh, and otherwise
 * waits for the one render in flight for that key: however many requests wait, `render` runs
 * once per key at a time. A render that fails or is not shareable answers null (to everyone
 * waiting), and the callers hand their requests to Next themselves.
 */
export class PublicCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly inFlight = new Map<string, Promise<CacheEntry | null>>();
  private totalBytes = 0;

  constructor(
    readonly config: PublicCacheConfig,
    private readonly clock: () => number = Date.now,
    private readonly onError: (key: string, error: unknown) => void = () => {},
  ) {}

  get bytes(): number {
    return this.totalBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  async get(key: PublicCacheKey, render: (path: string) => Promise<RenderedResponse>): Promise<CacheLookup | null> {
    const now = this.clock();
    const entry = this.entries.get(key.key);
    if (entry) {
      const age = now - entry.storedAt;
      if (age < this.config.ttlMs) return { entry: this.touch(key.key, entry), outcome: "hit" };
      if (age < this.config.ttlMs + this.config.staleMs) {
        void this.refresh(key, render);
        return { entry: this.touch(key.key, entry), outcome: "stale" };
      }
    }
    const fresh = await this.refresh(key, render);
    return fresh && { entry: fresh, outcome: "miss" };
  }

  private touch(key: string, entry: CacheEntry): CacheEntry {
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  private refresh(key: PublicCacheKey, render: (path: string) => Promise<RenderedResponse>): Promise<CacheEntry | null> {
    const running = this.inFlight.get(key.key);
    if (running) return running;
    const flight = render(key.path)
      .then((rendered) => {
        if (!isShareable(rendered, key, this.config)) {
          this.remove(key.key);
          return null;
        }
        const entry = toEntry(rendered, key, this.config, this.clock());
        this.store(key.key, entry);
        return entry;
      })
      .catch((error: unknown) => {
        this.onError(key.key, error);
        return null;
      })
      .finally(() => this.inFlight.delete(key.key));
    this.inFlight.set(key.key, flight);
    return flight;
  }

  private remove(key: string): void {
    const old = this.entries.get(key);
    if (!old) return;
    this.entries.delete(key);
    this.totalBytes -= old.bytes;
  }

  private store(key: string, entry: CacheEntry): void {
    this.remove(key);
    if (entry.bytes > this.config.maxBytes) return;
    this.entries.set(key, entry);
    this.totalBytes += entry.bytes;
    this.evictOverCap();
  }

  /** Drops the least recently used entries until the cache is under its byte cap. */
  private evictOverCap(): void {
    for (const [key] of this.entries) {
      if (this.totalBytes <= this.config.maxBytes) return;
      this.remove(key);
    }
  }

  /** What to send for a cached entry: 304 when the client has it, else the body (gzipped when accepted). */
  answer(lookup: CacheLookup, request: { method?: string; headers: RequestHeaders }): { status: number; headers: Record<string, string | string[]>; body: Buffer | null } {
    const { entry, outcome } = lookup;
    const now = this.clock();
    const headers: Record<string, string | string[]> = { ...entry.headers, age: String(Math.max(0, Math.floor((now - entry.storedAt) / 1000))), "x-public-cache": outcome };
    if (etagMatches(headerValue(request.headers, "if-none-match"), entry.etag)) return { status: 304, headers, body: null };
    let body = entry.body;
    if (acceptsGzip(headerValue(request.headers, "accept-encoding")) && this.gzipped(entry)) {
      body = entry.gzipped!;
      headers["content-encoding"] = "gzip";
    }
    headers["content-length"] = String(body.length);
    return { status: entry.status, headers, body: request.method === "HEAD" ? null : body };
  }

  private gzipped(entry: CacheEntry): boolean {
    if (entry.gzipped === undefined) {
      const type = String(entry.headers["content-type"] ?? "");
      entry.gzipped = entry.body.length >= MIN_GZIP_BYTES && COMPRESSIBLE.test(type) ? gzipSync(entry.body) : null;
      // Counted against the cap like the body; an entry evicted meanwhile no longer counts.
      if (entry.gzipped && this.entries.get(entry.key) === entry) {
        entry.bytes += entry.gzipped.length;
        this.totalBytes += entry.gzipped.length;
        this.evictOverCap();
      }
    }
    return entry.gzipped !== null;
  }
}

/** If-None-Match against our (weak) ETag: weak comparison, a list, or `*`. */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

/** Accept-Encoding lists gzip (or *) without q=0. */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (!acceptEncoding) return false;
  return acceptEncoding.split(",").some((part) => {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (name.trim() !== "gzip" && name.trim() !== "*") return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    return !q || Number(q.slice(2)) > 0;
  });
}
