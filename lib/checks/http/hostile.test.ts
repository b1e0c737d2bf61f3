/**
 * Hostile targets: real loopback servers that misbehave on purpose. Each check must end within
 * its deadline with a classified result (never internal), and leave no connection behind.
 */
import type net from "node:net";
import { gzipSync, gunzipSync } from "node:zlib";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { httpCheckConfigSchema, runHttpCheck, type HttpCheckResult } from ".";
import { makeExpiredCert, makeSelfSignedCert, startHttpServer, startHttpsServer, startTcpServer, type SelfSignedCert, type TestServer } from "../test-servers";
import { measureStall } from "../../testing/stall";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** Timers and intervals the servers start, stopped at the end whatever happened. */
const serverTimers = new Set<NodeJS.Timeout>();
afterAll(() => {
  for (const timer of serverTimers) clearInterval(timer);
});

async function track(server: Promise<TestServer>): Promise<TestServer> {
  const started = await server;
  servers.push(started);
  return started;
}

/** Runs one check; `ranMs` is its wall time less what the machine took away (see measureStall). */
async function timedCheck(input: Record<string, unknown>, timeoutMs: number): Promise<{ result: HttpCheckResult; elapsedMs: number; ranMs: number }> {
  const { value: result, elapsedMs, stalledMs } = await measureStall(() => runHttpCheck(httpCheckConfigSchema.parse(input), { timeoutMs }));
  return { result, elapsedMs, ranMs: elapsedMs - stalledMs };
}

/** A repeating timer that stops when `socket` closes or after `maxTicks`, whichever is first. */
function every(socket: net.Socket, ms: number, maxTicks: number, tick: () => void) {
  let ticks = 0;
  const timer = setInterval(() => {
    if (socket.destroyed || ++ticks > maxTicks) {
      clearInterval(timer);
      serverTimers.delete(timer);
      return;
    }
    tick();
  }, ms);
  serverTimers.add(timer);
  socket.once("close", () => {
    clearInterval(timer);
    serverTimers.delete(timer);
  });
}

// --- The hostile servers, one factory each (used alone and in the crowd test) ----------------

/** Accepts, reads, never answers. */
const silent = () => startTcpServer(() => {});

/** Sends a status line, then one header byte every 20 ms, forever (bounded: 10 s). */
const slowloris = () =>
  startTcpServer((socket) => {
    socket.once("data", () => {
      socket.write("HTTP/1.1 200 OK\r\nX-Slow: ");
      every(socket, 20, 500, () => socket.write("a"));
    });
  });

/** A 200 whose chunked body never ends (bounded: stops when the client goes, or after 10 s). */
const endlessBody = () =>
  startHttpServer((req, res) => {
    const chunk = Buffer.alloc(16 * 1024, "z");
    res.writeHead(200, { "content-type": "text/plain" });
    every(req.socket, 1, 10_000, () => {
      if (!res.destroyed) res.write(chunk);
    });
  });

/** Declares a 10 GB body and sends a few bytes of it. */
const hugeContentLength = () =>
  startTcpServer((socket) => {
    socket.once("data", () => socket.write("HTTP/1.1 200 OK\r\ncontent-length: 10737418240\r\n\r\nxxxxxxxx"));
  });

/**
 * 1024 gzip members of 1 MiB of zeros: about 1 MB on the wire, 1 GiB once inflated (gunzip
 * reads concatenated members as one stream).
 */
const GZIP_MEMBER = gzipSync(Buffer.alloc(1_048_576), { level: 9 });
const GZIP_BOMB = Buffer.concat(Array.from({ length: 1024 }, () => GZIP_MEMBER));
const GZIP_BOMB_INFLATED_BYTES = 1024 * 1_048_576;
const acceptEncodingSeen: (string | undefined)[] = [];
const gzipBomb = () =>
  startHttpServer((req, res) => {
    acceptEncodingSeen.push(req.headers["accept-encoding"]);
    res.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip", "content-length": GZIP_BOMB.length });
    res.end(GZIP_BOMB);
  });

