/**
 * Real loopback servers for check tests (test-only). Every server counts the TCP connections it
 * accepted and knows which are still open, so a test can prove "a fresh connection per check"
 * and "no socket left behind".
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export interface TestServer {
  /** Base URL without a trailing slash, e.g. "http://127.0.0.1:41234". */
  url: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: () => number;
  /** Connections accepted and not yet closed. */
  openConnections: () => number;
  /** Resolves when no accepted connection is open any more; rejects after `timeoutMs`. */
  waitUntilAllClosed: (timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

function tracked(server: net.Server, scheme: "http" | "https" | "tcp", host: string): Promise<TestServer> {
  const open = new Set<net.Socket>();
  let accepted = 0;
  let waiters: (() => void)[] = [];
  // TLS servers emit "connection" with the raw TCP socket too, which is what we want to count.
  server.on("connection", (socket: net.Socket) => {
    accepted += 1;
    open.add(socket);
    socket.on("error", () => {});
    // A bare TCP socket that nobody reads never sees the peer's FIN; keep it flowing so that a
    // closed connection is noticed (handlers attach their 'data' listeners before this runs).
    if (scheme === "tcp") socket.resume();
    socket.on("close", () => {
      open.delete(socket);
      if (open.size === 0) {
        for (const wake of waiters) wake();
        waiters = [];
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => {
      const { port } = server.address() as net.AddressInfo;
      const hostInUrl = net.isIPv6(host) ? `[${host}]` : host;
      resolve({
        url: `${scheme === "tcp" ? "http" : scheme}://${hostInUrl}:${port}`,
        port,
        connections: () => accepted,
        openConnections: () => open.size,
        waitUntilAllClosed: (timeoutMs = 2_000) =>
          new Promise<void>((done, fail) => {
            if (open.size === 0) return done();
            const timer = setTimeout(() => fail(new Error(`${open.size} connection(s) still open after ${timeoutMs} ms`)), timeoutMs);
            waiters.push(() => {
              clearTimeout(timer);
              done();
            });
          }),
        close: () =>
          new Promise<void>((done) => {
            for (const socket of open) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** An HTTP server on 127.0.0.1 (or `host`) with an ephemeral port. */
export function startHttpServer(handler: http.RequestListener, host = "127.0.0.1"): Promise<TestServer> {
  return tracked(http.createServer(handler), "http", host);
}

/** An HTTPS server on 127.0.0.1 with the given certificate. */
export function startHttpsServer(handler: http.RequestListener, tls: { cert: string; key: string }, host = "127.0.0.1"): Promise<TestServer> {
  return tracked(https.createServer({ cert: tls.cert, key: tls.key }, handler), "https", host);
}

/**
 * A bare TCP server for misbehaving targets (never answer, malformed bytes, reset mid-body).
 * Its `url` is http:// so that it can be checked directly.
 */
export function startTcpServer(onSocket: (socket: net.Socket) => void, host = "127.0.0.1"): Promise<TestServer> {
  return tracked(net.createServer(onSocket), "tcp", host);
}

/** A loopback port that was just bound and released, so connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface SelfSignedCert {
  cert: string;
  key: string;
  /** notAfter, epoch seconds. */
  expiresAt: number;
}

const DEFAULT_SUBJECT_ALT_NAME = "DNS:localhost,IP:127.0.0.1";

function readCert(dir: string): SelfSignedCert {
  const certPath = path.join(dir, "cert.pem");
  const cert = readFileSync(certPath, "utf8");
  const notAfter = execFileSync("openssl", ["x509", "-noout", "-enddate", "-in", certPath], { encoding: "utf8" });
  const expiresAt = Math.floor(Date.parse(notAfter.replace(/^notAfter=/, "").trim()) / 1000);
  return { cert, key: readFileSync(path.join(dir, "key.pem"), "utf8"), expiresAt };
}

function withTempDir<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), "selfsigned-"));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A self-signed certificate made with the openssl CLI, valid from now for `days`; for localhost
 * and 127.0.0.1 unless `subjectAltName` says otherwise (e.g. "DNS:wrong.example" for a wrong host).
 */
export function makeSelfSignedCert(days = 30, opts: { subjectAltName?: string } = {}): SelfSignedCert {
  return withTempDir((dir) => {
    execFileSync(
      "openssl",
      [
        "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"), "-days", String(days), "-subj", "/CN=localhost",
        "-addext", `subjectAltName=${opts.subjectAltName ?? DEFAULT_SUBJECT_ALT_NAME}`,
      ],
      { stdio: "ignore" },
    );
    return readCert(dir);
  });
}

/**
 * A self-signed certificate for localhost and 127.0.0.1 whose validity ended in the past
 * (January 2020). OpenSSL 3.0's `req`/`x509` cannot backdate, so it is signed with `openssl ca
 * -selfsign`, which takes explicit start and end dates.
 */
/**
 * An `openssl ca` setup in `dir` (ca.cnf and an empty index.txt) that signs with explicit
 * start and end dates (`-startdate`/`-enddate`), which OpenSSL 3.0's `req`/`x509` cannot do.
 */
export function writeOpensslCaConfig(dir: string): void {
  writeFileSync(path.join(dir, "index.txt"), "");
  writeFileSync(
    path.join(dir, "ca.cnf"),
    [
      "[ ca ]",
      "default_ca = CA_default",
      "[ CA_default ]",
      `database = ${path.join(dir, "index.txt")}`,
      `new_certs_dir = ${dir}`,
      "rand_serial = yes",
      "default_md = sha256",
      "policy = policy_any",
      "copy_extensions = copy",
      "unique_subject = no",
      "[ policy_any ]",
      "commonName = supplied",
      "",
    ].join("\n"),
  );
}

export function makeExpiredCert(): SelfSignedCert {
  return withTempDir((dir) => {
    const file = (name: string) => path.join(dir, name);
    writeOpensslCaConfig(dir);
    execFileSync(
      "openssl",
      [
        "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
        "-keyout", file("key.pem"), "-out", file("csr.pem"), "-subj", "/CN=localhost", "-addext", `subjectAltName=${DEFAULT_SUBJECT_ALT_NAME}`,
      ],
      { stdio: "ignore" },
    );
    execFileSync(
      "openssl",
      [
        "ca", "-batch", "-config", file("ca.cnf"), "-selfsign", "-keyfile", file("key.pem"), "-in", file("csr.pem"), "-out", file("cert.pem"),
        "-startdate", "20200101000000Z", "-enddate", "20200201000000Z", "-notext",
      ],
      { stdio: "ignore" },
    );
    return readCert(dir);
  });
}
