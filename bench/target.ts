/**
 * Loopback targets for benchmarks, run as their own process so their CPU is not counted as
 * the worker's. Prints one JSON line: { httpPort, httpsPort, dnsServer }.
 * HTTP(S): `/ok` answers 200 "ok"; `/delay?ms=N` after N ms. DNS: bench.test A 127.0.0.1.
 */
import { createServer, type RequestListener } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { startDnsServer } from "../lib/checks/dns-test-server";
import { makeSelfSignedCert } from "../lib/checks/test-servers";

const handler: RequestListener = (req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const reply = () => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": "3" });
    res.end("ok\n");
  };
  if (url.pathname === "/delay") setTimeout(reply, Number(url.searchParams.get("ms") ?? 0));
  else reply();
};

const http = createServer(handler);
http.keepAliveTimeout = 1_000;
http.maxConnections = 20_000;
const https = createHttpsServer(makeSelfSignedCert(30), handler);
https.keepAliveTimeout = 1_000;
await Promise.all([new Promise<void>((r) => http.listen(0, "127.0.0.1", r)), new Promise<void>((r) => https.listen(0, "127.0.0.1", r))]);
const dns = await startDnsServer({ records: { "bench.test": [{ type: "A", address: "127.0.0.1" }] } });
process.stdout.write(
  `${JSON.stringify({ httpPort: (http.address() as AddressInfo).port, httpsPort: (https.address() as AddressInfo).port, dnsServer: dns.server })}\n`,
);