/** /r/N redirects to /r/N+1, and /r/49 back to /r/0: a loop of 50. */
const redirectLoop = () =>
  startHttpServer((req, res) => {
    const n = Number(/^\/r\/(\d+)$/.exec(req.url ?? "")?.[1] ?? 0);
    res.writeHead(302, { location: `/r/${(n + 1) % 50}` });
    res.end();
  });

/** Redirects to the location in its query (?to=…). */
const redirectTo = () =>
  startHttpServer((req, res) => {
    res.writeHead(302, { location: new URL(req.url ?? "/", "http://x").searchParams.get("to") ?? "/" });
    res.end();
  });

const malformedStatus = () => startTcpServer((socket) => socket.once("data", () => socket.end("HTTP/1.1 abc\r\n\r\n")));

const garbage = () =>
  startTcpServer((socket) => socket.once("data", () => socket.end(Buffer.from([0x00, 0xff, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x0d, 0x0a, 0x0d, 0x0a]))));

/** Sends headers and part of the body, then resets the connection. */
const resetMidBody = () =>
  startTcpServer((socket) => {
    socket.once("data", () => {
      socket.write("HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n");
      socket.write(Buffer.alloc(1000, "y"), () => setTimeout(() => socket.resetAndDestroy(), 20));
    });
  });

const httpsWith = (cert: SelfSignedCert) => startHttpsServer((req, res) => res.end("secure"), cert);

const healthy = () => startHttpServer((req, res) => res.end("ok"));

// --- One target at a time -------------------------------------------------------------------

const DEADLINE_MS = 1_000;
/**
 * Slack for a loaded machine beyond what measureStall subtracts. Which path ended a check (its
 * deadline or a cap) is told by its class and message, never by timing; the time bounds only
 * catch a check that outlives its deadline, which a hang does by far more than this.
 */
const SLACK_MS = 2_000;

