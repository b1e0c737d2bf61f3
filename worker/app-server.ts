/**
 * The Next.js app's process, started by `npm start` (worker/start.ts) instead of `next start`:
 * the same Next server behind our own HTTP listener, for two things `next start` cannot do.
 * - Forwarded headers are decided here, from the socket: X-Forwarded-For/-Proto/-Host are
 *   overwritten with what lib/http/client-address.ts derives (a client's own copies count only
 *   from a TRUST_PROXY proxy), so rate limits and Secure cookies behind it cannot be forged.
 * - It dies with its parent: started with an IPC channel, it exits when the channel closes,
 *   which the kernel does even when the parent is killed with SIGKILL. A stray app holding the
 *   port would otherwise block the next start.
 * - The public responses (status page, /api/v2, badges, widgets, feeds) are answered from an
 *   in-memory cache a few seconds old (lib/http/public-cache.ts decides what, and how): a crowd
 *   during an outage costs one render per page every few seconds. A miss is rendered by Next
 *   through a loopback request to this server, marked with a token only this process knows.
 * This is the one module outside app/ that imports Next; the worker never imports it.
 */
import { randomBytes } from "node:crypto";
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import next from "next";
import { declaredBodyLimit } from "../lib/http/body";
import { withForbiddenStatus } from "../lib/http/forbidden-status";
import { REQUEST_ID_HEADER, requestIdOf } from "../lib/http/request-id";
import { log } from "./log";
import { clientAddressOf, FORWARDING_HEADERS, isTrustedPeer, REQUEST_PATH_HEADER, trustedProxiesFrom, TrustProxyError } from "../lib/http/client-address";
import { PublicCache, publicCacheConfigFrom, PublicCacheConfigError, publicCacheKey, type PublicCacheConfig, type RenderedResponse } from "../lib/http/public-cache";

const DISCARD_BYTES = 8 * 1024 * 1024;
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";

let trust, cacheConfig: PublicCacheConfig;
try {
  trust = trustedProxiesFrom(process.env.TRUST_PROXY);
  // Off in development: an edited page shows at once.
  cacheConfig = publicCacheConfigFrom(dev ? { PUBLIC_CACHE_TTL: "0" } : process.env);
} catch (err) {
  if (!(err instanceof TrustProxyError) && !(err instanceof PublicCacheConfigError)) throw err;
  console.error(err.message);
  process.exit(2);
}

if (process.channel) {
  process.on("disconnect", () => {
    console.error("app: the parent process is gone; stopping");
    process.exit(1);
  });
}

