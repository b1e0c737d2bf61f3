import { z } from "zod";
import diagnosticsChannel from "node:diagnostics_channel";
import { Client, errors as undiciErrors, type Dispatcher } from "undici";
import { durationMs, formatSizeBytes, sizeBytes } from "../config/units";
import { ConnectPhaseError, handOverSocket, openTimedConnection, type ConnectPhase, type ConnectTimings, type TimedConnection } from "./connector";
import { BodyReadError, contentCoding, HTTP_ACCEPT_ENCODING, readCappedBody, type BodyProgress } from "./http-body";
import { evaluateJsonAssertion, JsonAssertionSyntaxError, parseJsonAssertion, previewJson, type JsonAssertion } from "./json-path";
import { compilePattern, patternProblem, regexTimeoutMessage, testWithTimeout } from "./safe-regex";
import { codeInWords, elapsedUs, type AssertionResult, type CheckResult, type CheckRunOptions, type ErrorClass, type PhaseTimings } from "./types";

export const HTTP_DEFAULT_MAX_BODY_BYTES = 1_048_576;
export const HTTP_DEFAULT_MAX_REDIRECTS = 5;
const DAY_MS = 86_400_000;
export const HTTP_DEFAULT_TLS_EXPIRY_WARNING_MS = 14 * DAY_MS;
const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
/** How much of a response header value an assertion result shows. */
const HEADER_VALUE_MAX_CHARS = 200;
const JSON_ERROR_MAX_CHARS = 160;

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

const ENV_VAR_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The name of an environment variable on the probe that holds a secret (never the secret). */
const envVarName = z
  .string({ error: "expected the name of an environment variable on the probe, like API_TOKEN" })
  .refine((name) => ENV_VAR_NAME.test(name), {
    error: (iss) => `expected the name of an environment variable (letters, digits and _), like API_TOKEN, got ${JSON.stringify(iss.input)}`,
  });

const SECRET_FIELDS_HINT: Record<string, string> = {
  password: "passwordEnv",
  token: "tokenEnv",
};

/**
 * An object that rejects unknown keys, pointing a plain-text secret (`password:`, `token:`) to
 * its environment-variable field.
 */
function authObject<S extends z.core.$ZodLooseShape>(shape: S) {
  const known = Object.keys(shape);
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (known.includes(key)) continue;
        const envField = SECRET_FIELDS_HINT[key];
        const message = envField
          ? `secrets are not written in the config file: put it in an environment variable on the probe and name that variable in ${envField}`
          : `unknown field; expected ${known.join(", ")}`;
        ctx.addIssue({ code: "custom", path: [key], message });
      }
    },
    // Also when a field failed: `token: …` next to a missing tokenEnv must get its hint.
    { when: (payload) => typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value) },
  );
}

const authSchema = authObject({
  /** HTTP Basic authentication; the password is read from an environment variable on the probe. */
  basic: authObject({
    username: z
      .string({ error: "expected a user name" })
      .min(1, { error: "must not be empty" })
      .refine((name) => !name.includes(":"), { error: 'must not contain ":" (HTTP Basic cannot carry it)' }),
    passwordEnv: envVarName,
  }).optional(),
  /** `Authorization: Bearer <token>`; the token is read from an environment variable on the probe. */
  bearer: authObject({ tokenEnv: envVarName }).optional(),
}).refine((auth) => (auth.basic ? 1 : 0) + (auth.bearer ? 1 : 0) === 1, {
  error: "expected exactly one of basic: { username, passwordEnv } or bearer: { tokenEnv }",
});

/** Response header assertions: names case-insensitive (stored lowercase), values must contain the text. */
const expectHeadersSchema = z.record(z.string(), z.string().min(1, { error: "must not be empty" })).transform((headers, ctx) => {
  const lowered: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const key = name.toLowerCase();
    if (key in lowered) {
      ctx.addIssue({ code: "custom", path: [name], message: `header ${key} is listed twice (header names are case-insensitive)` });
      return z.NEVER;
    }
    lowered[key] = value;
  }
  return lowered;
});

