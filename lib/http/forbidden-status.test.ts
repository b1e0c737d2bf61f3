import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { markForbidden, withForbiddenStatus } from "./forbidden-status";

describe("withForbiddenStatus", () => {
  let server: Server;
  afterEach(() => new Promise<void>((r) => server.close(() => r())));

  async function serve(handler: (url: string) => Promise<number>) {
    server = createServer((req, res) =>
      withForbiddenStatus(res, async () => {
        // As Next does: later in the request's async chain, status set and the body ended.
        await new Promise((r) => setTimeout(r, 1));
        res.statusCode = await handler(req.url ?? "/");
        res.end("body");
      }),
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it("sends a 404 as 403 only in a request that was marked forbidden", async () => {
    const base = await serve(async (url) => {
      if (url === "/marked") markForbidden();
      return url === "/ok" ? 200 : 404;
    });
    expect((await fetch(`${base}/marked`)).status).toBe(403);
    expect((await fetch(`${base}/missing`)).status).toBe(404);
    expect((await fetch(`${base}/ok`)).status).toBe(200);
    // Concurrent requests keep their own marks.
    const statuses = await Promise.all(["/marked", "/missing", "/marked", "/missing"].map(async (p) => (await fetch(base + p)).status));
    expect(statuses).toEqual([403, 404, 403, 404]);
  });

  it("marking outside a request does nothing", () => {
    expect(() => markForbidden()).not.toThrow();
  });
});
