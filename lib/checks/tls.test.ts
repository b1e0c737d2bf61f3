import { execFile, execFileSync } from "node:child_process";
import { lookup } from "node:dns/promises";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runTlsCheck, tlsCheck, tlsCheckConfigSchema, type TlsCheckResult } from "./tls";
import { closedPort, makeSelfSignedCert, startHttpsServer, startTcpServer, writeOpensslCaConfig, type SelfSignedCert, type TestServer } from "./test-servers";
import type { CheckRunOptions } from "./types";

// ---------------------------------------------------------------------------------------------
// Certificates, made with the openssl CLI at test time. `openssl ca` is used for the dated ones:
// OpenSSL 3.0's `x509` has no -not_before/-not_after, and `-days` cannot go into the past.

interface Pem {
  cert: string;
  key: string;
}

let dir: string;
let caPemPath: string;

function openssl(args: string[]) {
  execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });
}

function makeTestCa(): Pem {
  writeOpensslCaConfig(dir);
  openssl([
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
    "-days", "30", "-subj", "/CN=Status Monitor Test CA/O=Tests", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  return { cert: readFileSync(path.join(dir, "ca.pem"), "utf8"), key: readFileSync(path.join(dir, "ca.key"), "utf8") };
}

let certCount = 0;
/**
 * A certificate signed by the test CA (or by `signer`, files in `dir`), valid between two
 * "YYYYMMDDHHMMSSZ" dates: a leaf for `names`, or with `intermediate` a CA named names[0].
 */
function makeCaSigned(names: string[], notBefore: string, notAfter: string, opts: { signer?: string; intermediate?: boolean } = {}): Pem & { id: string } {
  const id = `cert${++certCount}`;
  const signer = opts.signer ?? "ca";
  const san = names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(",");
  const extensions = opts.intermediate
    ? ["-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]
    : ["-addext", `subjectAltName=${san}`];
  openssl([
    "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", `${id}.key`, "-out", `${id}.csr`,
    "-subj", `/CN=${names[0]}`, ...extensions,
  ]);
  openssl(["ca", "-batch", "-config", "ca.cnf", "-cert", `${signer}.pem`, "-keyfile", `${signer}.key`, "-in", `${id}.csr`, "-out", `${id}.pem`, "-notext", "-startdate", notBefore, "-enddate", notAfter]);
  return { id, cert: readFileSync(path.join(dir, `${id}.pem`), "utf8"), key: readFileSync(path.join(dir, `${id}.key`), "utf8") };
}

/** A self-signed certificate for another host name only. */
function makeSelfSignedFor(name: string): Pem {
  openssl([
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "other.key", "-out", "other.pem",
    "-days", "30", "-subj", `/CN=${name}`, "-addext", `subjectAltName=DNS:${name}`,
  ]);
  return { cert: readFileSync(path.join(dir, "other.pem"), "utf8"), key: readFileSync(path.join(dir, "other.key"), "utf8") };
}

/** "YYYYMMDDHHMMSSZ", `days` from now. */
function opensslDate(days: number): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
}

let selfSigned30: SelfSignedCert;
let selfSigned3: SelfSignedCert;
let otherHost: Pem;
let ca: Pem;
let leaf: Pem;
let expiredLeaf: Pem;
let futureLeaf: Pem;
/** A current leaf under an intermediate that expired in 2021, sent with that intermediate. */
let leafUnderExpiredIntermediate: Pem;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "tls-check-"));
  selfSigned30 = makeSelfSignedCert(30);
  selfSigned3 = makeSelfSignedCert(3);
  otherHost = makeSelfSignedFor("other.example");
  ca = makeTestCa();
  caPemPath = path.join(dir, "ca.pem");
  leaf = makeCaSigned(["localhost", "127.0.0.1"], opensslDate(-1), opensslDate(60));
  expiredLeaf = makeCaSigned(["localhost", "127.0.0.1"], "20200101000000Z", "20210101000000Z");
  futureLeaf = makeCaSigned(["localhost", "127.0.0.1"], "20990101000000Z", "20991231000000Z");
  const oldIntermediate = makeCaSigned(["Old Intermediate"], "20200101000000Z", "20210101000000Z", { intermediate: true });
  const underIt = makeCaSigned(["localhost", "127.0.0.1"], opensslDate(-1), opensslDate(60), { signer: oldIntermediate.id });
  leafUnderExpiredIntermediate = { cert: underIt.cert + oldIntermediate.cert, key: underIt.key };
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serveTls(pem: Pem, host?: string) {
  const server = await startHttpsServer((req, res) => res.end("ok"), pem, host);
  servers.push(server);
  return server;
}