/** A JSON assertion, checked for syntax here; stored as written and parsed once per run config. */
const jsonAssertionSchema = z.string({ error: 'expected an assertion like "$.status == \"ok\""' }).superRefine((text, ctx) => {
  try {
    parseJsonAssertion(text);
  } catch (err) {
    if (!(err instanceof JsonAssertionSyntaxError)) throw err;
    ctx.addIssue({ code: "custom", message: `invalid JSON assertion: ${err.message}` });
  }
});

/**
 * The settings of an HTTP(S) monitor as written in status.config.yaml (next to the common
 * monitor fields). The output is the normalized form stored in monitors.check_config.
 * Checks are field by field: the config file spreads this shape into the monitor object, so an
 * object-level refinement here would never run.
 */
export const httpCheckConfigSchema = z.object({
  /** The URL to check: http or https only, without credentials (see `auth`). */
  url: z.string({ error: "expected a URL like https://example.com/health" }).superRefine((u, ctx) => {
    let parsed: URL;
    try {
      parsed = new URL(u);
    } catch {
      ctx.addIssue({ code: "custom", message: "expected an http:// or https:// URL" });
      return;
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "expected an http:// or https:// URL" });
    } else if (parsed.username || parsed.password) {
      ctx.addIssue({
        code: "custom",
        message: "must not contain credentials (user:password@); use auth: { basic: { username, passwordEnv } } so that the password stays out of the file",
      });
    }
  }),
  method: z.enum(HTTP_METHODS).default("GET"),
  /** Request headers sent as given (connection headers excepted). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Request body sent as is (content-length is set from it); set content-type in `headers`. */
  body: z.string().optional(),
  /** Authorization from a secret in the probe's environment: { basic: { username, passwordEnv } } or { bearer: { tokenEnv } }. */
  auth: authSchema.optional(),
  /** Expected status codes or ranges; anything else is down. */
  expectedStatus: z.array(statusRange).min(1).default([[200, 299]]),
  /** The body must contain this text, or the check is down. */
  bodyContains: z.string().min(1).optional(),
  /** The body must not contain this text, or the check is down. */
  bodyNotContains: z.string().min(1).optional(),
  /** The body must match this JavaScript regular expression (no flags; each match is time-capped), or the check is down. */
  bodyRegex: z.string({ error: "expected a regular expression" }).superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }).optional(),
  /** Assertions on the JSON body, like '$.status == "ok"' or "$.items.length > 0"; each failing one makes the check down. */
  json: z.array(jsonAssertionSchema, { error: "expected a list of assertions like '$.status == \"ok\"'" }).min(1).optional(),
  /** Response headers that must contain the given text (names and values compared case-insensitively), or the check is down. */
  expectHeaders: expectHeadersSchema.optional(),
  /** Slower than this (total time) is degraded, not down. Output in ms. */
  maxLatency: durationMs({ min: 1 }).optional(),
  /** Stop reading the body after this many bytes (the check is down: body over the cap); decoded bytes when a body assertion reads a compressed body. */
  maxBodySize: sizeBytes({ min: 1, max: 64 * 1_048_576 }).default(HTTP_DEFAULT_MAX_BODY_BYTES),
  /** Follow at most this many redirects; 0 means report the redirect status as is. */
  maxRedirects: z.number().int().min(0).max(20).default(HTTP_DEFAULT_MAX_REDIRECTS),
  /** Accept self-signed or wrong-host certificates (the check then reports TLS as not verified); an expired one is down regardless. */
  ignoreTlsErrors: z.boolean().default(false),
  /** A certificate that expires sooner than this is degraded; "0d" turns the warning off. Output in ms. */
  tlsExpiryWarning: durationMs({ min: 0, max: 365 * DAY_MS }).default(HTTP_DEFAULT_TLS_EXPIRY_WARNING_MS),
});

export type HttpCheckConfig = z.output<typeof httpCheckConfigSchema>;

// ---------------------------------------------------------------------------------------------
// Running the check
// ---------------------------------------------------------------------------------------------

export const HTTP_DEFAULT_USER_AGENT = "status-monitor/0.1";
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers we must not forward to another origin on a redirect. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization", "host"];
/** Each check owns its one connection; callers cannot ask for keep-alive. content-length comes from `body`. */
const IGNORED_REQUEST_HEADERS = new Set(["connection", "keep-alive", "content-length", "transfer-encoding"]);
/** Request headers that describe the body, dropped with it when a redirect turns the method into GET. */
const BODY_HEADERS = ["content-type", "content-encoding", "content-language", "content-location"];

