import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback probe target whose health the tests switch: GET /check answers 200 "ok" or
 * 503, and POST /control/up|down flips it.
 */
export async function startSwitchableTarget(initiallyUp: boolean) {
  let up = initiallyUp;
  const server = createServer((req, res) => {
    if (req.method === "POST" && req.url === "/control/up") up = true;
    else if (req.method === "POST" && req.url === "/control/down") up = false;
    else if (req.url === "/check") {
      res.writeHead(up ? 200 : 503, { "content-type": "text/plain" });
      return res.end(up ? "ok" : "unavailable");
    }
    res.writeHead(204);
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Flip the target from a test process. */
export async function setTarget(targetUrl: string, state: "up" | "down") {
  const res = await fetch(`${targetUrl}/control/${state}`, { method: "POST" });
  if (res.status !== 204) throw new Error(`target control answered ${res.status}`);
}
