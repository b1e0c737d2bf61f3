/**
 * Request bodies from outside, read with a byte limit: a declared Content-Length over the limit
 * is refused before a byte is read, and a body without one (chunked) is read as a stream and
 * cancelled as soon as it passes the limit, so no request can make the app buffer more than the
 * limit. Every route handler that reads a body goes through here (limits in BODY_LIMITS).
 */

/** Byte limits per kind of request, in one place (README "Limits"). */
export const BODY_LIMITS = {
  /** A remote probe's batch: 1,000 results of ~300 B, with room for failed assertions. */
  probeBatchBytes: 2 * 1024 * 1024,
  /** A heartbeat push (the body is ignored beyond a short message). */
  heartbeatBytes: 16 * 1024,
  /** Public forms and JSON: subscribe, unsubscribe. */
  publicFormBytes: 16 * 1024,
  /** REST API bodies (/api/v1): an incident update of 20,000 characters in any script, with room. */
  apiBytes: 128 * 1024,
  /** Server actions (dashboard forms, incident text): next.config.ts serverActions.bodySizeLimit. */
  actionBytes: 256 * 1024,
} as const;

/**
 * The ceiling the app server applies to a request's declared Content-Length before anything
 * reads it: probe batches may be large, every other request (forms, server actions, public
 * JSON) fits in the action limit. Routes then read their own, smaller limits as streams.
 */
export function declaredBodyLimit(path: string): number {
  return path.startsWith("/api/probe/") ? BODY_LIMITS.probeBatchBytes : BODY_LIMITS.actionBytes;
}

export class BodyError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413 | 415,
  ) {
    super(message);
  }
}

function tooLarge(limitBytes: number): BodyError {
  return new BodyError(`the request body is larger than ${limitBytes} bytes: send less`, 413);
}

/** The whole body as bytes, at most `limitBytes` of them; BodyError(413) past that. */
export async function readBodyLimited(request: Request, limitBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = request.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) > limitBytes) {
    // Not reading it at all; the runtime discards what the client still sends.
    await request.body?.cancel().catch(() => {});
    throw tooLarge(limitBytes);
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limitBytes);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/** The body as UTF-8 text, at most `limitBytes`. */
export async function readTextLimited(request: Request, limitBytes: number): Promise<string> {
  return new TextDecoder("utf-8", { fatal: false }).decode(await readBodyLimited(request, limitBytes));
}

/** The body parsed as JSON, at most `limitBytes`; BodyError(400) when it is not JSON. */
export async function readJsonLimited(request: Request, limitBytes: number): Promise<unknown> {
  const text = await readTextLimited(request, limitBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError("the body is not valid JSON", 400);
  }
}

/**
 * A form body (urlencoded or multipart) at most `limitBytes`, parsed by the platform after the
 * bytes are counted.
 */
export async function readFormLimited(request: Request, limitBytes: number): Promise<FormData> {
  const bytes = await readBodyLimited(request, limitBytes);
  const type = request.headers.get("content-type") ?? "";
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new BodyError("the body is not a form: send application/x-www-form-urlencoded or multipart/form-data", 415);
  }
}