/** `timeoutMs` covers the whole check: DNS, connect, TLS, headers and body of every hop. */
export type HttpCheckOptions = CheckRunOptions;

export interface HttpCheckResult extends CheckResult {
  /** Redirects followed before the judged response. */
  redirects: number;
  /** The URL whose response was judged (or where the check stopped). */
  finalUrl: string;
  /** Whether the certificate verified; false only when ignoreTlsErrors let a bad one through. */
  tlsVerified?: boolean;
}

type CheckPhase = ConnectPhase | "headers" | "body";

/** A failure with its class and a message in words: the target's doing, or (`internal`) the probe's setup. */
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

/**
 * What a config needs at run time that can be worked out once: compiled regex, parsed JSON
 * assertions, the encoded body. Cached per config object (never mutated once parsed), which the
 * probe keeps between runs.
 */
interface PreparedHttpConfig {
  expectedStatusText: string;
  requestBody?: Buffer;
  bodyRegex?: RegExp;
  json?: JsonAssertion[];
  /** [lowercase name, expected text, expected text lowercased] */
  expectHeaders?: [string, string, string][];
  /** Whether any assertion reads the body (otherwise it is counted and dropped). */
  keepBody: boolean;
  /** 0 when the certificate expiry warning is off. */
  tlsExpiryWarningMs: number;
  tlsExpiryExpected: string;
  /** The last Authorization header built, and the secret it was built from. */
  authorization?: { secret: string; header: string };
}

const preparedConfigs = new WeakMap<HttpCheckConfig, PreparedHttpConfig>();

function prepare(config: HttpCheckConfig): PreparedHttpConfig {
  let prepared = preparedConfigs.get(config);
  if (prepared) return prepared;
  // Stored configs from before the field existed have no value: the default applies.
  const tlsExpiryWarningMs = config.tlsExpiryWarning ?? HTTP_DEFAULT_TLS_EXPIRY_WARNING_MS;
  prepared = {
    tlsExpiryWarningMs,
    tlsExpiryExpected: `expires in ≥ ${plural(Math.round((tlsExpiryWarningMs / DAY_MS) * 100) / 100, "day")}`,
    expectedStatusText: formatStatusRanges(config.expectedStatus),
    requestBody: config.body !== undefined && config.body.length > 0 ? Buffer.from(config.body, "utf8") : undefined,
    bodyRegex: config.bodyRegex !== undefined ? compilePattern(config.bodyRegex) : undefined,
    json: config.json?.map(parseJsonAssertion),
    expectHeaders: config.expectHeaders && Object.entries(config.expectHeaders).map(([name, text]) => [name.toLowerCase(), text, text.toLowerCase()]),
    keepBody: config.bodyContains !== undefined || config.bodyNotContains !== undefined || config.bodyRegex !== undefined || config.json !== undefined,
  };
  preparedConfigs.set(config, prepared);
  return prepared;
}

/** Control characters would split or end the header line: refused rather than sent. */
const HEADER_UNSAFE = /[\0-\x08\x0a-\x1f\x7f]/;

/**
 * The Authorization header from the secret named in `auth`, read from the environment at run
 * time (so a rotated secret is picked up without a config change). Throws an `internal` failure
 * naming the variable, never its value, when the secret is missing or unusable.
 */
