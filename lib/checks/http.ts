import { z } from "zod";
import diagnosticsChannel from "node:diagnostics_channel";
import { Client, errors as undiciErrors, type Dispatcher } from "undici";
import { durationMs, sizeBytes } from "../config/units";
import { ConnectPhaseError, handOverSocket, openTimedConnection, type ConnectPhase, type ConnectTimings, type TimedConnection } from "./connector";
import { elapsedUs, type AssertionResult, type CheckResult, type ErrorClass, type PhaseTimings } from "./types";

export const HTTP_DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const HTTP_DEFAULT_MAX_REDIRECTS = 5;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;

/** "200", 200 or "200-299" → an inclusive range. */
const statusRange = z.union([z.number().int(), z.string()]).transform((value, ctx): [number, number] => {
  const text = String(value).trim();
  const m = /^(\d{3})(?:\s*-\s*(\d{3}))?$/.exec(text);
  const lo = m ? Number(m[1]) : NaN;
  const hi = m ? Number(m[2] ?? m[1]) : NaN;
  if (!m || lo < 100 || hi > 599 || lo > hi) {
    ctx.addIssue({ code: "custom", message: `expected a status code or range like 200 or "200-299", got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return [lo, hi];
});

/**
 * The settings of an HTTP(S) monitor as written in status.config.yaml (next to the common
 * monitor fields). The output is the normalized form stored in monitors.check_config.
 */
export const httpCheckConfigSchema = z.object({
  /** The URL to check: http or https only. */
  url: z
    .string({ error: "expected a URL like https://example.com/health" })
    .refine((u) => {
      try {
        return ["http:", "https:"].includes(new URL(u).protocol);
      } catch {
        return false;
      }
    }, "expected an http:// or https:// URL"),
  method: z.enum(HTTP_METHODS).default("GET"),
  headers: z.record(z.string(), z.string()).default({}),
  /** Expected status codes or ranges; anything else is down. */
  expectedStatus: z.array(statusRange).min(1).default([[200, 299]]),
  /** The body must contain this text, or the check is down. */
  bodyContains: z.string().min(1).optional(),
  /** The body must not contain this text, or the check is down. */
  bodyNotContains: z.string().min(1).optional(),
  /** Slower than this (total time) is degraded, not down. Output in ms. */
  maxLatency: durationMs({ min: 1 }).optional(),
  /** Stop reading the body after this many bytes (the check is down: body over the cap). */
  maxBodySize: sizeBytes({ min: 1, max: 64 * 1_048_576 }).default(HTTP_DEFAULT_MAX_BODY_BYTES),
  /** Follow at most this many redirects; 0 means report the redirect status as is. */
  maxRedirects: z.number().int().min(0).max(20).default(HTTP_DEFAULT_MAX_REDIRECTS),
  /** Accept self-signed, expired or wrong-host certificates (the check then reports TLS as not verified). */
  ignoreTlsErrors: z.boolean().default(false),
});

export type HttpCheckConfig = z.output<typeof httpCheckConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Running the check
// ---------------------------------------------------------------------------------------------

export const HTTP_DEFAULT_USER_AGENT = "status-monitor/0.1";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers we must not forward to another origin on a redirect. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization", "host"];
/** Each check owns its one connection; callers cannot ask for keep-alive. */
const CONNECTION_HEADERS = new Set(["connection", "keep-alive"]);

export interface HttpCheckOptions {
  /** Deadline for the whole check: DNS, connect, TLS, headers and body of every hop. */
  timeoutMs: number;
  /** Cancels the check (e.g. on shutdown); the result is then `internal`, not the target's fault. */
  signal?: AbortSignal;
  userAgent?: string;
}

export interface HttpCheckResult extends CheckResult {
  /** Redirects followed before the judged response. */
  redirects: number;
  /** The URL whose response was judged (or where the check stopped). */
  finalUrl: string;
  /** Whether the certificate verified; false only when ignoreTlsErrors let a bad one through. */
  tlsVerified?: boolean;
}

type CheckPhase = ConnectPhase | "headers" | "body";

/** A target-caused failure with its class and a message in words. */
class CheckFailure extends Error {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
  ) {
    super(message);
  }
}

class DeadlineExceeded extends Error {}
class CheckCancelled extends Error {}

/** Everything learned so far; a failure result is built from whatever got this far. */
interface CheckState {
  url: URL;
  phase: CheckPhase;
  phases: PhaseTimings;
  redirects: number;
  statusCode?: number;
  tlsExpiresAt?: number;
  tlsVerified?: boolean;
  assertions: AssertionResult[];
  /** Destroys the current hop's connection; called on abort so nothing outlives the deadline. */
  destroyHop?: () => void;
}

function noop() {}

/** The reason given to undici when a check is done with its connection (see Hop.close). */
const CHECK_FINISHED = Object.freeze(Object.assign(new Error("check finished"), { code: "CHECK_FINISHED" }));
void CHECK_FINISHED.stack;

/**
 * First byte is timed from the moment undici writes the request on our socket, not from the
 * request() call: that call also pays for undici setting up its parser on the connection.
 */
const onRequestWritten = new WeakMap<object, () => void>();
diagnosticsChannel.subscribe("undici:client:sendHeaders", (message) => {
  const socket = (message as { socket?: object }).socket;
  if (socket) onRequestWritten.get(socket)?.();
});

function addUs(phases: PhaseTimings, key: keyof PhaseTimings, us: number | undefined) {
  if (us !== undefined) phases[key] = (phases[key] ?? 0) + us;
}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function formatStatusRanges(ranges: [number, number][]): string {
  return ranges.map(([lo, hi]) => (lo === hi ? String(lo) : `${lo}-${hi}`)).join(", ");
}

/**
 * One HTTP(S) check: a fresh connection per hop (no keep-alive, no TLS session reuse), one
 * deadline over everything, a body cap, redirects, and a phase split in integer microseconds.
 * Phase times of a redirect chain are summed over its hops, so they add up to about totalUs.
 * Never throws: whatever the target does becomes a result with an error class and a message.
 */
export async function runHttpCheck(config: HttpCheckConfig, opts: HttpCheckOptions): Promise<HttpCheckResult> {
  const startedAt = Date.now();
  const checkStart = performance.now();
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    // The schema only lets valid URLs through, so this is a bug on our side, not the target's.
    return { status: "down", startedAt, totalUs: elapsedUs(checkStart), phases: {}, assertions: [], errorClass: "internal", message: `invalid URL ${JSON.stringify(config.url)}`, redirects: 0, finalUrl: config.url };
  }
  const state: CheckState = { url, phase: "dns", phases: {}, redirects: 0, assertions: [] };

  const controller = new AbortController();
  const onDeadline = () => controller.abort(new DeadlineExceeded());
  const onCancel = () => controller.abort(new CheckCancelled());
  const timer = setTimeout(onDeadline, opts.timeoutMs);
  if (opts.signal?.aborted) onCancel();
  else opts.signal?.addEventListener("abort", onCancel, { once: true });
  // Belt and braces: whatever a library does with the signal, the socket goes at the deadline.
  controller.signal.addEventListener("abort", () => state.destroyHop?.(), { once: true });

  const finish = (fields: Partial<HttpCheckResult> & Pick<HttpCheckResult, "status">): HttpCheckResult => ({
    startedAt,
    totalUs: elapsedUs(checkStart),
    phases: state.phases,
    statusCode: state.statusCode,
    assertions: state.assertions,
    tlsExpiresAt: state.tlsExpiresAt,
    tlsVerified: state.tlsVerified,
    httpVersion: state.statusCode !== undefined ? "1.1" : undefined,
    redirects: state.redirects,
    finalUrl: state.url.href,
    ...fields,
  });

  try {
    const body = await fetchFollowingRedirects(config, opts, state, controller.signal);
    const totalUs = elapsedUs(checkStart);
    judgeResponse(config, state, body, totalUs);
    const failedDown = state.assertions.filter((a) => !a.ok && a.severity === "down");
    const failedDegraded = state.assertions.filter((a) => !a.ok && a.severity === "degraded");
    if (failedDown.length > 0) {
      return finish({ totalUs, status: "down", errorClass: "assertion", message: failedDown.map(assertionSentence).join("; ") });
    }
    if (failedDegraded.length > 0) {
      return finish({ totalUs, status: "degraded", message: failedDegraded.map(assertionSentence).join("; ") });
    }
    return finish({ totalUs, status: "up" });
  } catch (err) {
    const signalReason = controller.signal.aborted ? controller.signal.reason : undefined;
    if (signalReason instanceof DeadlineExceeded) {
      return finish({ status: "down", errorClass: "timeout", message: `timed out after ${opts.timeoutMs} ms ${phaseInWords(state)}` });
    }
    if (signalReason instanceof CheckCancelled) {
      return finish({ status: "down", errorClass: "internal", message: `check cancelled before it finished (it was ${phaseInWords(state)})` });
    }
    const failure = classifyError(err, state);
    return finish({ status: "down", errorClass: failure.errorClass, message: failure.message });
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener("abort", onCancel);
    state.destroyHop?.();
  }
}

/** Runs hops until a response is not a redirect to follow; returns that response's body if kept. */
async function fetchFollowingRedirects(config: HttpCheckConfig, opts: HttpCheckOptions, state: CheckState, signal: AbortSignal): Promise<Buffer | undefined> {
  let method: string = config.method;
  const headers = requestHeaders(config, opts);
  const visited = new Set<string>();

  for (;;) {
    const url = state.url;
    visited.add(url.href);
    const hop = await startHop(url, method, headers, config, opts, state, signal);
    try {
      const { statusCode, headers: responseHeaders } = hop.response;
      const rawLocation = responseHeaders.location;
      const location = Array.isArray(rawLocation) ? rawLocation[0] : rawLocation;
      state.statusCode = statusCode;

      if (config.maxRedirects > 0 && REDIRECT_STATUSES.has(statusCode) && location) {
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new CheckFailure("protocol", `redirect to an invalid URL: ${JSON.stringify(location)}`);
        }
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new CheckFailure("protocol", `redirect to unsupported scheme ${next.protocol}`);
        }
        if (visited.has(next.href)) {
          throw new CheckFailure("protocol", `redirect loop: ${url.href} redirects to ${next.href}, which was already visited`);
        }
        if (state.redirects >= config.maxRedirects) {
          throw new CheckFailure("protocol", `more than ${config.maxRedirects} redirects (stopped at ${next.href})`);
        }
        if ((statusCode === 303 && method !== "HEAD") || ((statusCode === 301 || statusCode === 302) && method === "POST")) {
          method = "GET";
        }
        if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
        state.redirects += 1;
        state.url = next;
        continue;
      }

      state.assertions.push(statusAssertion(config, statusCode));
      const body = await readBody(hop.response, config, state);
      // The whole body was read: close quietly (destroying would build an error object per check).
      hop.close();
      return body;
    } finally {
      hop.destroy();
    }
  }
}

interface Hop {
  response: Dispatcher.ResponseData;
  /** After the body was read to its end: let undici finish with the connection. */
  close: () => void;
  /** Otherwise: tear the connection down now. Does nothing after close(). */
  destroy: () => void;
}

/** Opens a fresh connection to `url`, sends the request and waits for the response headers. */
async function startHop(
  url: URL,
  method: string,
  headers: Record<string, string>,
  config: HttpCheckConfig,
  opts: HttpCheckOptions,
  state: CheckState,
  signal: AbortSignal,
): Promise<Hop> {
  const hostname = url.hostname.startsWith("[") ? url.hostname.slice(1, -1) : url.hostname;
  const port = url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
  state.phase = "dns";
  let connection: TimedConnection;
  try {
    connection = await openTimedConnection(
      { protocol: url.protocol as "http:" | "https:", hostname, port, ignoreTlsErrors: config.ignoreTlsErrors },
      { signal, onPhase: (phase) => (state.phase = phase) },
    );
  } catch (err) {
    if (err instanceof ConnectPhaseError) recordConnectTimings(state, err.timings);
    throw err;
  }
  recordConnectTimings(state, connection.timings);

  // undici's own timeouts only as a backstop behind our deadline.
  const backstopMs = opts.timeoutMs + 1_000;
  const client = new Client(url.origin, {
    connect: handOverSocket(connection.socket),
    pipelining: 1,
    headersTimeout: backstopMs,
    bodyTimeout: backstopMs,
    // The connection is never reused, so a server's short Keep-Alive timeout must not make undici
    // tear it down with a fresh "reset" error (and its formatted stack) after every response.
    keepAliveTimeoutThreshold: 1,
  });
  let done = false;
  const destroy = () => {
    if (done) return;
    done = true;
    state.destroyHop = undefined;
    client.destroy().catch(noop);
    connection.destroy();
  };
  const close = () => {
    if (done) return;
    done = true;
    state.destroyHop = undefined;
    // One shared error object: undici and Node's streams would otherwise build (and format
    // the stack of) a fresh error for every connection closed, a large share of a check's CPU.
    client.destroy(CHECK_FINISHED, noop);
    connection.destroy();
  };
  state.destroyHop = destroy;
  if (signal.aborted) throw signal.reason;

  try {
    state.phase = "headers";
    let requestWrittenAt = performance.now();
    onRequestWritten.set(connection.socket, () => (requestWrittenAt = performance.now()));
    const response = await client.request({
      path: `${url.pathname}${url.search}`,
      method: method as Dispatcher.HttpMethod,
      headers,
      signal,
    });
    addUs(state.phases, "firstByteUs", elapsedUs(requestWrittenAt));
    // The body is destroyed with the connection when we stop early; that must not be an
    // uncaught 'error' (a for-await over the body still sees the error).
    response.body.on("error", noop);
    return { response, close, destroy };
  } catch (err) {
    destroy();
    throw err;
  }
}

function recordConnectTimings(state: CheckState, timings: Partial<ConnectTimings>) {
  addUs(state.phases, "dnsUs", timings.dnsUs);
  addUs(state.phases, "connectUs", timings.connectUs);
  addUs(state.phases, "tlsUs", timings.tlsUs);
  if (timings.tlsExpiresAt !== undefined) {
    // Over a redirect chain, the certificate that expires first is the one to worry about.
    state.tlsExpiresAt = Math.min(state.tlsExpiresAt ?? Infinity, timings.tlsExpiresAt);
  }
  if (timings.tlsVerified !== undefined) state.tlsVerified = (state.tlsVerified ?? true) && timings.tlsVerified;
}

/**
 * Reads the body up to the cap, timing it. Keeps the bytes only when a body assertion needs
 * them; otherwise they are counted and dropped.
 */
async function readBody(response: Dispatcher.ResponseData, config: HttpCheckConfig, state: CheckState): Promise<Buffer | undefined> {
  const cap = config.maxBodySize;
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) {
    response.body.destroy();
    throw new CheckFailure("protocol", `body larger than ${cap} bytes (content-length ${declared})`);
  }

  state.phase = "body";
  const keep = config.bodyContains !== undefined || config.bodyNotContains !== undefined;
  const chunks: Buffer[] = [];
  let received = 0;
  const bodyStart = performance.now();
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      received += chunk.length;
      if (received > cap) {
        // Leaving the loop destroys the stream; the caller then closes the connection.
        throw new CheckFailure("protocol", `body larger than ${cap} bytes`);
      }
      if (keep) chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof CheckFailure) throw err;
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { bytesReceived: received });
  } finally {
    addUs(state.phases, "transferUs", elapsedUs(bodyStart));
  }
  return keep ? Buffer.concat(chunks) : undefined;
}

function requestHeaders(config: HttpCheckConfig, opts: HttpCheckOptions): Record<string, string> {
  const headers: Record<string, string> = { "user-agent": opts.userAgent ?? HTTP_DEFAULT_USER_AGENT };
  for (const [name, value] of Object.entries(config.headers)) {
    const key = name.toLowerCase();
    if (!CONNECTION_HEADERS.has(key)) headers[key] = value;
  }
  return headers;
}

function statusAssertion(config: HttpCheckConfig, statusCode: number): AssertionResult {
  const ok = config.expectedStatus.some(([lo, hi]) => statusCode >= lo && statusCode <= hi);
  return { name: "status", ok, expected: formatStatusRanges(config.expectedStatus), actual: String(statusCode), severity: "down" };
}

/** Adds the body and latency assertions (the status one is added when the headers arrive). */
function judgeResponse(config: HttpCheckConfig, state: CheckState, body: Buffer | undefined, totalUs: number) {
  const text = body?.toString("utf8") ?? "";
  if (config.bodyContains !== undefined) {
    const found = text.includes(config.bodyContains);
    state.assertions.push({ name: "bodyContains", ok: found, expected: `contains ${JSON.stringify(config.bodyContains)}`, actual: found ? "found" : "not found", severity: "down" });
  }
  if (config.bodyNotContains !== undefined) {
    const found = text.includes(config.bodyNotContains);
    state.assertions.push({ name: "bodyNotContains", ok: !found, expected: `does not contain ${JSON.stringify(config.bodyNotContains)}`, actual: found ? "found" : "not found", severity: "down" });
  }
  if (config.maxLatency !== undefined) {
    state.assertions.push({
      name: "maxLatency",
      ok: totalUs <= config.maxLatency * 1_000,
      expected: `≤ ${config.maxLatency} ms`,
      actual: `${Math.round(totalUs / 1_000)} ms`,
      severity: "degraded",
    });
  }
}

function assertionSentence(a: AssertionResult): string {
  switch (a.name) {
    case "status":
      return `status ${a.actual}, expected ${a.expected}`;
    case "bodyContains":
      return `body does not contain ${a.expected.replace(/^contains /, "")}`;
    case "bodyNotContains":
      return `body contains ${a.expected.replace(/^does not contain /, "")}`;
    case "maxLatency":
      return `slow: ${a.actual}, limit ${a.expected.replace(/^≤ /, "")}`;
    default:
      return `${a.name}: ${a.actual}, expected ${a.expected}`;
  }
}

function phaseInWords(state: CheckState): string {
  const host = state.url.host;
  switch (state.phase) {
    case "dns":
      return `resolving ${state.url.hostname}`;
    case "connect":
      return `connecting to ${host}`;
    case "tls":
      return `in the TLS handshake with ${host}`;
    case "headers":
      return "waiting for the response headers";
    case "body":
      return "reading the response body";
  }
}

/** Maps an error from any phase to an error class and a sentence a person can act on. */
function classifyError(err: unknown, state: CheckState): { errorClass: ErrorClass; message: string } {
  if (err instanceof CheckFailure) return { errorClass: err.errorClass, message: err.message };
  if (err instanceof ConnectPhaseError) return { errorClass: err.phase, message: err.message };

  const code = errorCode(err);
  const text = err instanceof Error ? err.message : String(err);
  if (code === "UND_ERR_HEADERS_TIMEOUT" || code === "UND_ERR_BODY_TIMEOUT") {
    return { errorClass: "timeout", message: `timed out ${phaseInWords(state)}` };
  }
  if (err instanceof undiciErrors.HTTPParserError || code?.startsWith("HPE_")) {
    // undici says "Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)".
    const detail = /\((.*)\)$/.exec(text)?.[1] ?? text;
    return { errorClass: "protocol", message: `malformed HTTP/1.1 response ${phaseInWords(state)}: ${detail}` };
  }
  if (state.phase === "headers") {
    if (code === "UND_ERR_HEADERS_OVERFLOW") return { errorClass: "protocol", message: "response headers too large" };
    if (code === "ECONNRESET" || code === "EPIPE") return { errorClass: "connect", message: `connection reset before a response (${code})` };
    if (code === "UND_ERR_SOCKET") return { errorClass: "connect", message: `connection closed before a response (${text})` };
  }
  if (state.phase === "body") {
    const after = `after ${(err as { bytesReceived?: number }).bytesReceived ?? 0} bytes`;
    if (code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") return { errorClass: "protocol", message: `body ended before its content-length (${after})` };
    if (code === "ECONNRESET") return { errorClass: "protocol", message: `connection reset while reading the body (${after})` };
    if (code === "UND_ERR_SOCKET") return { errorClass: "protocol", message: `connection closed while reading the body (${after}: ${text})` };
    if (code) return { errorClass: "protocol", message: `reading the body failed ${after}: ${text} (${code})` };
  }
  // System error codes (ECONNRESET, ETIMEDOUT, …) are the network's doing, so the target's side.
  if (code && /^E[A-Z]+$/.test(code)) {
    return { errorClass: state.phase === "headers" ? "connect" : "protocol", message: `connection failed ${phaseInWords(state)}: ${code}` };
  }
  return { errorClass: "internal", message: `internal error ${phaseInWords(state)}: ${text}` };
}