function check(input: Record<string, unknown>, opts: Partial<CheckRunOptions> = {}): Promise<TlsCheckResult> {
  return runTlsCheck(tlsCheckConfigSchema.parse({ host: "127.0.0.1", ...input }), { timeoutMs: 3_000, ...opts });
}

function assertion(result: TlsCheckResult, name: string) {
  return result.assertions.find((a) => a.name === name);
}

describe("tls check config", () => {
  it("has defaults for port, expiry warning and self-signed certificates", () => {
    expect(tlsCheckConfigSchema.parse({ host: "example.com" })).toEqual({ host: "example.com", port: 443, expiryWarning: 14 * 86_400_000, allowSelfSigned: false });
    expect(tlsCheckConfigSchema.parse({ host: "example.com", expiryWarning: "30d", servername: "www.example.com" })).toMatchObject({ expiryWarning: 30 * 86_400_000, servername: "www.example.com" });
    expect(tlsCheckConfigSchema.safeParse({ host: "example.com", expiryWarning: "2 weeks" }).error?.issues[0].message).toMatch(/expected a duration with a unit/);
    const common = ["key", "name", "type", "component", "interval", "timeout", "public", "failureThreshold", "successThreshold"];
    expect(Object.keys(tlsCheckConfigSchema.shape).filter((k) => common.includes(k))).toEqual([]);
    expect(tlsCheck.type).toBe("tls");
  });
});