function authorizationHeader(config: HttpCheckConfig, prepared: PreparedHttpConfig): string | undefined {
  const auth = config.auth;
  if (!auth) return undefined;
  const [variable, role] = auth.basic ? [auth.basic.passwordEnv, "basic auth password"] : [auth.bearer!.tokenEnv, "bearer token"];
  const secret = process.env[variable];
  if (secret === undefined || secret === "") {
    throw new CheckFailure("internal", `environment variable ${variable} (${role} for this monitor) is ${secret === undefined ? "not set" : "empty"} on the probe`);
  }
  if (prepared.authorization?.secret === secret) return prepared.authorization.header;
  if (HEADER_UNSAFE.test(secret) || (auth.bearer && /\s/.test(secret))) {
    throw new CheckFailure("internal", `environment variable ${variable} (${role} for this monitor) contains a line break, space or control character that cannot go into an HTTP header`);
  }
  const header = auth.basic ? `Basic ${Buffer.from(`${auth.basic.username}:${secret}`, "utf8").toString("base64")}` : `Bearer ${secret}`;
  prepared.authorization = { secret, header };
  return header;
}

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
  let prepared: PreparedHttpConfig;
  try {
    prepared = prepare(config);
  } catch (err) {
    // The schema validated these fields, so a stored config that does not compile is our bug.
    return { status: "down", startedAt, totalUs: elapsedUs(checkStart), phases: {}, assertions: [], errorClass: "internal", message: `invalid check config: ${(err as Error).message}`, redirects: 0, finalUrl: config.url };
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
    const body = await fetchFollowingRedirects(config, prepared, opts, state, controller.signal);
    const totalUs = elapsedUs(checkStart);
    judgeResponse(config, prepared, state, body, totalUs);
    let failedDown = false;
    let failedDegraded = false;
    for (const a of state.assertions) {
      if (!a.ok) {
        if (a.severity === "down") failedDown = true;
        else failedDegraded = true;
      }
    }
    if (failedDown) {
      return finish({ totalUs, status: "down", errorClass: "assertion", message: failureSentences(state.assertions, "down") });
    }
    if (failedDegraded) {
      return finish({ totalUs, status: "degraded", message: failureSentences(state.assertions, "degraded") });
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
async function fetchFollowingRedirects(
  config: HttpCheckConfig,
  prepared: PreparedHttpConfig,
  opts: HttpCheckOptions,
  state: CheckState,
  signal: AbortSignal,
): Promise<Buffer | undefined> {
  let method: string = config.method;
  let body = prepared.requestBody;
  const headers = requestHeaders(config, prepared, opts);
  const visited = new Set<string>();

  for (;;) {
    const url = state.url;
    visited.add(url.href);
    const hop = await startHop(url, method, headers, body, config, opts, state, signal);
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
        // Credentials in a Location are never sent (we do not use URL credentials) nor recorded.
        next.username = "";
        next.password = "";
        if (visited.has(next.href)) {
          throw new CheckFailure("protocol", `redirect loop: ${url.href} redirects to ${next.href}, which was already visited`);
        }
        if (state.redirects >= config.maxRedirects) {
          throw new CheckFailure("protocol", `more than ${config.maxRedirects} redirects (stopped at ${next.href})`);
        }
        if ((statusCode === 303 && method !== "HEAD") || ((statusCode === 301 || statusCode === 302) && method === "POST")) {
          method = "GET";
          if (body) {
            body = undefined;
            for (const name of BODY_HEADERS) delete headers[name];
          }
        }
        if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
        // Let the (usually empty) redirect body end: undici keeps its abort listener on our
        // signal until the body closes, and a chain of 20 hops would pile up 20 of them.
        hop.response.body.resume();
        state.redirects += 1;
        state.url = next;
        continue;
      }

      state.assertions.push(statusAssertion(config, prepared, statusCode));
      if (prepared.expectHeaders) headerAssertions(prepared.expectHeaders, responseHeaders, state.assertions);
      const responseBody = await readBody(hop.response, config, prepared, state);
      // The whole body was read: close quietly (destroying would build an error object per check).
      hop.close();
      return responseBody;
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
  body: Buffer | undefined,
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
      { protocol: url.protocol as "http:" | "https:", hostname, port, ignoreTlsErrors: config.ignoreTlsErrors, policy: opts.policy },
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
      body,
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
 * Reads the body up to the cap, timing it. A body assertion needs the body as the server meant
 * it, so then it is decoded (gzip, deflate, br) and the cap applies to the decoded bytes; without
 * one, the wire bytes are counted and dropped (decoding what nobody reads would cost every check).
 */
async function readBody(response: Dispatcher.ResponseData, config: HttpCheckConfig, prepared: PreparedHttpConfig, state: CheckState): Promise<Buffer | undefined> {
  const cap = config.maxBodySize;
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) {
    response.body.destroy();
    throw new CheckFailure("protocol", `body larger than ${formatSizeBytes(cap)} (content-length is ${formatSizeBytes(declared)}; raise maxBodySize)`);
  }

  state.phase = "body";
  const keep = prepared.keepBody;
  const progress: BodyProgress = { rawBytes: 0, decodedBytes: 0 };
  const bodyStart = performance.now();
  try {
    const coding = keep ? contentCoding(response.headers["content-encoding"]) : undefined;
    return await readCappedBody(response.body, { coding, capBytes: cap, keep }, progress);
  } catch (err) {
    if (err instanceof BodyReadError) throw new CheckFailure("protocol", err.message);
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { bytesReceived: progress.rawBytes });
  } finally {
    // Transfer is the wire's time: until the last byte arrived (decoding finishes just after).
    addUs(state.phases, "transferUs", elapsedUs(bodyStart, progress.rawEndedAt ?? performance.now()));
  }
}

function requestHeaders(config: HttpCheckConfig, prepared: PreparedHttpConfig, opts: HttpCheckOptions): Record<string, string> {
  // Asked for because servers compress anyway, and every coding asked for is decoded (http-body.ts).
  const headers: Record<string, string> = { "user-agent": opts.userAgent ?? HTTP_DEFAULT_USER_AGENT, "accept-encoding": HTTP_ACCEPT_ENCODING };
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    const key = name.toLowerCase();
    if (!IGNORED_REQUEST_HEADERS.has(key)) headers[key] = value;
  }
  const authorization = authorizationHeader(config, prepared);
  if (authorization !== undefined) headers.authorization = authorization;
  return headers;
}

