/**
 * Reading an HTTP response body for the HTTP check: decoded from its content-encoding (gzip,
 * deflate, br), with the size cap applied to the decoded bytes, so that a compressed body is
 * judged as the browser would see it and a compression bomb stops at the cap.
 */
import { pipeline, type Readable, type Transform } from "node:stream";
import zlib from "node:zlib";
import { formatSizeBytes } from "../../config/units";
import { noop } from "../frame";

/** What the check asks for; every one of them is decoded below. */
export const HTTP_ACCEPT_ENCODING = "gzip, deflate, br";

export type ContentCoding = "gzip" | "deflate" | "br";

/** Why a body could not be read to its end; `message` is the sentence for the result. */
export class BodyReadError extends Error {
  constructor(
    /** "too large": over the cap; "encoding": an encoding we cannot decode, or data that does not decode. */
    readonly reason: "too large" | "encoding",
    message: string,
  ) {
    super(message);
  }
}

/**
 * The body's content coding from its content-encoding header; undefined when none (or identity).
 * Throws a BodyReadError naming the coding when it is one we do not decode.
 */
export function contentCoding(header: string | string[] | undefined): ContentCoding | undefined {
  const text = Array.isArray(header) ? header.join(",") : (header ?? "");
  const codings = text
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
  if (codings.length === 0) return undefined;
  // Layered codings ("deflate, gzip") are allowed by RFC 9110 but nobody sends them.
  if (codings.length > 1) throw unsupported(`content-encoding "${text.trim()}" (more than one coding)`);
  const [coding] = codings;
  if (coding === "gzip" || coding === "x-gzip") return "gzip";
  if (coding === "deflate" || coding === "br") return coding;
  throw unsupported(`content-encoding "${coding}"`);
}

function unsupported(what: string): BodyReadError {
  return new BodyReadError("encoding", `body has ${what}, which the probe cannot decode (it asks for ${HTTP_ACCEPT_ENCODING}); make the server honour Accept-Encoding`);
}

/** How far reading got; kept up to date while reading, so a failure can say how far it got. */
export interface BodyProgress {
  /** Bytes received on the wire (still encoded). */
  rawBytes: number;
  /** Decoded bytes taken from the decoder; at most the cap plus one decoder chunk. */
  decodedBytes: number;
  /** performance.now() when the last wire byte arrived, if the body ended. */
  rawEndedAt?: number;
  /** The first wire bytes (up to RAW_PREFIX_BYTES), kept as evidence should the check fail. */
  rawPrefix: Buffer[];
}

/** Wire bytes kept from the start of every body: enough to decode the first kilobyte of most compressed bodies. */
export const RAW_PREFIX_BYTES = 4096;

function keepPrefix(progress: BodyProgress, chunk: Buffer) {
  const had = progress.rawBytes - chunk.length;
  if (had < RAW_PREFIX_BYTES) progress.rawPrefix.push(chunk.subarray(0, RAW_PREFIX_BYTES - had));
}

/** Most bytes that decoding a body's prefix for evidence may produce (a bomb stops here). */
const PREFIX_DECODE_MAX_BYTES = 64 * 1024;

/**
 * The first `maxBytes` of a body as text, from its first wire bytes: decoded when the headers
 * say it is compressed, as far as those bytes go; a note in words when it does not decode.
 */
export function bodyPrefixText(raw: Buffer, contentEncoding: string | string[] | undefined, maxBytes: number): string {
  let coding: ContentCoding | undefined;
  try {
    coding = contentCoding(contentEncoding);
  } catch {
    return `(body in an encoding the probe cannot decode: ${Array.isArray(contentEncoding) ? contentEncoding.join(", ") : contentEncoding})`;
  }
  let bytes = raw;
  if (coding !== undefined && raw.length > 0) {
    const options = { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: PREFIX_DECODE_MAX_BYTES };
    try {
      bytes =
        coding === "gzip" ? zlib.gunzipSync(raw, options)
        : coding === "br" ? zlib.brotliDecompressSync(raw, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, maxOutputLength: PREFIX_DECODE_MAX_BYTES })
        : (raw[0] & 0x0f) === 0x08 ? zlib.inflateSync(raw, options) : zlib.inflateRawSync(raw, options);
    } catch {
      return `(${coding}-encoded body; its first ${raw.length} bytes did not decode on their own)`;
    }
  }
  return bytes.subarray(0, maxBytes).toString("utf8").replace(/\uFFFD$/, "");
}

/** A decoder's output chunk size; the decoded bytes read never pass the cap by more than this. */
export const DECODER_CHUNK_BYTES = 16 * 1024;

/**
 * Reads `source` to its end, decoding `coding`, and returns the decoded body when `keep` (the
 * bytes are counted and dropped otherwise). Throws BodyReadError("too large") as soon as the
 * wire bytes or the decoded bytes pass `capBytes`, without reading further, and
 * BodyReadError("encoding") when the data does not decode. An error of `source` itself (a reset,
 * the deadline) is rethrown as it is.
 */
