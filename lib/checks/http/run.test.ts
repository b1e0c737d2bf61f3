import { lookup } from "node:dns/promises";
import type http from "node:http";
import type { TLSSocket } from "node:tls";
import { afterEach, describe, expect, it } from "vitest";
import { httpCheckConfigSchema, runHttpCheck, type HttpCheckResult } from ".";
import type { TargetPolicy } from "../policy";
import { closedPort, makeSelfSignedCert, startHttpServer, startHttpsServer, startTcpServer, type TestServer } from "../test-servers";
import { measureStall } from "../../testing/stall";
import { until } from "../../testing/wait";

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

function check(input: Record<string, unknown>, timeoutMs = 5_000, policy?: TargetPolicy): Promise<HttpCheckResult> {
  return runHttpCheck(httpCheckConfigSchema.parse(input), { timeoutMs, policy });
}

/** The issues of an invalid config, as "path: message". */
function issues(input: Record<string, unknown>): string[] {
  const parsed = httpCheckConfigSchema.safeParse({ url: "https://example.com/", ...input });
  if (parsed.success) return [];
  return parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

/** Reads a request's body into a string. */
function readRequest(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (text += chunk));
    req.on("end", () => resolve(text));
  });
}


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
    const { value: result, stalledMs } = await measureStall(() => check({ url: server.url }));
    expect(result.status).toBe("up");
    expect(result.phases.firstByteUs! / 1000).toBeGreaterThanOrEqual(190);
    expect(result.phases.firstByteUs! / 1000 - stalledMs).toBeLessThanOrEqual(210);
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

describe("the response of a failed check", () => {
  it("keeps its headers and the first kilobyte of its body, decoded; an up check keeps none", async () => {
    const { gzipSync } = await import("node:zlib");
    const page = `<h1>Bad gateway</h1><script>alert(1)</script>${"é".repeat(2_000)}`;
    const server = await serve((req, res) => {
      if (req.url === "/ok") return void res.end("fine");
      res.writeHead(502, { "content-type": "text/html", "content-encoding": "gzip", "x-upstream": "db-3", "set-cookie": ["a=1", "b=2"] });
      res.end(gzipSync(page));
    });
    const failed = await check({ url: `${server.url}/fail` });
    expect(failed.status).toBe("down");
    expect(failed.response?.headers).toMatch(/^content-type: text\/html$/m);
    expect(failed.response?.headers).toMatch(/^x-upstream: db-3$/m);
    expect(failed.response?.headers).toMatch(/^set-cookie: a=1, b=2$/m);
    expect(page.startsWith(failed.response!.body)).toBe(true);
    expect(Buffer.byteLength(failed.response!.body)).toBeGreaterThan(1_000);
    expect(Buffer.byteLength(failed.response!.body)).toBeLessThanOrEqual(1_024);
    const big = await serve((_req, res) => {
      res.writeHead(500, Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`x-h${i}`, "v".repeat(200)])));
      res.end();
    });
    const capped = await check({ url: `${big.url}/` });
    expect(Buffer.byteLength(capped.response!.headers)).toBeLessThanOrEqual(4_096);
    expect(capped.response!.body).toBe("");
    expect((await check({ url: `${server.url}/ok` })).response).toBeUndefined();
    // A check that got no answer has no response to keep.
    expect((await check({ url: `http://127.0.0.1:${await closedPort()}/` })).response).toBeUndefined();
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
    expect(result.message).toBe("body larger than 1 MiB (raise maxBodySize)");
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
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", message: "body larger than 1 KiB (content-length is 2 KiB; raise maxBodySize)" });
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
    expect(result.message).toBe(`connection refused (ECONNREFUSED) by 127.0.0.1:${port}: nothing listens on port ${port} there, or a firewall rejects it`);
  });

  it("a name that does not resolve is a dns error", async () => {
    const result = await check({ url: "http://nope.invalid/" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("dns");
    expect(result.message).toMatch(/^(no such name \(ENOTFOUND\): nope\.invalid; check the host name|DNS lookup failed for now \(EAI_AGAIN\) for nope\.invalid: the resolver did not answer)$/);
    expect(result.phases.connectUs).toBeUndefined();
  });

  it("names every error code in words first, the code in parentheses, never bare", async () => {
    const port = await closedPort();
    const reset = await serveTcp((socket) => socket.once("data", () => socket.resetAndDestroy()));
    const results = [
      await check({ url: `http://127.0.0.1:${port}/` }),
      await check({ url: "http://nope.invalid/" }),
      await check({ url: reset.url }),
    ];
    for (const { message } of results) {
      expect(message).toMatch(/^[a-z][a-z ]+ \((ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET)\)|^connection closed by /);
      // A code outside its parentheses is a code nobody explained.
      expect(message!.replace(/\([A-Z_]+\)/g, "")).not.toMatch(/\bE[A-Z_]{3,}\b/);
    }
  });

  it("a reset before any response is a connect error", async () => {
    const server = await serveTcp((socket) => socket.once("data", () => socket.resetAndDestroy()));
    const result = await check({ url: server.url });
    expect(result).toMatchObject({ status: "down", errorClass: "connect" });
    expect(result.message).toMatch(/^(connection reset \(ECONNRESET\)|connection closed) by 127\.0\.0\.1:\d+ before a response/);
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
    // Cancelled mid-check: once the target has the connection.
    await until("the check to connect", () => server.connections() > 0, 5_000);
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ status: "down", errorClass: "internal" });
    expect(result.message).toMatch(/^check cancelled/);
    await server.waitUntilAllClosed();
  });
});

