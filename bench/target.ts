/**
 * A loopback HTTP target for benchmarks, run as its own process so its CPU is not counted as
 * the worker's. Prints its port on stdout. `/ok` answers 200 "ok"; `/delay?ms=N` after N ms.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://x");
  const reply = () => {
    res.writeHead(200, { "content-type": "text/plain", "content-length": "3" });
    res.end("ok\n");
  };
  if (url.pathname === "/delay") setTimeout(reply, Number(url.searchParams.get("ms") ?? 0));
  else reply();
});
server.keepAliveTimeout = 1_000;
server.maxConnections = 20_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