export async function readCappedBody(
  source: Readable,
  opts: { coding: ContentCoding | undefined; capBytes: number; keep: boolean },
  progress: BodyProgress,
): Promise<Buffer | undefined> {
  const { coding, capBytes, keep } = opts;
  const chunks: Buffer[] = [];
  if (coding === undefined) {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      progress.rawBytes += chunk.length;
      keepPrefix(progress, chunk);
      if (progress.rawBytes > capBytes) throw tooLarge(capBytes, false);
      if (keep) chunks.push(chunk);
    }
    progress.rawEndedAt = performance.now();
    return keep ? Buffer.concat(chunks) : undefined;
  }

  // Deflate comes zlib-wrapped (RFC 9110) or raw (some servers): the first byte tells which.
  let first: Buffer | null = null;
  if (coding === "deflate") {
    first = await firstChunk(source);
    if (first === null) {
      progress.rawEndedAt = performance.now();
      return keep ? Buffer.alloc(0) : undefined;
    }
    source.unshift(first);
  }
  const decoder = makeDecoder(coding, first);
  // pipeline passes an error on to the other stream, so only the first one says whose it was.
  let firstError: { from: "source" | "decoder"; err: unknown } | undefined;
  source.on("error", (err) => (firstError ??= { from: "source", err }));
  decoder.on("error", (err) => (firstError ??= { from: "decoder", err }));
  source.on("data", (chunk: Buffer) => {
    progress.rawBytes += chunk.length;
    keepPrefix(progress, chunk);
    if (progress.rawBytes > capBytes) source.destroy(tooLarge(capBytes, false));
  });
  source.once("end", () => (progress.rawEndedAt = performance.now()));
  // Errors reach the loop below through the decoder (pipeline destroys every stream with it).
  pipeline(source, decoder, noop);
  try {
    for await (const chunk of decoder as AsyncIterable<Buffer>) {
      progress.decodedBytes += chunk.length;
      // Leaving the loop destroys the decoder, and pipeline then the source.
      if (progress.decodedBytes > capBytes) throw tooLarge(capBytes, true);
      if (keep) chunks.push(chunk);
    }
  } catch (err) {
    // Stop the wire now, not when pipeline gets to it: nothing more is read once we stop.
    source.destroy();
    if (err instanceof BodyReadError) throw err;
    if (firstError?.from === "source") throw firstError.err;
    throw undecodable(coding, firstError?.err ?? err);
  }
  return keep ? Buffer.concat(chunks) : undefined;
}

function tooLarge(capBytes: number, decoded: boolean): BodyReadError {
  return new BodyReadError("too large", `body larger than ${formatSizeBytes(capBytes)}${decoded ? " after decompression" : ""} (raise maxBodySize)`);
}

const CODING_NAMES: Record<ContentCoding, string> = { gzip: "gzip", deflate: "deflate", br: "Brotli (br)" };

function undecodable(coding: ContentCoding, err: unknown): BodyReadError {
  const code = (err as { code?: unknown })?.code;
  // zlib says "incorrect header check"; Brotli only "Decompression failed" with a code.
  const detail = `${(err as Error)?.message ?? String(err)}${typeof code === "string" ? ` (${code})` : ""}`;
  return new BodyReadError("encoding", `body is not valid ${CODING_NAMES[coding]} data, as its content-encoding says: ${detail.charAt(0).toLowerCase()}${detail.slice(1)}`);
}

/**
 * Lenient at the end, like browsers and fetch(): a body cut short after its last complete block
 * is judged on what decoded, while bad data anywhere is an error.
 */
function makeDecoder(coding: ContentCoding, first: Buffer | null): Transform {
  const zlibOptions = { chunkSize: DECODER_CHUNK_BYTES, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  switch (coding) {
    case "gzip":
      return zlib.createGunzip(zlibOptions);
    case "deflate":
      // A zlib header's first byte has compression method 8 in its low nibble.
      return first !== null && (first[0] & 0x0f) === 0x08 ? zlib.createInflate(zlibOptions) : zlib.createInflateRaw(zlibOptions);
    case "br":
      return zlib.createBrotliDecompress({ chunkSize: DECODER_CHUNK_BYTES, finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH });
  }
}

/** The first chunk of `source`, or null when it ends empty; rejects on its error. */
async function firstChunk(source: Readable): Promise<Buffer | null> {
  // Bounded: every round either returns or waits for an event that moves the stream on.
  for (let round = 0; round < 100; round++) {
    if (source.errored) throw source.errored;
    const chunk = source.read() as Buffer | null;
    if (chunk !== null) return chunk;
    if (source.readableEnded || source.destroyed) return null;
    await new Promise<void>((resolve, reject) => {
      const done = (err?: unknown) => {
        source.off("readable", done).off("end", done).off("close", done).off("error", done);
        if (err instanceof Error) reject(err);
        else resolve();
      };
      source.on("readable", done).on("end", done).on("close", done).on("error", done);
    });
  }
  throw new Error("the response body signalled data 100 times without giving any");
}

