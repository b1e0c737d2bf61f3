import type http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { browserCheckConfigSchema, closeSharedBrowser, runBrowserCheck, runBrowserCheckJudged, type AddressJudge, type BrowserCheckConfig } from ".";
import { CHROMIUM_INSTALL_HINT, chromiumAvailable } from "../chromium";
import { closedPort, makeSelfSignedCert, startHttpServer, startHttpsServer, startTcpServer, type TestServer } from "../test-servers";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function config(input: Record<string, unknown>): BrowserCheckConfig {
  return browserCheckConfigSchema.parse(input);
}

function html(res: http.ServerResponse, body: string, status = 200, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
  res.end(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`);
}

describe("browserCheckConfigSchema", () => {
  it("fills in the defaults", () => {
    expect(config({ url: "https://example.com/" })).toEqual({
      url: "https://example.com/",
      viewport: { width: 1280, height: 800 },
      ignoreTlsErrors: false,
      screenshotOnFailure: true,
    });
  });

  it("turns maxLatency into milliseconds and keeps the assertions", () => {
    const parsed = config({ url: "http://example.com", waitForSelector: " #app ", waitForText: "Welcome", maxLatency: "3s", viewport: { width: 390, height: 844 } });
    expect(parsed).toMatchObject({ waitForSelector: "#app", waitForText: "Welcome", maxLatency: 3_000, viewport: { width: 390, height: 844 } });
  });

  it("rejects what it cannot check, saying what to write", () => {
    const messages = (input: Record<string, unknown>) => browserCheckConfigSchema.safeParse(input).error?.issues.map((i) => i.message) ?? [];
    expect(messages({ url: "ftp://example.com/" })).toContain("expected an http:// or https:// URL");
    expect(messages({ url: "https://example.com", maxLatency: 3 })[0]).toMatch(/duration with a unit/);
    expect(browserCheckConfigSchema.safeParse({ url: "https://example.com", viewport: { widht: 800, height: 600 } }).success).toBe(false);
    expect(browserCheckConfigSchema.safeParse({ url: "https://example.com", waitForSelector: "" }).success).toBe(false);
  });
});

describe("runBrowserCheck without a browser", () => {
  it("reports a missing Chromium as internal, saying how to install one", async () => {
    await closeSharedBrowser();
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = "/nonexistent/chromium";
    try {
      const result = await runBrowserCheck(config({ url: "http://127.0.0.1:9/" }), { timeoutMs: 5_000 });
      expect(result).toMatchObject({ status: "down", errorClass: "internal" });
      expect(result.message).toBe(`no Chromium at CHROMIUM_PATH=/nonexistent/chromium: fix the path, or unset it and ${CHROMIUM_INSTALL_HINT}`);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});

const haveChromium = chromiumAvailable();
if (!haveChromium) console.warn(`browser check tests skipped: no Chromium found: ${CHROMIUM_INSTALL_HINT} (or set CHROMIUM_PATH)`);

describe.skipIf(!haveChromium)(haveChromium ? "runBrowserCheck against loopback servers" : `runBrowserCheck (skipped: no Chromium found: ${CHROMIUM_INSTALL_HINT})`, () => {
  const servers: TestServer[] = [];
  async function serve(handler: http.RequestListener): Promise<TestServer> {
    const server = await startHttpServer(handler);
    servers.push(server);
    return server;
  }

  afterAll(async () => {
    await closeSharedBrowser();
    await Promise.all(servers.map((s) => s.close()));
  });

  it("is up when the selector rendered by JavaScript appears", async () => {
    const userAgents: (string | undefined)[] = [];
    const server = await serve((req, res) => {
      userAgents.push(req.headers["user-agent"]);
      html(res, `<script>setTimeout(() => { const d = document.createElement("div"); d.id = "app"; d.textContent = "ready"; document.body.append(d); }, 100);</script>`);
    });
    const result = await runBrowserCheck(config({ url: `${server.url}/`, waitForSelector: "#app", waitForText: "ready" }), { timeoutMs: 10_000, userAgent: "status-monitor/0.1 (region test)" });
    expect(result).toMatchObject({ status: "up", statusCode: 200, httpVersion: "1.1" });
    expect(result.errorClass).toBeUndefined();
    expect(result.message).toBeUndefined();
    expect(result.artifacts).toBeUndefined();
    expect(result.assertions.map((a) => [a.name, a.ok])).toEqual([["status", true], ["selector", true], ["text", true]]);
    // The probe identifies itself after Chromium's own User-Agent, which sites expect.
    expect(userAgents[0]).toMatch(/^Mozilla\/5\.0 .*Chrome\/[\d.]+ .* status-monitor\/0\.1 \(region test\)$/);
  });

  it("is down (assertion) with a bounded PNG screenshot when the text is missing", async () => {
    const server = await serve((_req, res) => html(res, "<h1>Maintenance</h1><p>Back soon.</p>"));
    const started = performance.now();
    // A budget with room for the screenshot on a loaded machine; the check must still end within it.
    const result = await runBrowserCheck(config({ url: `${server.url}/`, waitForText: "All systems operational" }), { timeoutMs: 6_000 });
    expect(performance.now() - started).toBeLessThan(7_000);
    expect(result).toMatchObject({ status: "down", errorClass: "assertion", statusCode: 200 });
    expect(result.message).toMatch(/^text "All systems operational" not found after \d+ ms$/);
    const png = result.artifacts?.screenshotPng;
    expect(png).toBeInstanceOf(Buffer);
    expect(png!.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png!.length).toBeLessThanOrEqual(200 * 1024);
  });

  it("is down when the main document answers 500", async () => {
    const server = await serve((_req, res) => html(res, "<h1>Internal Server Error</h1>", 500));
    const result = await runBrowserCheck(config({ url: `${server.url}/`, waitForSelector: "#app", screenshotOnFailure: false }), { timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: "down", errorClass: "assertion", statusCode: 500, message: "status 500, expected 200-399" });
    // An error page is not waited on for the selector.
    expect(result.assertions.map((a) => a.name)).toEqual(["status"]);
    expect(result.artifacts).toBeUndefined();
  });

  it("classifies a refused connection as connect", async () => {
    const port = await closedPort();
    const result = await runBrowserCheck(config({ url: `http://127.0.0.1:${port}/` }), { timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: "down", errorClass: "connect" });
    expect(result.message).toBe(`could not connect to 127.0.0.1:${port} (net::ERR_CONNECTION_REFUSED)`);
    expect(result.artifacts).toBeUndefined();
  });

  it("holds its deadline against a server that accepts and never answers", async () => {
    const server = await startTcpServer(() => {});
    servers.push(server);
    const started = performance.now();
    const result = await runBrowserCheck(config({ url: `${server.url}/` }), { timeoutMs: 2_000 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ status: "down", errorClass: "timeout" });
    expect(result.message).toMatch(/^timed out after \d+ ms loading the page$/);
    // The context is gone, and with it the connection.
    await server.waitUntilAllClosed(2_000);
  });

  it("holds its deadline when the page's script never yields", async () => {
    // A busy renderer ignores the browser's own timeouts; only the hard deadline ends this one.
    const server = await serve((_req, res) => html(res, "<p>busy</p><script>setTimeout(() => { for (;;) {} }, 0)</script>"));
    const started = performance.now();
    const result = await runBrowserCheck(config({ url: `${server.url}/`, waitForText: "never" }), { timeoutMs: 2_000 });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ status: "down", errorClass: "timeout" });
    expect(result.message).toMatch(/^timed out after \d+ ms (loading the page|waiting for text "never")$/);
  });

  it("records the navigation timing phases", async () => {
    // The delay as the server measured it: on a busy machine its timer fires late, and that
    // lateness is the server's, which the browser rightly counts as first-byte time.
    let headersDelayMs = 0;
    const server = await serve((_req, res) => {
      const received = performance.now();
      setTimeout(() => {
        headersDelayMs = performance.now() - received;
        html(res, "<p>slow headers</p>");
      }, 150);
    });
    // Best of five, within 75 ms: a starved CPU can delay Chromium's reading of the headers in one
    // run, while measuring the wrong interval (the whole load, or from before the 150 ms wait) would
    // be off by more in every run.
    const offsetsMs: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const result = await runBrowserCheck(config({ url: `${server.url}/` }), { timeoutMs: 10_000 });
      expect(result.status).toBe("up");
      const { phases } = result;
      expect(headersDelayMs).toBeGreaterThanOrEqual(149);
      expect(phases.firstByteUs).toBeGreaterThan(0);
      expect(phases.connectUs).toBeGreaterThanOrEqual(0);
      expect(phases.transferUs).toBeGreaterThanOrEqual(0);
      expect(phases.dnsUs).toBeUndefined(); // an IP literal
      expect(phases.tlsUs).toBeUndefined(); // plain http
      expect(result.totalUs).toBeGreaterThan(phases.firstByteUs!);
      offsetsMs.push(Math.abs(phases.firstByteUs! / 1_000 - headersDelayMs));
      if (offsetsMs.at(-1)! <= 75) break;
    }
    expect(Math.min(...offsetsMs)).toBeLessThanOrEqual(75);
  });

  it("degrades a page load slower than maxLatency", async () => {
    const server = await serve((_req, res) => setTimeout(() => html(res, "<p>slow</p>"), 200));
    const result = await runBrowserCheck(config({ url: `${server.url}/`, maxLatency: "50ms" }), { timeoutMs: 10_000 });
    expect(result.status).toBe("degraded");
    expect(result.errorClass).toBeUndefined();
    expect(result.message).toMatch(/^slow: page load \d+ ms, limit 50 ms$/);
    expect(result.artifacts).toBeUndefined();
  });

  it("shares no cookies or storage between two checks", async () => {
    const cookieHeaders: (string | undefined)[] = [];
    const server = await serve((req, res) => {
      if (req.url !== "/") return void res.writeHead(404).end(); // e.g. /favicon.ico, asked for within the same context
      cookieHeaders.push(req.headers.cookie);
      const cookieSeen = (req.headers.cookie ?? "").includes("visited=1");
      html(
        res,
        `<p id="${cookieSeen ? "cookie-present" : "cookie-absent"}">cookie</p>
        <script>
          const storageSeen = localStorage.getItem("visited") !== null;
          localStorage.setItem("visited", "1");
          if (!storageSeen && document.getElementById("cookie-absent")) document.body.insertAdjacentHTML("beforeend", '<p id="fresh">fresh visitor</p>');
        </script>`,
        200,
        { "set-cookie": "visited=1; Path=/; Max-Age=3600" },
      );
    });
    const check = config({ url: `${server.url}/`, waitForSelector: "#fresh" });
    const first = await runBrowserCheck(check, { timeoutMs: 5_000 });
    const second = await runBrowserCheck(check, { timeoutMs: 5_000 });
    expect([first.status, second.status]).toEqual(["up", "up"]);
    expect(cookieHeaders).toEqual([undefined, undefined]);
  });

  it("refuses a private target under the policy before starting anything", async () => {
    const server = await serve((_req, res) => html(res, "<p>secret</p>"));
    const result = await runBrowserCheck(config({ url: `${server.url}/` }), { timeoutMs: 5_000, policy: { blockPrivate: true } });
    expect(result).toMatchObject({ status: "down", errorClass: "blocked" });
    expect(result.message).toMatch(/^refused to connect to 127\.0\.0\.1: private/);
    expect(server.connections()).toBe(0);
  });

  it("blocks the page's requests to refused hosts, and stops at a redirect to one", async () => {
    // Everything here is loopback, so the policy under test refuses "localhost" and allows 127.0.0.1.
    const judge: AddressJudge = (hostname) => (hostname === "localhost" ? `refused to connect to ${hostname}` : undefined);
    const paths: string[] = [];
    const server = await serve((req, res) => {
      paths.push(req.url ?? "");
      const { port } = req.socket.address() as { port: number };
      if (req.url === "/redirect") {
        res.writeHead(302, { location: `http://localhost:${port}/secret` }).end();
      } else if (req.url === "/") {
        html(res, `<p>hello</p><img src="http://localhost:${port}/secret.png"><script>fetch("http://localhost:${port}/secret.json").catch(() => {})</script>`);
      } else {
        html(res, "<p>secret</p>");
      }
    });

    const page = await runBrowserCheckJudged(config({ url: `${server.url}/`, waitForText: "hello" }), { timeoutMs: 5_000 }, judge);
    expect(page.status).toBe("up");
    // Through the policy proxy Chromium also asks the page's own (allowed) server for its icon.
    expect(paths.filter((p) => p !== "/favicon.ico")).toEqual(["/"]);

    const redirected = await runBrowserCheckJudged(config({ url: `${server.url}/redirect` }), { timeoutMs: 5_000 }, judge);
    expect(redirected).toMatchObject({ status: "down", errorClass: "blocked" });
    expect(redirected.message).toMatch(/^the page redirected to http:\/\/localhost:\d+\/secret: refused/);
    expect(redirected.artifacts).toBeUndefined();
  });

  it("judges every request on the address it connects to: a refused address gets no connection, from subresources, fetch, WebSocket or a redirect", async () => {
    // All loopback: the policy under test refuses the address 127.0.0.2 and allows 127.0.0.1.
    const judge: AddressJudge = (hostname, address) => (address === "127.0.0.2" ? `refused to connect to ${hostname} (test policy: 127.0.0.2 is off limits)` : undefined);
    const secret = await startHttpServer((_req, res) => html(res, "<p>secret</p>"), "127.0.0.2");
    servers.push(secret);
    const off = `127.0.0.2:${secret.port}`;
    const server = await serve((req, res) => {
      if (req.url === "/redirect") {
        res.writeHead(302, { location: `http://${off}/secret` }).end();
      } else {
        html(
          res,
          `<p>hello</p><img src="http://${off}/secret.png"><link rel="stylesheet" href="https://${off}/s.css">` +
            `<script>fetch("http://${off}/secret.json").catch(() => {}); try { new WebSocket("ws://${off}/ws"); } catch {}</script>`,
        );
      }
    });

    const page = await runBrowserCheckJudged(config({ url: `${server.url}/`, waitForText: "hello" }), { timeoutMs: 5_000 }, judge);
    expect(page.status).toBe("up");
    expect(secret.connections()).toBe(0);
    // Through the proxy, the connect phase is the proxy's connect to the target.
    expect(page.phases.connectUs).toBeGreaterThan(0);
    expect(page.phases.dnsUs).toBeUndefined(); // an IP literal

    const redirected = await runBrowserCheckJudged(config({ url: `${server.url}/redirect` }), { timeoutMs: 5_000 }, judge);
    expect(redirected).toMatchObject({ status: "down", errorClass: "blocked" });
    expect(redirected.message).toBe(`the page redirected to http://${off}/secret: refused to connect to 127.0.0.2 (test policy: 127.0.0.2 is off limits)`);
    expect(redirected.artifacts).toBeUndefined();
    // Refused before it was sent: the redirect's target never saw a connection.
    expect(secret.connections()).toBe(0);
  });

  it("names the requests it refused when the page fails for another reason", async () => {
    const judge: AddressJudge = (hostname, address) => (address === "127.0.0.2" ? `refused to connect to ${hostname}` : undefined);
    const server = await serve((_req, res) => html(res, `<p>broken</p><img src="http://127.0.0.2:8080/pixel.png">`, 500));
    const result = await runBrowserCheckJudged(config({ url: `${server.url}/`, screenshotOnFailure: false }), { timeoutMs: 5_000 }, judge);
    expect(result).toMatchObject({ status: "down", errorClass: "assertion" });
    expect(result.message).toMatch(/; the target policy blocked 1 request of the page \(first: http:\/\/127\.0\.0\.2:8080\/pixel\.png\)$/);
  });

  it("fails a self-signed certificate as tls, and accepts it with ignoreTlsErrors", async () => {
    const cert = makeSelfSignedCert();
    const server = await startHttpsServer((_req, res) => html(res, "<p>tls ok</p>"), cert);
    servers.push(server);
    const strict = await runBrowserCheck(config({ url: `${server.url}/` }), { timeoutMs: 10_000 });
    expect(strict).toMatchObject({ status: "down", errorClass: "tls" });
    expect(strict.message).toMatch(/\(net::ERR_CERT_[A-Z_]+\)$/);

    const lenient = await runBrowserCheck(config({ url: `${server.url}/`, waitForText: "tls ok", ignoreTlsErrors: true }), { timeoutMs: 10_000 });
    expect(lenient.status).toBe("up");
    expect(lenient.phases.tlsUs).toBeGreaterThan(0);
  });

  it("downscales a screenshot that would be over 200 KB", async () => {
    // Random pixels do not compress: at full size this PNG is megabytes.
    const server = await serve((_req, res) =>
      html(
        res,
        `<canvas id="c" width="1280" height="800" style="position:fixed;inset:0"></canvas>
        <script>
          const ctx = document.getElementById("c").getContext("2d");
          const img = ctx.createImageData(1280, 800);
          for (let i = 0; i < img.data.length; i += 65536) crypto.getRandomValues(img.data.subarray(i, i + 65536));
          for (let i = 3; i < img.data.length; i += 4) img.data[i] = 255;
          ctx.putImageData(img, 0, 0);
        </script>`,
        503,
      ),
    );
    const result = await runBrowserCheck(config({ url: `${server.url}/` }), { timeoutMs: 6_000 });
    expect(result).toMatchObject({ status: "down", errorClass: "assertion" });
    const png = result.artifacts?.screenshotPng;
    expect(png?.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png!.length).toBeLessThanOrEqual(200 * 1024);
  });

  it("says when the selector itself is not valid CSS", async () => {
    const server = await serve((_req, res) => html(res, "<p>hi</p>"));
    const result = await runBrowserCheck(config({ url: `${server.url}/`, waitForSelector: "#app[" }), { timeoutMs: 5_000 });
    expect(result).toMatchObject({ status: "down", errorClass: "assertion" });
    expect(result.message).toMatch(/^waitForSelector "#app\[" is not a valid CSS selector/);
  });
});
