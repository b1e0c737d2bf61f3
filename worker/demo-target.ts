import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small loopback target that `npm start` serves so the example monitors have something real
 * to check offline: a healthy, a slow and a flaky endpoint.
 */
export interface DemoTarget {
  url: string;
  close(): Promise<void>;
}

/** The flaky endpoint fails in runs: each 40 s window is bad with about 30% probability. */
export function isFlakyWindowBad(now: number): boolean {
  const window = Math.floor(now / 40_000);
  const h = Math.imul(window ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  return h % 10 < 3;
}

export async function startDemoTarget(port = 0, host = "127.0.0.1"): Promise<DemoTarget> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    const reply = (code: number, body: string) => {
      res.writeHead(code, { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" });
      res.end(body);
    };
    switch (path) {
      case "/healthy":
        return reply(200, "ok\n");
      case "/slow": {
        const delayMs = 300 + Math.floor(Math.random() * 600);
        const t = setTimeout(() => reply(200, `ok after ${delayMs} ms\n`), delayMs);
        req.on("close", () => clearTimeout(t));
        return;
      }
      case "/flaky":
        return isFlakyWindowBad(Date.now()) ? reply(503, "service unavailable\n") : reply(200, "ok\n");
      default:
        return reply(404, "not found: try /healthy, /slow or /flaky\n");
    }
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