describe("hostile targets, one at a time", () => {
  it("accepts and never answers: timeout waiting for the response headers", async () => {
    const server = await track(silent());
    const { result, ranMs } = await timedCheck({ url: server.url }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "timeout", message: `timed out after ${DEADLINE_MS} ms waiting for the response headers` });
    expect(ranMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    await server.waitUntilAllClosed(1_000);
  });

  it("slowloris headers, a byte at a time: timeout waiting for the response headers", async () => {
    const server = await track(slowloris());
    const { result, elapsedMs, ranMs } = await timedCheck({ url: server.url }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "timeout", message: `timed out after ${DEADLINE_MS} ms waiting for the response headers` });
    expect(elapsedMs).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(ranMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    await server.waitUntilAllClosed(1_000);
  });

  it("an endless body: protocol, body larger than the cap, stopped early", async () => {
    const server = await track(endlessBody());
    const { result, ranMs } = await timedCheck({ url: server.url, maxBodySize: "64KiB" }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 200, message: "body larger than 64 KiB (raise maxBodySize)" });
    expect(ranMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    await server.waitUntilAllClosed(1_000);
  });

  it("an endless body without a small cap still ends at the deadline", async () => {
    const server = await track(endlessBody());
    // Slow writer (16 KiB/ms at most) against the largest cap: the deadline comes first.
    const { result, ranMs } = await timedCheck({ url: server.url, maxBodySize: "64MiB" }, 300);
    expect(result.status).toBe("down");
    expect(["timeout", "protocol"]).toContain(result.errorClass);
    expect(ranMs).toBeLessThan(300 + SLACK_MS);
    await server.waitUntilAllClosed(1_000);
  });

  it("a 10 GB content-length: protocol, refused from its header without reading the body", async () => {
    const server = await track(hugeContentLength());
    const { result, ranMs } = await timedCheck({ url: server.url }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", message: "body larger than 1 MiB (content-length is 10 GiB; raise maxBodySize)" });
    expect(ranMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(result.phases.transferUs).toBeUndefined();
    await server.waitUntilAllClosed(1_000);
  });

  it("a gzip bomb is inflated only up to the cap: protocol, body larger than the cap after decompression", async () => {
    // The bomb is real: one member inflates to 1 MiB, and there are 1024 of them.
    expect(gunzipSync(GZIP_MEMBER).length * 1024).toBe(GZIP_BOMB_INFLATED_BYTES);
    expect(GZIP_BOMB.length).toBeLessThan(2 * 1_048_576);

    const server = await track(gzipBomb());
    const rssBefore = process.memoryUsage().rss;
    const { result, ranMs } = await timedCheck({ url: server.url, maxBodySize: "2MiB", bodyContains: "ok" }, DEADLINE_MS);
    const rssGrowth = process.memoryUsage().rss - rssBefore;
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 200, message: "body larger than 2 MiB after decompression (raise maxBodySize)" });
    expect(acceptEncodingSeen.at(-1)).toBe("gzip, deflate, br");
    expect(ranMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(rssGrowth).toBeLessThan(128 * 1_048_576);
    await server.waitUntilAllClosed(1_000);
  });

  it("50 redirects in a loop: protocol, stopped at maxRedirects", async () => {
    const server = await track(redirectLoop());
    const { result, ranMs } = await timedCheck({ url: `${server.url}/r/0`, maxRedirects: 20 }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", redirects: 20, statusCode: 302 });
    expect(result.message).toBe(`more than 20 redirects (stopped at ${server.url}/r/21)`);
    expect(ranMs).toBeLessThan(DEADLINE_MS + SLACK_MS);
    expect(server.connections()).toBe(21);
    await server.waitUntilAllClosed(1_000);
  });

  it("a short redirect cycle is caught as a loop before maxRedirects", async () => {
    const server = await track(redirectTo());
    const a = `${server.url}/?to=${encodeURIComponent("/b?to=/")}`;
    const { result } = await timedCheck({ url: a, maxRedirects: 20 }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "protocol" });
    expect(result.message).toMatch(/^redirect loop: /);
    await server.waitUntilAllClosed(1_000);
  });

  it.each([
    ["file:///etc/passwd", "file:"],
    ["ftp://example.com/pub/file", "ftp:"],
  ])("a redirect to %s: protocol, unsupported scheme", async (location, scheme) => {
    const server = await track(redirectTo());
    const { result } = await timedCheck({ url: `${server.url}/?to=${encodeURIComponent(location)}` }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 302, message: `redirect to unsupported scheme ${scheme}` });
    expect(server.connections()).toBe(1);
    await server.waitUntilAllClosed(1_000);
  });

  it("a malformed status line: protocol", async () => {
    const server = await track(malformedStatus());
    const { result } = await timedCheck({ url: server.url }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "protocol" });
    expect(result.message).toMatch(/^malformed HTTP\/1\.1 response waiting for the response headers: .*status/i);
    await server.waitUntilAllClosed(1_000);
  });

  it("garbage bytes instead of HTTP: protocol", async () => {
    const server = await track(garbage());
    const { result } = await timedCheck({ url: server.url }, DEADLINE_MS);
    expect(result).toMatchObject({
      status: "down",
      errorClass: "protocol",
      message: "malformed HTTP/1.1 response waiting for the response headers: Expected HTTP/, RTSP/ or ICE/",
    });
    await server.waitUntilAllClosed(1_000);
  });

  it("a reset in the middle of the body: protocol", async () => {
    const server = await track(resetMidBody());
    const { result } = await timedCheck({ url: server.url }, DEADLINE_MS);
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 200 });
    expect(result.message).toMatch(/^connection reset \(ECONNRESET\) while reading the body, after \d+ bytes?$|^connection closed while reading the body|^body ended before its content-length/);
    await server.waitUntilAllClosed(1_000);
  });

  describe("certificates", () => {
    const expired = makeExpiredCert();
    const selfSigned = makeSelfSignedCert();
    const wrongHost = makeSelfSignedCert(30, { subjectAltName: "DNS:wrong.example" });

    it("expired: tls, with the date, even with ignoreTlsErrors", async () => {
      expect(expired.expiresAt).toBe(Date.UTC(2020, 1, 1) / 1000);
      const server = await track(httpsWith(expired));
      for (const ignoreTlsErrors of [false, true]) {
        const { result } = await timedCheck({ url: `${server.url}/`, ignoreTlsErrors }, DEADLINE_MS);
        expect(result).toMatchObject({
          status: "down",
          errorClass: "tls",
          message: "certificate expired on 2020-02-01T00:00:00.000Z; renew it",
          tlsExpiresAt: expired.expiresAt,
          tlsVerified: false,
        });
      }
      await server.waitUntilAllClosed(1_000);
    });

    it("self-signed: tls, saying how to accept it", async () => {
      const server = await track(httpsWith(selfSigned));
      const { result } = await timedCheck({ url: `${server.url}/` }, DEADLINE_MS);
      expect(result).toMatchObject({
        status: "down",
        errorClass: "tls",
        message: "certificate is self-signed; set ignoreTlsErrors: true on this monitor if that is expected",
      });
      await server.waitUntilAllClosed(1_000);
    });

    it("wrong host: tls, naming the host and what the certificate covers", async () => {
      const server = await track(httpsWith(wrongHost));
      const { result } = await timedCheck({ url: `${server.url}/` }, DEADLINE_MS);
      expect(result).toMatchObject({
        status: "down",
        errorClass: "tls",
        message:
          "certificate is not valid for 127.0.0.1 (it covers DNS:wrong.example); fix the URL or the certificate, or set ignoreTlsErrors: true on this monitor if that is expected (its chain did not verify either: DEPTH_ZERO_SELF_SIGNED_CERT)",
      });
      const ignored = await timedCheck({ url: `${server.url}/`, ignoreTlsErrors: true }, DEADLINE_MS);
      expect(ignored.result).toMatchObject({ status: "up", tlsVerified: false });
      await server.waitUntilAllClosed(1_000);
    });
  });

  it("an IPv6-only target on ::1 is up", async () => {
    const server = await track(startHttpServer((req, res) => res.end("v6"), "::1"));
    const { result } = await timedCheck({ url: `${server.url}/`, bodyContains: "v6" }, DEADLINE_MS);
    expect(server.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect(result).toMatchObject({ status: "up", statusCode: 200 });
    await server.waitUntilAllClosed(1_000);
  });
});

