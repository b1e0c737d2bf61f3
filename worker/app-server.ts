/**
 * The Next.js app's process, started by `npm start` (worker/start.ts) instead of `next start`:
 * the same Next server behind our own HTTP listener, for two things `next start` cannot do.
 * - Forwarded headers are decided here, from the socket: X-Forwarded-For/-Proto/-Host are
 *   overwritten with what lib/http/client-address.ts derives (a client's own copies count only
 *   from a TRUST_PROXY proxy), so rate limits and Secure cookies behind it cannot be forged.
 * - It dies with its parent: started with an IPC channel, it exits when the channel closes,
 *   which the kernel does even when the parent is killed with SIGKILL. A stray app holding the
 *   port would otherwise block the next start.
 * This is the one module outside app/ that imports Next; the worker never imports it.
 */
import { createServer } from "node:http";
import next from "next";
import { declaredBodyLimit } from "../lib/http/body";
import { withForbiddenStatus } from "../lib/http/forbidden-status";
import { clientAddressOf, FORWARDING_HEADERS, REQUEST_PATH_HEADER, trustedProxiesFrom, TrustProxyError } from "../lib/http/client-address";

const DISCARD_BYTES = 8 * 1024 * 1024;
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "0.0.0.0";

let trust;
try {
  trust = trustedProxiesFrom(process.env.TRUST_PROXY);
} catch (err) {
  if (!(err instanceof TrustProxyError)) throw err;
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
  const client = clientAddressOf(req.headers, req.socket.remoteAddress, "encrypted" in req.socket && !!req.socket.encrypted, trust);
  for (const name of FORWARDING_HEADERS) delete req.headers[name];
  // The path asked for, for pages that must name it (sign-in returns there): ours, not the client's.
  req.headers[REQUEST_PATH_HEADER] = req.url ?? "/";
  req.headers["x-forwarded-for"] = client.address;
  req.headers["x-forwarded-proto"] = client.proto;
  if (client.forwardedHost) req.headers["x-forwarded-host"] = client.forwardedHost;
  // A role's forbidden server action answers 403 in every calling mode (lib/http/forbidden-status.ts).
  withForbiddenStatus(res, () => void handle(req, res));
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
