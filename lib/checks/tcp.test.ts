import { lookup } from "node:dns/promises";
import type net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { runTcpCheck, tcpCheck, tcpCheckConfigSchema } from "./tcp";
import { closedPort, startTcpServer, type TestServer } from "./test-servers";
import type { CheckRunOptions } from "./types";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serveTcp(onSocket: (socket: net.Socket) => void, host?: string) {
  const server = await startTcpServer(onSocket, host);
  servers.push(server);
  return server;
}

function check(input: Record<string, unknown>, opts: Partial<CheckRunOptions> = {}) {
  return runTcpCheck(tcpCheckConfigSchema.parse(input), { timeoutMs: 3_000, ...opts });
}

describe("tcp check config", () => {
  it("takes host and port, IPv6 with or without brackets, and says what is wrong", () => {
    expect(tcpCheckConfigSchema.parse({ host: "db.example.com", port: 5432 })).toEqual({ host: "db.example.com", port: 5432 });
    expect(tcpCheckConfigSchema.parse({ host: "[::1]", port: 22 }).host).toBe("::1");
    expect(tcpCheckConfigSchema.parse({ host: "2001:db8::1", port: 22 }).host).toBe("2001:db8::1");

    const hostWithPort = tcpCheckConfigSchema.safeParse({ host: "db.example.com:5432", port: 5432 });
    expect(hostWithPort.error?.issues[0].message).toMatch(/put the port in the port field/);
    const url = tcpCheckConfigSchema.safeParse({ host: "https://example.com", port: 443 });
    expect(url.error?.issues[0].message).toMatch(/no scheme, path or port/);
    const badPort = tcpCheckConfigSchema.safeParse({ host: "example.com", port: 70_000 });
    expect(badPort.error?.issues[0].message).toBe("expected a port number from 1 to 65535, got 70000");
    expect(tcpCheckConfigSchema.safeParse({ host: "example.com" }).success).toBe(false);
  });

  it("uses none of the common monitor field names", () => {
    const common = ["key", "name", "type", "component", "interval", "timeout", "public", "failureThreshold", "successThreshold"];
    expect(Object.keys(tcpCheckConfigSchema.shape).filter((k) => common.includes(k))).toEqual([]);
    expect(tcpCheck.type).toBe("tcp");
    expect(tcpCheck.run).toBe(runTcpCheck);
  });
});