describe("runTlsCheck", () => {
  it("is up for a good certificate (self-signed allowed), reporting expiry, issuer and every phase", async () => {
    const server = await serveTls(selfSigned30);
    const result = await check({ port: server.port, servername: "localhost", allowSelfSigned: true });
    expect(result.status, result.message).toBe("up");
    expect(result.message).toBeUndefined();
    expect(result.tlsExpiresAt).toBe(selfSigned30.expiresAt);
    expect(result.phases.dnsUs).toBeUndefined();
    expect(result.phases.connectUs).toBeGreaterThan(0);
    expect(result.phases.tlsUs).toBeGreaterThan(0);
    expect(result.phases.tlsUs!).toBeLessThanOrEqual(result.totalUs);
    const day = new Date(selfSigned30.expiresAt * 1000).toISOString().slice(0, 10);
    expect(result.assertions.map((a) => [a.name, a.ok, a.actual])).toEqual([
      ["validity", true, expect.stringMatching(/^valid from \d{4}-\d\d-\d\d to /)],
      ["expiry", true, `expires in 29 days, on ${day}`],
      ["hostname", true, "DNS:localhost, IP Address:127.0.0.1"],
      ["chain", true, "self-signed (DEPTH_ZERO_SELF_SIGNED_CERT), allowed"],
      ["issuer", true, "issuer: CN=localhost"],
    ]);
    expect(assertion(result, "expiry")!.expected).toBe("at least 14 days left");
    expect(result.certificate).toMatchObject({ subject: "CN=localhost", issuer: "CN=localhost", validTo: selfSigned30.expiresAt });
    expect(result.tlsVerified).toBe(false);
    await server.waitUntilAllClosed(1_000);
  });

  it("times the DNS lookup of a host name and checks the certificate against it", async () => {
    const { address } = await lookup("localhost");
    const server = await serveTls(selfSigned30, address);
    const result = await check({ host: "localhost", port: server.port, allowSelfSigned: true });
    expect(result.status, result.message).toBe("up");
    expect(result.phases.dnsUs).toBeGreaterThan(0);
    expect(assertion(result, "hostname")!.expected).toBe("covers localhost");
  });

  it("is down for a self-signed certificate unless allowSelfSigned", async () => {
    const server = await serveTls(selfSigned30);
    const result = await check({ port: server.port });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("tls");
    expect(result.message).toBe("certificate is self-signed, so no trusted authority vouches for it; set allowSelfSigned: true on this monitor if that is expected");
    expect(assertion(result, "chain")).toEqual({ name: "chain", ok: false, expected: "issued by a trusted authority", actual: "self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)", severity: "down" });
    expect(result.tlsExpiresAt).toBe(selfSigned30.expiresAt); // read even though it was rejected
  });

  it("is degraded within the expiry warning window, and up with a shorter window", async () => {
    const server = await serveTls(selfSigned3);
    const day = new Date(selfSigned3.expiresAt * 1000).toISOString().slice(0, 10);
    const result = await check({ port: server.port, allowSelfSigned: true });
    expect(result.status).toBe("degraded");
    expect(result.errorClass).toBeUndefined();
    expect(result.message).toBe(`certificate expires in 2 days (on ${day}); renew it soon`);
    expect(assertion(result, "expiry")).toEqual({ name: "expiry", ok: false, expected: "at least 14 days left", actual: `expires in 2 days, on ${day}`, severity: "degraded" });

    const shorter = await check({ port: server.port, allowSelfSigned: true, expiryWarning: "1d" });
    expect(shorter.status, shorter.message).toBe("up");
  });

  it("is down for an expired certificate", async () => {
    const server = await serveTls(expiredLeaf);
    const result = await check({ port: server.port, allowSelfSigned: true });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("tls");
    expect(result.message).toMatch(/^certificate expired \d+ days ago \(on 2021-01-01\); renew it$/);
    expect(result.tlsExpiresAt).toBe(Date.UTC(2021, 0, 1) / 1000);
    expect(assertion(result, "validity")).toMatchObject({ ok: false, expected: "valid now", actual: expect.stringMatching(/^expired \d+ days ago, on 2021-01-01$/) });
    // OpenSSL reports only the date error then, so the chain cannot be called trusted.
    expect(assertion(result, "chain")).toMatchObject({ ok: false, actual: "not verified: the certificate is outside its validity dates (CERT_HAS_EXPIRED)" });
  });

  it("is down for a certificate that is not valid yet", async () => {
    const server = await serveTls(futureLeaf);
    const result = await check({ port: server.port, allowSelfSigned: true });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("tls");
    expect(result.message).toBe("certificate is not valid until 2099-01-01T00:00:00.000Z; check the certificate dates or the server's clock");
  });

  it("is down when the certificate is for another host name", async () => {
    const server = await serveTls(otherHost);
    const result = await check({ port: server.port, allowSelfSigned: true });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("tls");
    expect(result.message).toBe("certificate is not valid for 127.0.0.1 (it covers DNS:other.example); fix host or servername, or the certificate");
    expect(assertion(result, "hostname")).toEqual({ name: "hostname", ok: false, expected: "covers 127.0.0.1", actual: "DNS:other.example", severity: "down" });

    const named = await check({ port: server.port, servername: "other.example", allowSelfSigned: true });
    expect(named.status, named.message).toBe("up");
  });

  it("is down for a chain from an untrusted CA, and up with allowSelfSigned", async () => {
    const leafOnly = await serveTls(leaf);
    const untrusted = await check({ port: leafOnly.port });
    expect(untrusted.status).toBe("down");
    expect(untrusted.errorClass).toBe("tls");
    expect(untrusted.message).toMatch(/^certificate chain does not lead to a trusted authority \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\).*allowSelfSigned: true/);
    expect(assertion(untrusted, "issuer")!.actual).toBe("issuer: CN=Status Monitor Test CA, O=Tests");

    const withRoot = await serveTls({ cert: leaf.cert + ca.cert, key: leaf.key });
    const rootSent = await check({ port: withRoot.port });
    expect(rootSent.errorClass).toBe("tls");
    expect(assertion(rootSent, "chain")!.actual).toBe("untrusted root in the chain (SELF_SIGNED_CERT_IN_CHAIN)");

    const allowed = await check({ port: leafOnly.port, allowSelfSigned: true });
    expect(allowed.status, allowed.message).toBe("up");
    expect(assertion(allowed, "chain")).toMatchObject({ ok: true, expected: "trusted, or self-signed / private CA (allowed)" });
  });

  it("with the CA trusted (NODE_EXTRA_CA_CERTS, in a child process): up without allowSelfSigned; down for an expired intermediate", async () => {
    const good = await serveTls(leaf);
    const oldChain = await serveTls(leafUnderExpiredIntermediate);
    const script = path.join(dir, "trusted-check.mts");
    const tlsModule = pathToFileURL(path.resolve(import.meta.dirname, "tls.ts")).href;
    writeFileSync(
      script,
      `import { runTlsCheck, tlsCheckConfigSchema } from ${JSON.stringify(tlsModule)};
       const results = [];
       for (const port of [${good.port}, ${oldChain.port}]) {
         results.push(await runTlsCheck(tlsCheckConfigSchema.parse({ host: "127.0.0.1", port, allowSelfSigned: port === ${oldChain.port} }), { timeoutMs: 3000 }));
       }
       process.stdout.write(JSON.stringify(results));`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", script], {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: { ...process.env, NODE_EXTRA_CA_CERTS: caPemPath },
    });
    const [trusted, expiredIntermediate] = JSON.parse(stdout) as TlsCheckResult[];
    expect(trusted.status, trusted.message).toBe("up");
    expect(trusted.tlsVerified).toBe(true);
    expect(assertion(trusted, "chain")).toEqual({ name: "chain", ok: true, expected: "issued by a trusted authority", actual: "trusted", severity: "down" });

    // Even with allowSelfSigned: an expired certificate in the chain is not a trust question.
    expect(expiredIntermediate.status).toBe("down");
    expect(expiredIntermediate.errorClass).toBe("tls");
    expect(expiredIntermediate.message).toBe("an intermediate or root certificate in the chain has expired (CERT_HAS_EXPIRED); the server must send a current chain");
    expect(assertion(expiredIntermediate, "validity")!.ok).toBe(true);
  });

  it("times out in the TLS handshake when the port accepts TCP but never answers it, and closes the connection", async () => {
    const server = await startTcpServer(() => {});
    servers.push(server);
    const started = performance.now();
    const result = await check({ port: server.port }, { timeoutMs: 300 });
    const tookMs = performance.now() - started;
    expect(tookMs).toBeGreaterThanOrEqual(290);
    expect(tookMs).toBeLessThan(1_000);
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("timeout");
    expect(result.message).toBe(`timed out after 300 ms in the TLS handshake with 127.0.0.1:${server.port}`);
    expect(result.phases.connectUs).toBeGreaterThan(0);
    expect(result.phases.tlsUs).toBeUndefined();
    await server.waitUntilAllClosed(1_000);
  });

  it("says so when the port does not speak TLS", async () => {
    const server = await startTcpServer((socket) => socket.end("HTTP/1.1 400 Bad Request\r\n\r\n"));
    servers.push(server);
    const result = await check({ port: server.port });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("tls");
    expect(result.message).toMatch(/^127\.0\.0\.1:\d+ (did not answer with TLS|closed the connection during the TLS handshake)/);
  });

  it("is down with connect when the port is closed", async () => {
    const port = await closedPort();
    const result = await check({ port });
    expect(result.errorClass).toBe("connect");
    expect(result.message).toMatch(/^connection refused \(ECONNREFUSED\) by 127\.0\.0\.1:\d+: nothing listens/);
  });

  it("refuses a private address under the safety policy, without connecting", async () => {
    const server = await serveTls(selfSigned30);
    const result = await check({ port: server.port, allowSelfSigned: true }, { policy: { blockPrivate: true } });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("blocked");
    expect(result.message).toMatch(/^refused to connect to 127\.0\.0\.1: private, loopback/);
    expect(server.connections()).toBe(0);
  });
});
