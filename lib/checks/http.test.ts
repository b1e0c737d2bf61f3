import { lookup } from "node:dns/promises";
import type http from "node:http";
import type { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { httpCheckConfigSchema, runHttpCheck, type HttpCheckResult } from "./http";
import { closedPort, makeSelfSignedCert, startHttpServer, startHttpsServer, startTcpServer, type TestServer } from "./test-servers";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: http.RequestListener, host?: string) {
  const server = await startHttpServer(handler, host);
  servers.push(server);
  return server;
}

async function serveTcp(onSocket: Parameters<typeof startTcpServer>[0]) {
  const server = await startTcpServer(onSocket);
  servers.push(server);
  return server;
}

function check(input: Record<string, unknown>, timeoutMs = 5_000): Promise<HttpCheckResult> {
  return runHttpCheck(httpCheckConfigSchema.parse(input), { timeoutMs });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("runHttpCheck against a healthy server", () => {
  it("is up, with every phase timed", async () => {
    const server = await serve((req, res) => res.end("hello"));
    const result = await check({ url: `${server.url}/health` });

    expect(result.status).toBe("up");
    expect(result.statusCode).toBe(200);
    expect(result.httpVersion).toBe("1.1");
    expect(result.message).toBeUndefined();
    expect(result.errorClass).toBeUndefined();
    expect(result.assertions).toEqual([{ name: "status", ok: true, expected: "200-299", actual: "200", severity: "down" }]);
    expect(result.phases.dnsUs).toBeUndefined(); // an IP literal is not looked up
    expect(result.phases.connectUs).toBeGreaterThan(0);
    expect(result.phases.tlsUs).toBeUndefined();
    expect(result.phases.firstByteUs).toBeGreaterThan(0);
    expect(result.phases.transferUs).toBeGreaterThanOrEqual(0);
    expect(result.phases.firstByteUs!).toBeLessThanOrEqual(result.totalUs);
    expect(Number.isInteger(result.totalUs) && Number.isInteger(result.phases.connectUs)).toBe(true);
    await server.waitUntilAllClosed();
  });

  it("times the DNS lookup of a name", async () => {
    const { address } = await lookup("localhost");
    const server = await serve((req, res) => res.end("ok"), address);
    const result = await check({ url: `http://localhost:${server.port}/` });
    expect(result.status).toBe("up");
    expect(result.phases.dnsUs).toBeGreaterThan(0);
  });

  it("sends the User-Agent and the configured headers, and closes its connection when done", async () => {
    let seen: http.IncomingHttpHeaders = {};
    const server = await serve((req, res) => {
      seen = req.headers;
      res.end();
    });
    await check({ url: server.url, headers: { "X-Probe": "1" } });
    expect(seen["user-agent"]).toBe("status-monitor/0.1");
    expect(seen["x-probe"]).toBe("1");
    // The server keeps idle connections for 5 s; the check must not leave its connection there.
    await server.waitUntilAllClosed(500);
  });

  it("uses a new TCP connection for every check", async () => {
    const ports = new Set<number>();
    const server = await serve((req, res) => {
      ports.add(req.socket.remotePort!);
      // Invite reuse: a keep-alive response that the check must not take up.
      res.setHeader("connection", "keep-alive");
      res.end("ok");
    });
    for (let i = 0; i < 5; i++) {
      const result = await check({ url: server.url });
      expect(result.status).toBe("up");
      expect(result.phases.connectUs).toBeGreaterThan(0);
    }
    expect(server.connections()).toBe(5);
    expect(ports.size).toBe(5);
    await server.waitUntilAllClosed();
  });

  it("reports a slow first byte as firstByteUs", async () => {
    const server = await serve((req, res) => {
      setTimeout(() => res.end("late"), 200);
    });
    const result = await check({ url: server.url });
    expect(result.status).toBe("up");
    expect(result.phases.firstByteUs! / 1000).toBeGreaterThanOrEqual(190);
    expect(result.phases.firstByteUs! / 1000).toBeLessThanOrEqual(210);
  });
});

describe("assertions", () => {
  it("a 500 is down, saying what was compared", async () => {
    const server = await serve((req, res) => {
      res.statusCode = 500;
      res.end("boom");
    });
    const result = await check({ url: server.url });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("assertion");
    expect(result.statusCode).toBe(500);
    expect(result.message).toBe("status 500, expected 200-299");
    expect(result.assertions[0]).toMatchObject({ name: "status", ok: false, expected: "200-299", actual: "500" });
  });

  it("accepts any of several expected statuses", async () => {
    const server = await serve((req, res) => {
      res.statusCode = 503;
      res.end();
    });
    const result = await check({ url: server.url, expectedStatus: [200, "301-302", 503] });
    expect(result.status).toBe("up");
    expect(result.assertions[0]).toMatchObject({ expected: "200, 301-302, 503", actual: "503" });
  });

  it("bodyContains and bodyNotContains", async () => {
    const server = await serve((req, res) => res.end('{"status":"ok","db":"degraded"}'));

    const good = await check({ url: server.url, bodyContains: '"status":"ok"', bodyNotContains: "error" });
    expect(good.status).toBe("up");
    expect(good.assertions.map((a) => [a.name, a.ok, a.actual])).toEqual([
      ["status", true, "200"],
      ["bodyContains", true, "found"],
      ["bodyNotContains", true, "not found"],
    ]);

    const bad = await check({ url: server.url, bodyContains: "healthy", bodyNotContains: "degraded" });
    expect(bad.status).toBe("down");
    expect(bad.errorClass).toBe("assertion");
    expect(bad.message).toBe('body does not contain "healthy"; body contains "degraded"');
    expect(bad.assertions.filter((a) => !a.ok).map((a) => a.actual)).toEqual(["not found", "found"]);
  });

  it("slower than maxLatency is degraded, not down", async () => {
    const server = await serve((req, res) => {
      setTimeout(() => res.end("ok"), 120);
    });
    const result = await check({ url: server.url, maxLatency: "50ms" });
    expect(result.status).toBe("degraded");
    expect(result.errorClass).toBeUndefined();
    expect(result.message).toMatch(/^slow: \d+ ms, limit 50 ms$/);
    const latency = result.assertions.find((a) => a.name === "maxLatency")!;
    expect(latency).toMatchObject({ ok: false, expected: "≤ 50 ms", severity: "degraded" });
    expect(Number.parseInt(latency.actual, 10)).toBeGreaterThanOrEqual(120);

    const fast = await check({ url: server.url, maxLatency: "5s" });
    expect(fast.status).toBe("up");
  });
});

describe("body cap", () => {
  it("stops reading as soon as the body passes maxBodySize", async () => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let chunksWritten = 0;
    let closedEarly = false;
    const server = await serve((req, res) => {
      // 2 MiB in 32 chunks of 64 KiB, one every 5 ms, no content-length.
      const timer = setInterval(() => {
        if (res.destroyed) return;
        res.write(chunk);
        chunksWritten += 1;
        if (chunksWritten === 32) {
          clearInterval(timer);
          res.end();
        }
      }, 5);
      res.on("close", () => {
        clearInterval(timer);
        closedEarly = chunksWritten < 32;
      });
    });
    const result = await check({ url: server.url, maxBodySize: "1MiB" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("protocol");
    expect(result.message).toBe("body larger than 1048576 bytes");
    expect(result.statusCode).toBe(200);
    expect(result.phases.transferUs).toBeGreaterThan(0);
    await server.waitUntilAllClosed();
    expect(closedEarly).toBe(true);
  });

  it("fails without reading when content-length is over the cap", async () => {
    const server = await serve((req, res) => {
      res.setHeader("content-length", 2048);
      res.end(Buffer.alloc(2048));
    });
    const result = await check({ url: server.url, maxBodySize: "1KiB" });
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", message: "body larger than 1024 bytes (content-length 2048)" });
  });
});

describe("redirects", () => {
  async function redirectServer() {
    return serve((req, res) => {
      const url = new URL(req.url!, "http://x");
      const hops = /^\/hops\/(\d+)$/.exec(url.pathname);
      if (hops && Number(hops[1]) > 0) {
        res.statusCode = 302;
        // Alternate absolute-path and relative Locations.
        const n = Number(hops[1]) - 1;
        res.setHeader("location", n % 2 === 0 ? `/hops/${n}` : `${n}`);
        return res.end();
      }
      if (url.pathname === "/loop") {
        res.statusCode = 301;
        res.setHeader("location", "/loop");
        return res.end();
      }
      if (url.pathname === "/to-file") {
        res.statusCode = 302;
        res.setHeader("location", "file:///etc/passwd");
        return res.end();
      }
      res.end("arrived");
    });
  }

  it("follows a chain, counting hops, on a fresh connection each", async () => {
    const server = await redirectServer();
    const result = await check({ url: `${server.url}/hops/3`, bodyContains: "arrived" });
    expect(result.status).toBe("up");
    expect(result.redirects).toBe(3);
    expect(result.finalUrl).toBe(`${server.url}/hops/0`);
    expect(server.connections()).toBe(4);
    await server.waitUntilAllClosed();
  });

  it("more redirects than maxRedirects is a protocol error", async () => {
    const server = await redirectServer();
    const result = await check({ url: `${server.url}/hops/3`, maxRedirects: 2 });
    expect(result).toMatchObject({ status: "down", errorClass: "protocol" });
    expect(result.message).toMatch(/^more than 2 redirects/);
  });

  it("a redirect loop is a protocol error", async () => {
    const server = await redirectServer();
    const result = await check({ url: `${server.url}/loop` });
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 301 });
    expect(result.message).toMatch(/redirect loop/);
  });

  it("a redirect to file: is a protocol error", async () => {
    const server = await redirectServer();
    const result = await check({ url: `${server.url}/to-file` });
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", message: "redirect to unsupported scheme file:" });
  });

  it("with maxRedirects 0 the redirect status itself is judged", async () => {
    const server = await redirectServer();
    const result = await check({ url: `${server.url}/hops/1`, maxRedirects: 0 });
    expect(result).toMatchObject({ status: "down", errorClass: "assertion", statusCode: 302, message: "status 302, expected 200-299", redirects: 0 });
    const accepted = await check({ url: `${server.url}/hops/1`, maxRedirects: 0, expectedStatus: ["200-399"] });
    expect(accepted.status).toBe("up");
  });
});