function statusAssertion(config: HttpCheckConfig, prepared: PreparedHttpConfig, statusCode: number): AssertionResult {
  const ok = config.expectedStatus.some(([lo, hi]) => statusCode >= lo && statusCode <= hi);
  return { name: "status", ok, expected: prepared.expectedStatusText, actual: String(statusCode), severity: "down" };
}

function capText(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** One assertion per expected header: present, and its value contains the text (case-insensitive). */
function headerAssertions(expected: [string, string, string][], headers: Dispatcher.ResponseData["headers"], out: AssertionResult[]) {
  for (const [name, text, textLower] of expected) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    out.push({
      name: `header ${name}`,
      ok: value !== undefined && value.toLowerCase().includes(textLower),
      expected: `contains ${JSON.stringify(text)}`,
      actual: value === undefined ? "absent" : JSON.stringify(capText(value, HEADER_VALUE_MAX_CHARS)),
      severity: "down",
    });
  }
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** Adds the body, certificate and latency assertions (status and headers are added when the headers arrive). */
function judgeResponse(config: HttpCheckConfig, prepared: PreparedHttpConfig, state: CheckState, body: Buffer | undefined, totalUs: number) {
  const text = body?.toString("utf8") ?? "";
  if (config.bodyContains !== undefined) {
    const found = text.includes(config.bodyContains);
    state.assertions.push({ name: "bodyContains", ok: found, expected: `contains ${JSON.stringify(config.bodyContains)}`, actual: found ? "found" : "not found", severity: "down" });
  }
  if (config.bodyNotContains !== undefined) {
    const found = text.includes(config.bodyNotContains);
    state.assertions.push({ name: "bodyNotContains", ok: !found, expected: `does not contain ${JSON.stringify(config.bodyNotContains)}`, actual: found ? "found" : "not found", severity: "down" });
  }
  if (prepared.bodyRegex) {
    const outcome = testWithTimeout(prepared.bodyRegex, text);
    state.assertions.push({
      name: "bodyRegex",
      ok: outcome === "matched",
      expected: `matches /${config.bodyRegex}/`,
      actual: outcome === "timed out" ? regexTimeoutMessage() : outcome === "matched" ? "matched" : "no match",
      severity: "down",
    });
  }
  if (prepared.json) {
    let document: unknown;
    let notJson: string | undefined;
    try {
      document = JSON.parse(text);
    } catch (err) {
      notJson = `body is not JSON: ${capText((err as Error).message, JSON_ERROR_MAX_CHARS)}`;
    }
    for (const assertion of prepared.json) {
      const { ok, actual } = notJson !== undefined ? { ok: false, actual: notJson } : evaluateJsonAssertion(assertion, document);
      state.assertions.push({ name: "json", ok, expected: assertion.source, actual, severity: "down" });
    }
  }
  const warningMs = prepared.tlsExpiryWarningMs;
  if (state.tlsExpiresAt !== undefined && warningMs > 0) {
    // An expired certificate never gets here: the connector refuses it.
    const leftMs = state.tlsExpiresAt * 1000 - Date.now();
    const days = leftMs < DAY_MS ? 0 : Math.round(leftMs / DAY_MS);
    state.assertions.push({
      name: "tlsExpiry",
      ok: leftMs >= warningMs,
      expected: prepared.tlsExpiryExpected,
      actual: `expires in ${days === 0 ? "less than a day" : plural(days, "day")}, on ${new Date(state.tlsExpiresAt * 1000).toISOString().slice(0, 10)}`,
      severity: "degraded",
    });
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

/** The failed assertions of one severity as one message; identical sentences said once. */
function failureSentences(assertions: AssertionResult[], severity: AssertionResult["severity"]): string {
  const sentences = new Set<string>();
  for (const a of assertions) if (!a.ok && a.severity === severity) sentences.add(assertionSentence(a));
  return [...sentences].join("; ");
}

function assertionSentence(a: AssertionResult): string {
  if (a.name.startsWith("header ")) return `${a.name} is ${a.actual}, expected it to ${a.expected.replace(/^contains /, "contain ")}`;
  switch (a.name) {
    case "status":
      return `status ${a.actual}, expected ${a.expected}`;
    case "bodyContains":
      return `body does not contain ${a.expected.replace(/^contains /, "")}`;
    case "bodyNotContains":
      return `body contains ${a.expected.replace(/^does not contain /, "")}`;
    case "maxLatency":
      return `slow: ${a.actual}, limit ${a.expected.replace(/^≤ /, "")}`;
    case "bodyRegex":
      return a.actual === "no match" ? `body does not match ${a.expected.replace(/^matches /, "")}` : a.actual;
    case "json":
      return a.actual.startsWith("body is not JSON") ? a.actual : `${a.expected}: got ${a.actual}`;
    case "tlsExpiry":
      return `certificate ${a.actual}`;
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
  if (err instanceof ConnectPhaseError) {
    // A refusal on a redirect hop names the hop: the monitor's own URL was allowed.
    const hop = err.errorClass === "blocked" && state.redirects > 0 ? ` (reached by redirect ${state.redirects}: ${state.url.href})` : "";
    return { errorClass: err.errorClass, message: `${err.message}${hop}` };
  }

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
    if (code === "UND_ERR_HEADERS_OVERFLOW") return { errorClass: "protocol", message: "response headers too large (UND_ERR_HEADERS_OVERFLOW)" };
    if (code === "ECONNRESET" || code === "EPIPE") return { errorClass: "connect", message: `${codeInWords(code)} by ${state.url.host} before a response` };
    if (code === "UND_ERR_SOCKET") return { errorClass: "connect", message: `connection closed by ${state.url.host} before a response (${text})` };
  }
  if (state.phase === "body") {
    const after = `after ${plural((err as { bytesReceived?: number }).bytesReceived ?? 0, "byte")}`;
    if (code === "UND_ERR_RES_CONTENT_LENGTH_MISMATCH") return { errorClass: "protocol", message: `body ended before its content-length (${after})` };
    if (code === "ECONNRESET") return { errorClass: "protocol", message: `connection reset (ECONNRESET) while reading the body, ${after}` };
    if (code === "UND_ERR_SOCKET") return { errorClass: "protocol", message: `connection closed while reading the body, ${after} (${text})` };
    if (code) return { errorClass: "protocol", message: `reading the body failed ${after}: ${codeInWords(code, text)}` };
  }
  // System error codes (ECONNRESET, ETIMEDOUT, …) are the network's doing, so the target's side.
  if (code && /^E[A-Z]+$/.test(code)) {
    return { errorClass: state.phase === "headers" ? "connect" : "protocol", message: `${codeInWords(code, "connection failed")} ${phaseInWords(state)}` };
  }
  return { errorClass: "internal", message: `internal error ${phaseInWords(state)}: ${text}` };
}