describe("runTcpCheck", () => {
  it("is up when the port accepts, with the connect timed and the socket closed afterwards", async () => {
    const server = await serveTcp(() => {});
    const result = await check({ host: "127.0.0.1", port: server.port });
    expect(result.status).toBe("up");
    expect(result.errorClass).toBeUndefined();
    expect(result.message).toBeUndefined();
    expect(result.phases.dnsUs).toBeUndefined();
    expect(result.phases.connectUs).toBeGreaterThan(0);
    expect(Number.isInteger(result.phases.connectUs) && Number.isInteger(result.totalUs)).toBe(true);
    expect(result.assertions).toEqual([
      { name: "connected", ok: true, expected: "accepts a TCP connection", actual: `connected to 127.0.0.1:${server.port}`, severity: "down" },
    ]);
    await server.waitUntilAllClosed(1_000);
  });

  it("times the DNS lookup of a name", async () => {
    const { address } = await lookup("localhost");
    const server = await serveTcp(() => {}, address);
    const result = await check({ host: "localhost", port: server.port });
    expect(result.status).toBe("up");
    expect(result.phases.dnsUs).toBeGreaterThan(0);
    expect(result.assertions[0].actual).toMatch(/^connected to localhost \(/);
  });

  it("reaches a server that listens on IPv6 loopback only", async () => {
    const server = await serveTcp((socket) => socket.end("hello over v6\r\n"), "::1");
    for (const host of ["::1", "[::1]"]) {
      const result = await check({ host, port: server.port, bannerMatch: "over v6" });
      expect(result.status, result.message).toBe("up");
      expect(result.assertions[0].actual).toBe(`connected to [::1]:${server.port}`);
    }
    await server.waitUntilAllClosed(1_000);
  });

  it("matches a banner, also when it arrives in pieces, and times the first byte", async () => {
    const server = await serveTcp((socket) => {
      socket.write("SSH-2");
      setTimeout(() => socket.write(".0-OpenSSH_9.6\r\n"), 30);
    });
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "SSH-2.0" });
    expect(result.status, result.message).toBe("up");
    expect(result.phases.firstByteUs).toBeGreaterThan(0);
    expect(result.assertions[1]).toEqual({ name: "banner", ok: true, expected: 'contains "SSH-2.0"', actual: "SSH-2.0-OpenSSH_9.6\\r\\n", severity: "down" });
    await server.waitUntilAllClosed(1_000);
  });

  it("sends the configured text before reading the answer", async () => {
    const server = await serveTcp((socket) => {
      socket.on("data", (data) => {
        if (data.toString() === "PING\r\n") socket.write("+PONG\r\n");
      });
    });
    const result = await check({ host: "127.0.0.1", port: server.port, send: "PING\r\n", bannerMatch: "PONG" });
    expect(result.status, result.message).toBe("up");
    expect(result.assertions.map((a) => a.name)).toEqual(["connected", "banner"]);
  });

  it("sends without reading when no banner is asked for", async () => {
    let received = "";
    const server = await serveTcp((socket) => socket.on("data", (data) => (received += data.toString())));
    const result = await check({ host: "127.0.0.1", port: server.port, send: "QUIT\r\n" });
    expect(result.status, result.message).toBe("up");
    await server.waitUntilAllClosed(1_000);
    expect(received).toBe("QUIT\r\n");
  });

  it("is down with connect when the server resets the connection before sending anything", async () => {
    const server = await serveTcp((socket) => void setTimeout(() => socket.resetAndDestroy(), 50));
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "SSH-2.0" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("connect");
    expect(result.message).toBe(`connection reset (ECONNRESET) by 127.0.0.1:${server.port} before it sent anything`);
  });

  it("is down with an assertion failure when the banner does not match, showing what came", async () => {
    const server = await serveTcp((socket) => socket.end("220 mail.example.com ESMTP\r\n"));
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "SSH-2.0" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("assertion");
    expect(result.assertions[1]).toEqual({ name: "banner", ok: false, expected: 'contains "SSH-2.0"', actual: "220 mail.example.com ESMTP\\r\\n", severity: "down" });
    expect(result.message).toBe('banner does not contain "SSH-2.0"; received: 220 mail.example.com ESMTP\\r\\n');
  });

  it("shows at most 80 characters of a long banner and stops reading at 4 KiB", async () => {
    const server = await serveTcp((socket) => socket.write("x".repeat(10_000)));
    const started = performance.now();
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "SSH-2.0" });
    expect(performance.now() - started).toBeLessThan(1_000); // judged at 4 KiB, not at the deadline
    expect(result.errorClass).toBe("assertion");
    expect(result.assertions[1].actual).toBe(`${"x".repeat(80)}…`);
  });

  it('says "no data" when the server closes without sending anything', async () => {
    const server = await serveTcp((socket) => socket.end());
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "SSH-2.0" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("assertion");
    expect(result.assertions[1].actual).toMatch(/^no data/);
  });

  it("judges what arrived by the deadline when the server sends a wrong banner and then waits", async () => {
    const server = await serveTcp((socket) => socket.write("HELLO\x00\x01"));
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "SSH-2.0" }, { timeoutMs: 300 });
    expect(result.errorClass).toBe("assertion");
    expect(result.assertions[1].actual).toBe("HELLO\\x00\\x01");
    await server.waitUntilAllClosed(1_000);
  });

  it("is down with connect when the port is closed", async () => {
    const port = await closedPort();
    const result = await check({ host: "127.0.0.1", port });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("connect");
    expect(result.message).toBe(`connection refused (ECONNREFUSED) by 127.0.0.1:${port}: nothing listens on port ${port} there, or a firewall rejects it`);
    expect(result.assertions).toEqual([{ name: "connected", ok: false, expected: "accepts a TCP connection", actual: "connection refused (ECONNREFUSED)", severity: "down" }]);
  });

  it("times out at the deadline, saying it waited for the banner, and closes the connection", async () => {
    const server = await serveTcp(() => {});
    const started = performance.now();
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "SSH-2.0" }, { timeoutMs: 300 });
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(1_000);
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("timeout");
    expect(result.message).toBe(`timed out after 300 ms waiting for the banner from 127.0.0.1:${server.port} (no data received)`);
    expect(result.phases.connectUs).toBeGreaterThan(0);
    await server.waitUntilAllClosed(1_000);
  });

  it("is down with dns for a name that does not exist", async () => {
    const result = await check({ host: "nope.invalid", port: 80 });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("dns");
    expect(result.message).toMatch(/nope\.invalid/);
  });

  it("refuses a private address under the safety policy, without connecting", async () => {
    const server = await serveTcp(() => {});
    const result = await check({ host: "127.0.0.1", port: server.port }, { policy: { blockPrivate: true } });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("blocked");
    expect(result.message).toMatch(/^refused to connect to 127\.0\.0\.1: private, loopback/);
    expect(server.connections()).toBe(0);

    const viaName = await check({ host: "localhost", port: server.port }, { policy: { blockPrivate: true } });
    expect(viaName.errorClass).toBe("blocked");
    expect(viaName.message).toMatch(/^refused to connect to localhost \(/);
  });

  it("stops when the caller cancels, as internal, not the target's fault", async () => {
    const server = await serveTcp(() => {});
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await check({ host: "127.0.0.1", port: server.port, bannerMatch: "x" }, { signal: controller.signal, timeoutMs: 5_000 });
    expect(result.errorClass).toBe("internal");
    expect(result.message).toMatch(/^check cancelled/);
    await server.waitUntilAllClosed(1_000);
  });

  it("never throws, even for a config that skipped the schema", async () => {
    const result = await runTcpCheck({ host: "127.0.0.1", port: -1 } as never, { timeoutMs: 1_000 });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("internal");
  });
});