describe("network failures", () => {
  it("a server that accepts and never answers times out at the deadline", async () => {
    const server = await serveTcp(() => {});
    const started = performance.now();
    const result = await check({ url: server.url }, 1_000);
    const elapsedS = (performance.now() - started) / 1000;
    expect(result).toMatchObject({ status: "down", errorClass: "timeout", message: "timed out after 1000 ms waiting for the response headers" });
    expect(elapsedS).toBeGreaterThanOrEqual(0.9);
    expect(elapsedS).toBeLessThan(3);
    expect(result.phases.connectUs).toBeGreaterThan(0);
    await server.waitUntilAllClosed();
  });

  it("a body that stalls times out while reading it", async () => {
    const server = await serveTcp((socket) => {
      socket.once("data", () => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial"));
    });
    const result = await check({ url: server.url }, 400);
    expect(result).toMatchObject({ status: "down", errorClass: "timeout", statusCode: 200, message: "timed out after 400 ms reading the response body" });
    await server.waitUntilAllClosed();
  });

  it("a refused connection is a connect error", async () => {
    const port = await closedPort();
    const result = await check({ url: `http://127.0.0.1:${port}/` });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("connect");
    expect(result.message).toBe(`connect to 127.0.0.1:${port} failed: ECONNREFUSED`);
  });

  it("a name that does not resolve is a dns error", async () => {
    const result = await check({ url: "http://nope.invalid/" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("dns");
    expect(result.message).toMatch(/^DNS lookup failed for nope\.invalid: (ENOTFOUND|EAI_AGAIN)$/);
    expect(result.phases.connectUs).toBeUndefined();
  });

  it("a reset before any response is a connect error", async () => {
    const server = await serveTcp((socket) => socket.once("data", () => socket.resetAndDestroy()));
    const result = await check({ url: server.url });
    expect(result).toMatchObject({ status: "down", errorClass: "connect" });
    expect(result.message).toMatch(/before a response/);
  });

  it("a reset in the middle of the body is a protocol error", async () => {
    const server = await serveTcp((socket) => {
      socket.once("data", () => {
        socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n");
        socket.write(Buffer.alloc(1000, "y"), () => setTimeout(() => socket.resetAndDestroy(), 20));
      });
    });
    const result = await check({ url: server.url });
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 200 });
    expect(result.message).toMatch(/while reading the body|before its content-length/);
  });

  it("a malformed response is a protocol error", async () => {
    const server = await serveTcp((socket) => socket.once("data", () => socket.end("SMTP ready\r\n\r\n")));
    const result = await check({ url: server.url });
    expect(result).toMatchObject({ status: "down", errorClass: "protocol" });
    expect(result.message).toBe("malformed HTTP/1.1 response waiting for the response headers: Expected HTTP/, RTSP/ or ICE/");
  });
});

describe("TLS", () => {
  const cert = makeSelfSignedCert();

  async function serveTls(handler: http.RequestListener = (req, res) => res.end("secure")) {
    const server = await startHttpsServer(handler, cert);
    servers.push(server);
    return server;
  }

  it("a self-signed certificate is a tls error that says what to do", async () => {
    const server = await serveTls();
    const result = await check({ url: `${server.url}/` });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("tls");
    expect(result.message).toBe("certificate is self-signed; set ignoreTlsErrors: true on this monitor if that is expected");
    expect(result.tlsExpiresAt).toBe(cert.expiresAt);
    expect(result.phases.connectUs).toBeGreaterThan(0);
    await server.waitUntilAllClosed();
  });

  it("is up with ignoreTlsErrors, timing the handshake and reading the expiry", async () => {
    const server = await serveTls();
    const result = await check({ url: `${server.url}/`, ignoreTlsErrors: true, bodyContains: "secure" });
    expect(result.status).toBe("up");
    expect(result.phases.tlsUs).toBeGreaterThan(0);
    expect(result.phases.connectUs).toBeGreaterThan(0);
    expect(result.tlsExpiresAt).toBe(cert.expiresAt);
    expect(result.tlsVerified).toBe(false);
  });

  it("does not resume TLS sessions between checks", async () => {
    const reused: boolean[] = [];
    const server = await serveTls((req, res) => {
      reused.push((req.socket as TLSSocket).isSessionReused());
      res.end("ok");
    });
    for (let i = 0; i < 3; i++) {
      const result = await check({ url: `${server.url}/`, ignoreTlsErrors: true });
      expect(result.status).toBe("up");
      expect(result.phases.tlsUs).toBeGreaterThan(0);
    }
    expect(reused).toEqual([false, false, false]);
    expect(server.connections()).toBe(3);
  });
});

describe("never throws", () => {
  it("a cancelled check is internal, not blamed on the target", async () => {
    const server = await serveTcp(() => {});
    const controller = new AbortController();
    const pending = runHttpCheck(httpCheckConfigSchema.parse({ url: server.url }), { timeoutMs: 5_000, signal: controller.signal });
    await sleep(100);
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ status: "down", errorClass: "internal" });
    expect(result.message).toMatch(/^check cancelled/);
    await server.waitUntilAllClosed();
  });
});
