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

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** The one real outage of the flaky endpoint each hour: minutes 20 to 22. */
const OUTAGE = { fromMs: 20 * MINUTE_MS, toMs: 22 * MINUTE_MS };
/** Blips are shorter than any check interval of the example (10 s and up): one failed check at most. */
const BLIP_MS = 8_000;
/** The slow endpoint is over the example's 600 ms limit only in minutes 40 to 44 of each hour. */
const SLOW = { fromMs: 40 * MINUTE_MS, toMs: 44 * MINUTE_MS };

const hash = (n: number) => Math.imul(n ^ 0x9e3779b9, 0x85ebca6b) >>> 0;

/**
 * The flaky endpoint, so the demo shows every feature without crying wolf: one two-minute
 * outage an hour (an incident, an alert, a recovery), and now and then a blip too short to fail
 * two checks in a row (a failed check in the log, no alert).
 */
export function isFlakyWindowBad(now: number): boolean {
  const inHour = now % HOUR_MS;
  if (inHour >= OUTAGE.fromMs && inHour < OUTAGE.toMs) return true;
  const blip = Math.floor(now / BLIP_MS);
  // About one blip in 40 windows (every ~5 min), never next to another or to the outage.
  return hash(blip) % 40 === 0 && hash(blip - 1) % 40 !== 0 && Math.abs(inHour - (OUTAGE.fromMs + OUTAGE.toMs) / 2) > 5 * MINUTE_MS;
}

/** The slow endpoint's delay: 300-500 ms, and 700-900 ms (degraded) for four minutes an hour. */
export function slowDelayMs(now: number, random = Math.random()): number {
  const inHour = now % HOUR_MS;
  return (inHour >= SLOW.fromMs && inHour < SLOW.toMs ? 700 : 300) + Math.floor(random * 200);
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
        const delayMs = slowDelayMs(Date.now());
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