describe("config schema", () => {
  it("fills in defaults for the new fields", () => {
    const config = httpCheckConfigSchema.parse({ url: "https://example.com/" });
    expect(config.tlsExpiryWarning).toBe(14 * 86_400_000);
    expect(config.body).toBeUndefined();
    expect(config.auth).toBeUndefined();
    expect(httpCheckConfigSchema.parse({ url: "https://example.com/", tlsExpiryWarning: "0d" }).tlsExpiryWarning).toBe(0);
  });

  it("refuses credentials in the URL, pointing to auth", () => {
    expect(issues({ url: "http://user:secret@example.com/" })).toEqual([
      "url: must not contain credentials (user:password@); use auth: { basic: { username, passwordEnv } } so that the password stays out of the file",
    ]);
    expect(issues({ url: "ftp://example.com/" })).toEqual(["url: expected an http:// or https:// URL"]);
  });

  it("auth names environment variables, never secrets", () => {
    expect(issues({ auth: { bearer: { tokenEnv: "API_TOKEN" } } })).toEqual([]);
    expect(issues({ auth: { basic: { username: "probe", passwordEnv: "PROBE_PASSWORD" } } })).toEqual([]);
    expect(issues({ auth: { bearer: { token: "s3cret" } } })).toEqual([
      "auth.bearer.tokenEnv: expected the name of an environment variable on the probe, like API_TOKEN",
      "auth.bearer.token: secrets are not written in the config file: put it in an environment variable on the probe and name that variable in tokenEnv",
    ]);
    expect(issues({ auth: { basic: { username: "a:b", passwordEnv: "not a name" } } })).toEqual([
      'auth.basic.username: must not contain ":" (HTTP Basic cannot carry it)',
      'auth.basic.passwordEnv: expected the name of an environment variable (letters, digits and _), like API_TOKEN, got "not a name"',
    ]);
    expect(issues({ auth: {} })).toEqual(["auth: expected exactly one of basic: { username, passwordEnv } or bearer: { tokenEnv }"]);
    expect(issues({ auth: { basic: { username: "u", passwordEnv: "P" }, bearer: { tokenEnv: "T" } } })).toEqual([
      "auth: expected exactly one of basic: { username, passwordEnv } or bearer: { tokenEnv }",
    ]);
  });

  it("checks bodyRegex and json assertions when the config is read", () => {
    expect(issues({ bodyRegex: "(unclosed" })).toEqual([
      "bodyRegex: is not a valid JavaScript regular expression: Invalid regular expression: /(unclosed/: Unterminated group",
    ]);
    expect(issues({ bodyRegex: "x".repeat(513) })).toEqual(["bodyRegex: must be at most 512 characters, got 513"]);
    expect(issues({ json: ['$.status == "ok"', "$.status == ok"] })).toEqual([
      'json.1: invalid JSON assertion: expected a number, true, false, null or a "quoted string" after == (put text in quotes: "ok") at character 13, got "ok" (like $.status == "ok" or $.items.length > 0)',
    ]);
    expect(issues({ json: [] })[0]).toMatch(/^json: /);
  });

  it("expectHeaders names are case-insensitive", () => {
    expect(httpCheckConfigSchema.parse({ url: "https://example.com/", expectHeaders: { "Content-Type": "json" } }).expectHeaders).toEqual({ "content-type": "json" });
    expect(issues({ expectHeaders: { "Content-Type": "json", "content-type": "html" } })).toEqual([
      "expectHeaders.content-type: header content-type is listed twice (header names are case-insensitive)",
    ]);
  });
});