// --- A crowd of them at once, next to a healthy target ---------------------------------------

describe("100 hostile checks at once", () => {
  it("all end classified within the deadline, a healthy target is checked on time throughout, memory stays bounded", async () => {
    // Generous for 100 checks on 2 loaded cores; the one-at-a-time tests above hold the tight deadline.
    const crowdDeadlineMs = 5_000;
    const expiredCert = makeExpiredCert();
    const selfSignedCert = makeSelfSignedCert();
    const kinds: { name: string; start: () => Promise<TestServer>; config: (server: TestServer) => Record<string, unknown> }[] = [
      { name: "silent", start: silent, config: (s) => ({ url: s.url }) },
      { name: "slowloris", start: slowloris, config: (s) => ({ url: s.url }) },
      { name: "endless body", start: endlessBody, config: (s) => ({ url: s.url, maxBodySize: "64KiB" }) },
      { name: "10 GB content-length", start: hugeContentLength, config: (s) => ({ url: s.url }) },
      { name: "gzip bomb", start: gzipBomb, config: (s) => ({ url: s.url, maxBodySize: "2MiB", bodyContains: "ok" }) },
      { name: "redirect loop", start: redirectLoop, config: (s) => ({ url: `${s.url}/r/0`, maxRedirects: 20 }) },
      { name: "malformed status", start: malformedStatus, config: (s) => ({ url: s.url }) },
      { name: "garbage", start: garbage, config: (s) => ({ url: s.url }) },
      { name: "reset mid-body", start: resetMidBody, config: (s) => ({ url: s.url }) },
      { name: "expired certificate", start: () => httpsWith(expiredCert), config: (s) => ({ url: `${s.url}/`, ignoreTlsErrors: true }) },
      { name: "self-signed certificate", start: () => httpsWith(selfSignedCert), config: (s) => ({ url: `${s.url}/` }) },
    ];
    const hostileServers = await Promise.all(kinds.map((kind) => track(kind.start())));
    const healthyServer = await track(healthy());
    const healthyConfig = httpCheckConfigSchema.parse({ url: healthyServer.url, bodyContains: "ok" });

    (globalThis as { gc?: () => void }).gc?.();
    const rssBefore = process.memoryUsage().rss;

    // The healthy target, every 200 ms while the crowd runs (bounded in count and time).
    const healthyRuns: { status: string; ranMs: number }[] = [];
    let crowdDone = false;
    const healthyLoop = (async () => {
      const loopStart = performance.now();
      for (let i = 0; i < 30 && !crowdDone && performance.now() - loopStart < 10_000; i++) {
        const { value: result, elapsedMs, stalledMs } = await measureStall(() => runHttpCheck(healthyConfig, { timeoutMs: crowdDeadlineMs }));
        healthyRuns.push({ status: result.status, ranMs: elapsedMs - stalledMs });
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();

    const { value: crowd, elapsedMs: crowdElapsedMs, stalledMs: crowdStalledMs } = await measureStall(() => Promise.all(
      Array.from({ length: 100 }, async (_, i) => {
        const kind = kinds[i % kinds.length];
        const config = httpCheckConfigSchema.parse(kind.config(hostileServers[i % kinds.length]));
        const { value: result, elapsedMs, stalledMs } = await measureStall(() => runHttpCheck(config, { timeoutMs: crowdDeadlineMs }));
        return { kind: kind.name, result, ranMs: elapsedMs - stalledMs };
      }),
    ));
    crowdDone = true;
    await healthyLoop;

    (globalThis as { gc?: () => void }).gc?.();
    const rssAfter = process.memoryUsage().rss;

    // Every hostile check: down, blamed on the target with a class, within its deadline.
    const expected: Record<string, string> = {
      silent: "timeout",
      slowloris: "timeout",
      "endless body": "protocol",
      "10 GB content-length": "protocol",
      "gzip bomb": "protocol",
      "redirect loop": "protocol",
      "malformed status": "protocol",
      garbage: "protocol",
      "reset mid-body": "protocol",
      "expired certificate": "tls",
      "self-signed certificate": "tls",
    };
    for (const { kind, result, ranMs } of crowd) {
      // Each ends by its own cap or refusal as above, or, on a starved machine, by the crowd's
      // deadline; never internal, never unclassified (the tests above pin each path alone).
      const byDeadline = result.errorClass === "timeout" && result.message?.startsWith(`timed out after ${crowdDeadlineMs} ms`);
      expect({ kind, status: result.status, errorClass: byDeadline ? expected[kind] : result.errorClass }).toEqual({ kind, status: "down", errorClass: expected[kind] });
      expect(result.message).toBeTruthy();
      expect(ranMs).toBeLessThan(crowdDeadlineMs + SLACK_MS);
    }
    expect(crowdElapsedMs - crowdStalledMs).toBeLessThan(crowdDeadlineMs + SLACK_MS);

    // The healthy target kept being checked, and each check was quick: no starvation.
    expect(healthyRuns.length).toBeGreaterThanOrEqual(5);
    // Every one answered; most were quick (one slow check on a machine at load 10 is the machine's).
    for (const run of healthyRuns) expect(run.status).toBe("up");
    const ranMs = healthyRuns.map((run) => run.ranMs).sort((a, b) => a - b);
    expect(ranMs[Math.floor(ranMs.length / 2)]).toBeLessThan(500);

    expect(rssAfter - rssBefore).toBeLessThan(128 * 1_048_576);

    // No connection left open on any server.
    await Promise.all([...hostileServers, healthyServer].map((server) => server.waitUntilAllClosed(2_000)));
  });
});
