import { afterEach, describe, expect, it } from "vitest";
import { ConnectPhaseError, openTimedConnection } from "./connector";
import { closedPort, startHttpServer, startTcpServer, type TestServer } from "./test-servers";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe("connector: every resolved address", () => {
  const signal = new AbortController().signal;

  it("tries each address in order until one connects", async () => {
    const server = await startHttpServer((req, res) => res.end());
    servers.push(server);
    const connection = await openTimedConnection(
      { protocol: "http:", hostname: "multi.test", port: server.port, ignoreTlsErrors: false },
      {
        signal,
        // ::1 and 127.0.0.2 refuse (the server listens on 127.0.0.1 only).
        lookupAll: (_name, callback) => callback(null, [
          { address: "::1", family: 6 },
          { address: "127.0.0.2", family: 4 },
          { address: "127.0.0.1", family: 4 },
        ]),
      },
    );
    try {
      expect(connection.timings.remoteAddress).toBe("127.0.0.1");
      expect(connection.timings.connectUs).toBeGreaterThan(0);
    } finally {
      connection.destroy();
    }
    await server.waitUntilAllClosed();
  });

  it("when none connects, says what each address did", async () => {
    const port = await closedPort();
    const attempt = openTimedConnection(
      { protocol: "http:", hostname: "multi.test", port, ignoreTlsErrors: false },
      { signal, lookupAll: (_name, callback) => callback(null, [{ address: "::1", family: 6 }, { address: "127.0.0.1", family: 4 }]) },
    );
    await expect(attempt).rejects.toMatchObject({
      errorClass: "connect",
      code: "ECONNREFUSED",
      message: `connection to multi.test failed on all 2 addresses: [::1]:${port} connection refused (ECONNREFUSED), 127.0.0.1:${port} connection refused (ECONNREFUSED)`,
    });
  });

  it("with the policy on, a name with any private address is refused whole, before connecting", async () => {
    let connected = false;
    const server = await startTcpServer(() => (connected = true));
    servers.push(server);
    const attempt = openTimedConnection(
      { protocol: "http:", hostname: "mixed.test", port: server.port, ignoreTlsErrors: false, policy: { blockPrivate: true } },
      // A public address first: refusing only the private one would still connect somewhere.
      { signal, lookupAll: (_name, callback) => callback(null, [{ address: "93.184.215.14", family: 4 }, { address: "127.0.0.1", family: 4 }]) },
    );
    await expect(attempt).rejects.toBeInstanceOf(ConnectPhaseError);
    await expect(attempt).rejects.toMatchObject({ errorClass: "blocked", message: expect.stringMatching(/^refused to connect to mixed\.test \(127\.0\.0\.1\): /) });
    expect(connected).toBe(false);
  });

  it("a name with no addresses is a dns error", async () => {
    await expect(
      openTimedConnection({ protocol: "http:", hostname: "empty.test", port: 80, ignoreTlsErrors: false }, { signal, lookupAll: (_name, callback) => callback(null, []) }),
    ).rejects.toMatchObject({ errorClass: "dns", message: "no address records (ENODATA) for empty.test: the name exists, but has no A or AAAA record" });
  });
});