describe("request body and auth", () => {
  it("sends the body with its content-length", async () => {
    let seen: { method?: string; length?: string; type?: string; body?: string } = {};
    const server = await serve(async (req, res) => {
      seen = { method: req.method, length: req.headers["content-length"], type: req.headers["content-type"], body: await readRequest(req) };
      res.end("ok");
    });
    const result = await check({ url: server.url, method: "POST", body: '{"ping":"é"}', headers: { "Content-Type": "application/json", "Content-Length": "1" } });
    expect(result.status).toBe("up");
    expect(seen).toEqual({ method: "POST", length: String(Buffer.byteLength('{"ping":"é"}')), type: "application/json", body: '{"ping":"é"}' });
  });

  it("a 303 turns the request into a GET without its body; a 307 keeps both", async () => {
    const seen: string[] = [];
    const server = await serve(async (req, res) => {
      const body = await readRequest(req);
      seen.push(`${req.method} ${req.url} ${req.headers["content-type"] ?? "-"} ${JSON.stringify(body)}`);
      if (req.url === "/303") {
        res.writeHead(303, { location: "/done" });
        return res.end();
      }
      if (req.url === "/307") {
        res.writeHead(307, { location: "/done" });
        return res.end();
      }
      res.end("done");
    });
    const config = { method: "POST", body: "x=1", headers: { "content-type": "application/x-www-form-urlencoded" } };
    expect((await check({ url: `${server.url}/303`, ...config })).status).toBe("up");
    expect((await check({ url: `${server.url}/307`, ...config })).status).toBe("up");
    expect(seen).toEqual([
      'POST /303 application/x-www-form-urlencoded "x=1"',
      'GET /done - ""',
      'POST /307 application/x-www-form-urlencoded "x=1"',
      'POST /done application/x-www-form-urlencoded "x=1"',
    ]);
  });

  it("bearer and basic credentials come from the environment at run time", async () => {
    const seen: (string | undefined)[] = [];
    const server = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end();
    });
    process.env.TEST_HTTP_TOKEN = "t0ken-1";
    process.env.TEST_HTTP_PASSWORD = "pä:ss";
    try {
      const bearer = httpCheckConfigSchema.parse({ url: server.url, auth: { bearer: { tokenEnv: "TEST_HTTP_TOKEN" } } });
      expect((await runHttpCheck(bearer, { timeoutMs: 2_000 })).status).toBe("up");
      // A rotated secret is picked up by the next check of the same config.
      process.env.TEST_HTTP_TOKEN = "t0ken-2";
      expect((await runHttpCheck(bearer, { timeoutMs: 2_000 })).status).toBe("up");
      expect((await check({ url: server.url, auth: { basic: { username: "probe", passwordEnv: "TEST_HTTP_PASSWORD" } } })).status).toBe("up");
    } finally {
      delete process.env.TEST_HTTP_TOKEN;
      delete process.env.TEST_HTTP_PASSWORD;
    }
    expect(seen).toEqual(["Bearer t0ken-1", "Bearer t0ken-2", `Basic ${Buffer.from("probe:pä:ss").toString("base64")}`]);
  });

  it("a missing secret is the probe's problem (internal), named by variable, and nothing is sent", async () => {
    const server = await serve((req, res) => res.end());
    delete process.env.TEST_HTTP_MISSING;
    const result = await check({ url: server.url, auth: { bearer: { tokenEnv: "TEST_HTTP_MISSING" } } });
    expect(result).toMatchObject({
      status: "down",
      errorClass: "internal",
      message: "environment variable TEST_HTTP_MISSING (bearer token for this monitor) is not set on the probe",
    });
    expect(server.connections()).toBe(0);
  });

  it("an unusable secret is reported without its value", async () => {
    const server = await serve((req, res) => res.end());
    process.env.TEST_HTTP_BAD = "line1\r\nX-Injected: sup3rsecret";
    try {
      const result = await check({ url: server.url, auth: { basic: { username: "u", passwordEnv: "TEST_HTTP_BAD" } } });
      expect(result).toMatchObject({ status: "down", errorClass: "internal" });
      expect(result.message).toBe(
        "environment variable TEST_HTTP_BAD (basic auth password for this monitor) contains a line break, space or control character that cannot go into an HTTP header",
      );
      expect(JSON.stringify(result)).not.toContain("sup3rsecret");
    } finally {
      delete process.env.TEST_HTTP_BAD;
    }
  });

  it("credentials are not forwarded to another origin on a redirect", async () => {
    const seen: (string | undefined)[] = [];
    const target = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.end();
    }, "::1");
    const origin = await serve((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(302, { location: `${target.url}/` });
      res.end();
    });
    process.env.TEST_HTTP_TOKEN2 = "xyz";
    try {
      expect((await check({ url: origin.url, auth: { bearer: { tokenEnv: "TEST_HTTP_TOKEN2" } } })).status).toBe("up");
    } finally {
      delete process.env.TEST_HTTP_TOKEN2;
    }
    expect(seen).toEqual(["Bearer xyz", undefined]);
  });
});