const app = next({ dev, hostname: host === "0.0.0.0" ? "localhost" : host, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

/** Marks this process's own render requests: they skip the cache and keep the headers set for them. */
const RENDER_HEADER = "x-public-cache-render";
const renderToken = randomBytes(24).toString("base64url");
const RENDER_TIMEOUT_MS = 30_000;
const cache = new PublicCache(cacheConfig, Date.now, (key, error) => console.error(`app: rendering ${key} for the public cache failed: ${String(error)}`));

/** Renders `path` as the request's origin would see it, through this server to Next, without cookies or conditionals. */
function renderThroughNext(path: string, headers: IncomingMessage["headers"]): Promise<RenderedResponse> {
  const own = server.address() as AddressInfo;
  // Listening on every address: reach ourselves on loopback.
  const ownHost = own.address === "0.0.0.0" ? "127.0.0.1" : own.address === "::" ? "::1" : own.address;
  // The origin the reader reached (links in feeds and the API), never who the reader is.
  const forwarded = Object.fromEntries(["host", "x-forwarded-proto", "x-forwarded-host"].flatMap((name) => (headers[name] ? [[name, headers[name]]] : [])));
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      { host: ownHost, port: own.port, path, method: "GET", headers: { ...forwarded, accept: "*/*", "accept-encoding": "identity", [RENDER_HEADER]: renderToken } },
      (incoming) => {
        const chunks: Buffer[] = [];
        let bytes = 0;
        incoming.on("data", (chunk: Buffer) => {
          bytes += chunk.length;
          // Past what an entry may be, the answer cannot be stored: stop reading it.
          if (bytes > cacheConfig.maxEntryBytes) return void incoming.destroy(new Error(`the response is larger than ${cacheConfig.maxEntryBytes} bytes`));
          chunks.push(chunk);
        });
        incoming.on("end", () => resolve({ status: incoming.statusCode ?? 500, headers: incoming.headers as RenderedResponse["headers"], body: Buffer.concat(chunks) }));
        incoming.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    // A render that hangs must not hold its waiters for ever: they go to Next one by one instead.
    outgoing.setTimeout(RENDER_TIMEOUT_MS, () => outgoing.destroy(new Error(`no answer within ${RENDER_TIMEOUT_MS} ms`)));
    outgoing.end();
  });
}

/** Answers from the public cache when the request may be; false when it must go to Next. */
async function answerFromCache(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const key = cacheConfig.ttlMs > 0 ? publicCacheKey(req.method, req.url, req.headers) : null;
  if (!key) return false;
  const lookup = await cache.get(key, (path) => renderThroughNext(path, req.headers));
  if (!lookup) return false;
  const answer = cache.answer(lookup, req);
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
  return true;
}

/**
 * One line per answered request at LOG_LEVEL=debug; a 5xx answer at warn, so the route's own
 * error line just before it can be matched to the reader's X-Request-Id.
 */
function logWhenDone(req: IncomingMessage, res: ServerResponse, requestId: string, client: string) {
  const started = performance.now();
  res.once("finish", () => {
    // Nothing is built for a request that is not logged (the crowd's cache hits at info level).
    if (res.statusCode < 500 && !log.enabled("debug")) return;
    const fields = { requestId, method: req.method, path: req.url?.split("?")[0], status: res.statusCode, ms: Math.round(performance.now() - started), client, cache: res.getHeader("x-public-cache") };
    if (res.statusCode >= 500) log.warn("http", `${req.method} ${fields.path} answered ${res.statusCode}`, fields);
    else log.debug("http", `${req.method} ${fields.path} ${res.statusCode}`, fields);
  });
}

const handleWithNext = (req: IncomingMessage, res: ServerResponse) => withForbiddenStatus(res, () => void handle(req, res));

const server = createServer((req, res) => {
  // The outer ceiling for every route: no body declared larger than its path's ceiling is even
  // read. Each route reads its own, smaller limit as a stream (lib/http/body.ts BODY_LIMITS),
  // and Next stops reading a streamed server-action body past serverActions.bodySizeLimit.
  const declared = Number(req.headers["content-length"] ?? 0);
  const limit = declaredBodyLimit(req.url ?? "/");
  if (declared > limit) {
    res.writeHead(413, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ error: `the request body is larger than ${limit} bytes: send less` }));
    // Read and drop what the client still sends for a while, so it can read the answer instead
    // of a reset; past DISCARD_BYTES the connection goes. Nothing is kept.
    let dropped = 0;
    req.on("data", (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DISCARD_BYTES) req.socket.destroy();
    });
    return;
  }
  // Our own render of a public response (renderThroughNext) carries the forwarded headers of its reader.
  const ownRender = req.headers[RENDER_HEADER] === renderToken;
  delete req.headers[RENDER_HEADER];
  if (ownRender) {
    req.headers[REQUEST_PATH_HEADER] = req.url ?? "/";
    return handleWithNext(req, res);
  }
  const client = clientAddressOf(req.headers, req.socket.remoteAddress, "encrypted" in req.socket && !!req.socket.encrypted, trust);
  // One id per request, answered as X-Request-Id and beside every log line about it.
  const requestId = requestIdOf(req.headers, isTrustedPeer(trust, req.socket.remoteAddress));
  req.headers[REQUEST_ID_HEADER] = requestId;
  res.setHeader(REQUEST_ID_HEADER, requestId);
  logWhenDone(req, res, requestId, client.address);
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  // The path asked for, for pages that must name it (sign-in returns there): ours, not the client's.
  req.headers[REQUEST_PATH_HEADER] = req.url ?? "/";
  req.headers["x-forwarded-for"] = client.address;
  req.headers["x-forwarded-proto"] = client.proto;
  if (client.forwardedHost) req.headers["x-forwarded-host"] = client.forwardedHost;
  answerFromCache(req, res).then(
    (answered) => {
      // A role's forbidden server action answers 403 in every calling mode (lib/http/forbidden-status.ts).
      if (!answered) handleWithNext(req, res);
    },
    (err: unknown) => {
      log.error("app", `the public cache failed on ${req.url}: ${String(err)}`, { requestId: res.getHeader(REQUEST_ID_HEADER) });
      if (!res.headersSent) handleWithNext(req, res);
    },
  );
});
if (dev) server.on("upgrade", app.getUpgradeHandler());
server.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EADDRINUSE") console.error(`app: port ${port} on ${host} is in use: stop the process that holds it, or set PORT to a free port`);
  else if (err.code === "EACCES") console.error(`app: not allowed to listen on port ${port}: use a port above 1023, or run with the rights to bind it`);
  else console.error(`app: cannot listen on ${host}:${port}: ${err.message}`);
  process.exit(1);
});
server.listen(port, host, () => {
  console.log(`app: listening on http://${host}:${port}${trust.text ? ` (trusting forwarded headers from ${trust.text})` : ""}`);
  process.send?.("listening");
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close();
    void app.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5_000).unref();
  });
}
