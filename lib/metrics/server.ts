/**
 * The worker's /metrics listener. Private by default: it binds to 127.0.0.1 (METRICS_HOST to
 * change it) on METRICS_PORT, and with METRICS_TOKEN set it answers only
 * `Authorization: Bearer <token>`. Anything but GET /metrics is a 404.
 */
import { createServer, type Server } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { registry } from "./registry";

export interface MetricsServerOptions {
  port: number;
  host?: string;
  token?: string;
}

const same = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export function startMetricsServer(opts: MetricsServerOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" || path !== "/metrics") {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found: the metrics are at GET /metrics\n");
      return;
    }
    if (opts.token && !same(req.headers.authorization ?? "", `Bearer ${opts.token}`)) {
      res.writeHead(401, { "content-type": "text/plain", "www-authenticate": "Bearer" }).end("send Authorization: Bearer <METRICS_TOKEN>\n");
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" }).end(text),
      (err: Error) => res.writeHead(500, { "content-type": "text/plain" }).end(`metrics failed: ${err.message}\n`),
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host ?? "127.0.0.1", () => resolve(server));
  });
}

/** METRICS_PORT/HOST/TOKEN; null when METRICS_PORT is unset (no listener). Throws on a bad port. */
export function metricsOptionsFrom(env: Readonly<Record<string, string | undefined>>): MetricsServerOptions | null {
  const raw = env.METRICS_PORT?.trim();
  if (!raw) return null;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`METRICS_PORT must be a port number from 1 to 65535, got "${raw}"`);
  return { port, host: env.METRICS_HOST?.trim() || "127.0.0.1", token: env.METRICS_TOKEN?.trim() || undefined };
}