describe("body, JSON and header assertions", () => {
  const json = { status: "degraded", items: [{ id: 1 }], version: 2 };

  async function jsonServer(body = JSON.stringify(json), contentType = "application/json; charset=utf-8") {
    return serve((req, res) => {
      res.setHeader("content-type", contentType);
      res.setHeader("x-trace", ["a", "b"]);
      res.end(body);
    });
  }

  it("bodyRegex: match is up, no match is down saying which pattern", async () => {
    const server = await jsonServer();
    expect((await check({ url: server.url, bodyRegex: '"version":\\s*[2-9]' })).status).toBe("up");
    const result = await check({ url: server.url, bodyRegex: '"status":"ok"' });
    expect(result).toMatchObject({ status: "down", errorClass: "assertion", message: 'body does not match /"status":"ok"/' });
    expect(result.assertions[1]).toEqual({ name: "bodyRegex", ok: false, expected: 'matches /"status":"ok"/', actual: "no match", severity: "down" });
  });

  it("bodyRegex with catastrophic backtracking fails at the time cap instead of hanging the probe", async () => {
    const server = await serve((req, res) => res.end(`${"a".repeat(40)}b`));
    const started = performance.now();
    const result = await check({ url: server.url, bodyRegex: "(a+)+$" });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(result).toMatchObject({
      status: "down",
      errorClass: "assertion",
      message: "regex took longer than 50 ms (possible catastrophic backtracking); simplify the pattern",
    });
  });

  it("json assertions: each is compared and reported", async () => {
    const server = await jsonServer();
    const good = await check({ url: server.url, json: ["$.items.length > 0", "$.items[0].id != null", "$.version >= 2", "$.error !exists"] });
    expect(good.status).toBe("up");
    expect(good.assertions.filter((a) => a.name === "json").map((a) => [a.expected, a.ok, a.actual])).toEqual([
      ["$.items.length > 0", true, "1"],
      ["$.items[0].id != null", true, "1"],
      ["$.version >= 2", true, "2"],
      ["$.error !exists", true, 'missing ($ has no member "error")'],
    ]);

    const bad = await check({ url: server.url, json: ['$.status == "ok"', "$.items[3].id != null", "$.version >= 2"] });
    expect(bad).toMatchObject({ status: "down", errorClass: "assertion" });
    expect(bad.message).toBe('$.status == "ok": got "degraded"; $.items[3].id != null: got missing ($.items has 1 element)');
  });

  it("a body that is not JSON fails the json assertions, said once", async () => {
    const server = await jsonServer("<html>oops</html>", "text/html");
    const result = await check({ url: server.url, json: ['$.status == "ok"', "$.version >= 2"] });
    expect(result).toMatchObject({ status: "down", errorClass: "assertion" });
    expect(result.message).toMatch(/^body is not JSON: Unexpected token '?<'?/);
    expect(result.message).not.toContain(";");
    expect(result.assertions.filter((a) => a.name === "json")).toHaveLength(2);
  });

  it("expectHeaders: value contains the text, case-insensitively; absent is down", async () => {
    const server = await jsonServer();
    const good = await check({ url: server.url, expectHeaders: { "Content-Type": "Application/JSON", "x-trace": "b" } });
    expect(good.status).toBe("up");
    expect(good.assertions.slice(1)).toEqual([
      { name: "header content-type", ok: true, expected: 'contains "Application/JSON"', actual: '"application/json; charset=utf-8"', severity: "down" },
      { name: "header x-trace", ok: true, expected: 'contains "b"', actual: '"a, b"', severity: "down" },
    ]);
    const bad = await check({ url: server.url, expectHeaders: { "content-type": "text/html", "x-missing": "1" } });
    expect(bad).toMatchObject({ status: "down", errorClass: "assertion" });
    expect(bad.message).toBe(
      'header content-type is "application/json; charset=utf-8", expected it to contain "text/html"; header x-missing is absent, expected it to contain "1"',
    );
  });
});

