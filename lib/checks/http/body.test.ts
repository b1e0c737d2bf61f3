/**
 * Compressed response bodies: real loopback servers that answer gzip, deflate or br whatever was
 * asked, a gzip bomb, corrupt and unknown encodings.
 */
import type http from "node:http";
import { Readable } from "node:stream";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { formatSizeBytes } from "../../config/units";
import { httpCheckConfigSchema, runHttpCheck, type HttpCheckResult } from ".";
import { DECODER_CHUNK_BYTES, readCappedBody, type BodyProgress } from "./body";
import { startHttpServer, startTcpServer, type TestServer } from "../test-servers";

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: http.RequestListener) {
  const server = await startHttpServer(handler);
  servers.push(server);
  return server;
}

function check(input: Record<string, unknown>, timeoutMs = 5_000): Promise<HttpCheckResult> {
  return runHttpCheck(httpCheckConfigSchema.parse(input), { timeoutMs });
}

const MiB = 1_048_576;
const PAGE = JSON.stringify({ status: "ok", detail: "all good ".repeat(200) });
/** 10 MB of zeros, about 10 KB gzipped. */
const TEN_MB_ZEROS_GZIP = gzipSync(Buffer.alloc(10_000_000), { level: 9 });
/** 1 GiB of zeros in 1024 gzip members of 1 MiB each, about 1 MiB on the wire. */
const GZIP_MEMBER = gzipSync(Buffer.alloc(MiB), { level: 9 });

/** Answers every request with `body` and `content-encoding: encoding`, whatever it asked for. */
function alwaysEncoded(encoding: string, body: Buffer, seen: (string | undefined)[] = []) {
  return serve((req, res) => {
    seen.push(req.headers["accept-encoding"]);
    res.writeHead(200, { "content-type": "application/json", "content-encoding": encoding, "content-length": body.length });
    res.end(body);
  });
}

describe("compressed bodies", () => {
  it("asks for gzip, deflate and br, and judges a gzip body on its decoded text", async () => {
    const seen: (string | undefined)[] = [];
    const server = await alwaysEncoded("gzip", gzipSync(PAGE), seen);
    const result = await check({ url: server.url, bodyContains: '"status":"ok"', json: ['$.status == "ok"'] });
    expect(seen).toEqual(["gzip, deflate, br"]);
    expect(result.message).toBeUndefined();
    expect(result.status).toBe("up");
  });

  it.each([
    ["deflate (zlib-wrapped, as RFC 9110 says)", "deflate", deflateSync(PAGE)],
    ["deflate (raw, as some servers send it)", "deflate", deflateRawSync(PAGE)],
    ["br", "br", brotliCompressSync(PAGE)],
    ["x-gzip", "x-gzip", gzipSync(PAGE)],
    ["gzip listed with identity", "identity, gzip", gzipSync(PAGE)],
  ])("judges a %s body on its decoded text", async (_name, encoding, body) => {
    const server = await alwaysEncoded(encoding, body);
    const result = await check({ url: server.url, bodyContains: "all good all good", bodyRegex: '"status":"ok"' });
    expect(result.message).toBeUndefined();
    expect(result.status).toBe("up");
  });

  it("a user's own Accept-Encoding header is sent instead", async () => {
    const seen: (string | undefined)[] = [];
    const server = await alwaysEncoded("gzip", gzipSync(PAGE), seen);
    const result = await check({ url: server.url, headers: { "Accept-Encoding": "gzip" }, bodyContains: "all good" });
    expect(seen).toEqual(["gzip"]);
    expect(result.status).toBe("up");
  });

  it("an empty gzip or deflate body (HEAD, 204) decodes to nothing, without an error", async () => {
    for (const encoding of ["gzip", "deflate", "br"]) {
      const server = await serve((req, res) => {
        res.writeHead(200, { "content-encoding": encoding, "content-length": 0 });
        res.end();
      });
      const result = await check({ url: server.url, bodyNotContains: "error" });
      expect({ encoding, status: result.status, message: result.message }).toEqual({ encoding, status: "up", message: undefined });
    }
  });

  it("keeps first byte and transfer apart for a compressed body sent slowly", async () => {
    const body = gzipSync(PAGE);
    const server = await serve((req, res) => {
      res.writeHead(200, { "content-encoding": "gzip" });
      res.flushHeaders();
      res.write(body.subarray(0, 10));
      setTimeout(() => res.end(body.subarray(10)), 150);
    });
    const result = await check({ url: server.url, bodyContains: "all good" });
    expect(result.status).toBe("up");
    expect(result.phases.firstByteUs! / 1000).toBeLessThan(100);
    expect(result.phases.transferUs! / 1000).toBeGreaterThanOrEqual(140);
    expect(result.phases.transferUs! / 1000).toBeLessThan(400);
  });
});

describe("a gzip bomb", () => {
  it("10 MB of zeros in 10 KB of gzip ends down at the decoded cap, quickly, with bounded memory", async () => {
    expect(TEN_MB_ZEROS_GZIP.length).toBeLessThan(20_000);
    const server = await alwaysEncoded("gzip", TEN_MB_ZEROS_GZIP);
    const baseline = process.memoryUsage().arrayBuffers;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2);
    const started = performance.now();
    const result = await check({ url: server.url, bodyContains: "ok" });
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().arrayBuffers);

    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 200, message: "body larger than 1 MiB after decompression (raise maxBodySize)" });
    expect(elapsedMs).toBeLessThan(1_000);
    // The cap is 1 MiB; 10 MB never sits in memory.
    expect(peak - baseline).toBeLessThan(4 * MiB);
    await server.waitUntilAllClosed(1_000);
  });

  it("1 GiB claimed: decoded bytes read never pass the cap by more than one decoder chunk", async () => {
    const members = Array.from({ length: 1024 }, () => GZIP_MEMBER);
    const progress: BodyProgress = { rawBytes: 0, decodedBytes: 0, rawPrefix: [] };
    const source = Readable.from(members, { objectMode: false });
    const started = performance.now();
    const reading = readCappedBody(source, { coding: "gzip", capBytes: MiB, keep: true }, progress);
    await expect(reading).rejects.toMatchObject({ reason: "too large", message: "body larger than 1 MiB after decompression (raise maxBodySize)" });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(progress.decodedBytes).toBeGreaterThan(MiB);
    expect(progress.decodedBytes).toBeLessThanOrEqual(MiB + DECODER_CHUNK_BYTES);
    // Reading stopped: far less than the 1 MiB of wire bytes was pulled from the source.
    expect(progress.rawBytes).toBeLessThan(64 * 1024);
    expect(source.destroyed).toBe(true);
  });

  it("with a larger maxBodySize the message names that size", async () => {
    const server = await alwaysEncoded("gzip", TEN_MB_ZEROS_GZIP);
    const result = await check({ url: server.url, bodyContains: "ok", maxBodySize: "2MiB" });
    expect(result.message).toBe("body larger than 2 MiB after decompression (raise maxBodySize)");
  });

  it("without a body assertion the body is not decoded: the small wire body is fine", async () => {
    const server = await alwaysEncoded("gzip", TEN_MB_ZEROS_GZIP);
    const result = await check({ url: server.url });
    expect(result.status).toBe("up");
  });
});

describe("bodies that do not decode", () => {
  it("a corrupt gzip body is down, saying so", async () => {
    const server = await alwaysEncoded("gzip", Buffer.from("<html>this is not gzip</html>"));
    const result = await check({ url: server.url, bodyContains: "html" });
    expect(result).toMatchObject({
      status: "down",
      errorClass: "protocol",
      message: "body is not valid gzip data, as its content-encoding says: incorrect header check (Z_DATA_ERROR)",
    });
    await server.waitUntilAllClosed(1_000);
  });

  it("a corrupt br body is down, saying so", async () => {
    const server = await alwaysEncoded("br", Buffer.from("<html>this is not brotli</html>"));
    const result = await check({ url: server.url, bodyContains: "html" });
    expect(result.status).toBe("down");
    expect(result.errorClass).toBe("protocol");
    expect(result.message).toMatch(/^body is not valid Brotli \(br\) data, as its content-encoding says: decompression failed \(ERR_/);
  });

  it("a compressed body cut off by a reset says the connection was reset, not that the data is bad", async () => {
    const body = gzipSync(PAGE);
    const server = await startTcpServer((socket) => {
      socket.once("data", () => {
        socket.write(`HTTP/1.1 200 OK\r\ncontent-encoding: gzip\r\ncontent-length: ${body.length}\r\n\r\n`);
        socket.write(body.subarray(0, 20), () => setTimeout(() => socket.resetAndDestroy(), 20));
      });
    });
    servers.push(server);
    const result = await check({ url: server.url, bodyContains: "all good" });
    expect(result).toMatchObject({ status: "down", errorClass: "protocol", statusCode: 200 });
    expect(result.message).toMatch(/^(connection reset \(ECONNRESET\) while reading the body, after 20 bytes|connection closed while reading the body|body ended before its content-length)/);
  });

  it("an unknown content-encoding is down, naming it and what to change", async () => {
    const server = await alwaysEncoded("zstd", Buffer.from("(zstd bytes)"));
    const result = await check({ url: server.url, bodyContains: "ok" });
    expect(result).toMatchObject({
      status: "down",
      errorClass: "protocol",
      message: 'body has content-encoding "zstd", which the probe cannot decode (it asks for gzip, deflate, br); make the server honour Accept-Encoding',
    });
  });
});

describe("formatSizeBytes", () => {
  it("says sizes in the units the config is written in", () => {
    expect([1, 100, 1024, 1536, 65_536, MiB, 64 * MiB, 10_737_418_240].map(formatSizeBytes)).toEqual([
      "1 byte",
      "100 bytes",
      "1 KiB",
      "1.5 KiB",
      "64 KiB",
      "1 MiB",
      "64 MiB",
      "10 GiB",
    ]);
  });
});