describe("certificate expiry warning", () => {
  it("a certificate that expires within tlsExpiryWarning is degraded", async () => {
    const cert = makeSelfSignedCert(5);
    const server = await startHttpsServer((req, res) => res.end("ok"), cert);
    servers.push(server);
    const result = await check({ url: `${server.url}/`, ignoreTlsErrors: true });
    expect(result.status).toBe("degraded");
    expect(result.errorClass).toBeUndefined();
    const day = new Date(cert.expiresAt * 1000).toISOString().slice(0, 10);
    expect(result.message).toBe(`certificate expires in 5 days, on ${day}`);
    expect(result.assertions.find((a) => a.name === "tlsExpiry")).toEqual({
      name: "tlsExpiry",
      ok: false,
      expected: "expires in ≥ 14 days",
      actual: `expires in 5 days, on ${day}`,
      severity: "degraded",
    });
    expect((await check({ url: `${server.url}/`, ignoreTlsErrors: true, tlsExpiryWarning: "3d" })).status).toBe("up");
    const off = await check({ url: `${server.url}/`, ignoreTlsErrors: true, tlsExpiryWarning: "0d" });
    expect(off.status).toBe("up");
    expect(off.assertions.map((a) => a.name)).toEqual(["status"]);
  });

  it("a certificate with time left is up, and http has no certificate assertion", async () => {
    const server = await startHttpsServer((req, res) => res.end("ok"), makeSelfSignedCert(90));
    servers.push(server);
    const result = await check({ url: `${server.url}/`, ignoreTlsErrors: true });
    expect(result.status).toBe("up");
    expect(result.assertions.find((a) => a.name === "tlsExpiry")).toMatchObject({ ok: true, actual: expect.stringMatching(/^expires in (89|90) days, on /) });
    const plain = await serve((req, res) => res.end());
    expect((await check({ url: plain.url })).assertions.map((a) => a.name)).toEqual(["status"]);
  });
});

describe("target safety policy", () => {
  const blockPrivate: TargetPolicy = { blockPrivate: true };

  it("refuses a private address before connecting, as blocked", async () => {
    const server = await serve((req, res) => res.end());
    const result = await check({ url: server.url }, 2_000, blockPrivate);
    expect(result).toMatchObject({ status: "down", errorClass: "blocked" });
    expect(result.message).toBe(
      "refused to connect to 127.0.0.1: private, loopback, link-local and metadata addresses are blocked (PROBE_BLOCK_PRIVATE=1)",
    );
    expect(result.statusCode).toBeUndefined();
    expect(server.connections()).toBe(0);
  });

  it("judges the resolved address of a name, and names both", async () => {
    const server = await serve((req, res) => res.end());
    const result = await check({ url: `http://localhost:${server.port}/` }, 2_000, blockPrivate);
    expect(result).toMatchObject({ status: "down", errorClass: "blocked" });
    expect(result.message).toMatch(/^refused to connect to localhost \((127\.0\.0\.1|::1)\): /);
    expect(result.phases.dnsUs).toBeGreaterThan(0);
    expect(server.connections()).toBe(0);
  });

  it("a redirect chain is refused at its first private hop, which the message names", async () => {
    const server = await serve((req, res) => {
      res.writeHead(302, { location: "/next" });
      res.end();
    });
    const result = await check({ url: `${server.url}/start` }, 2_000, blockPrivate);
    // On loopback even the first hop is private.
    expect(result).toMatchObject({ status: "down", errorClass: "blocked", redirects: 0, finalUrl: `${server.url}/start` });
    expect(result.message).toMatch(/^refused to connect to 127\.0\.0\.1: /);
    expect(server.connections()).toBe(0);
  });

  it("every redirect hop goes through the policy (a hop that becomes private is refused, naming the redirect)", async () => {
    // Stands in for a public first hop: the policy only turns on once the first request arrived.
    let on = false;
    const policy: TargetPolicy = {
      get blockPrivate() {
        return on;
      },
    };
    const server = await serve((req, res) => {
      on = true;
      res.writeHead(302, { location: "/internal" });
      res.end();
    });
    const result = await check({ url: `${server.url}/start` }, 2_000, policy);
    expect(result).toMatchObject({ status: "down", errorClass: "blocked", redirects: 1, statusCode: 302 });
    expect(result.message).toBe(
      `refused to connect to 127.0.0.1: private, loopback, link-local and metadata addresses are blocked (PROBE_BLOCK_PRIVATE=1) (reached by redirect 1: ${server.url}/internal)`,
    );
    expect(server.connections()).toBe(1);
  });

  it("with the policy off, private targets are checked as usual", async () => {
    const server = await serve((req, res) => res.end("ok"));
    expect((await check({ url: server.url }, 2_000, { blockPrivate: false })).status).toBe("up");
    expect((await check({ url: `http://localhost:${server.port}/` }, 2_000, { blockPrivate: false })).status).toBe("up");
  });
});
