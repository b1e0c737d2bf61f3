/** One hop of an HTTP check: a fresh connection, the request, the response headers, the capped body. */
import diagnosticsChannel from "node:diagnostics_channel";
import { Client, type Dispatcher } from "undici";
import { formatSizeBytes } from "../../config/units";
import { ConnectPhaseError, handOverSocket, openTimedConnection, type ConnectTimings, type TimedConnection } from "../connector";
import { CheckFailure, noop } from "../frame";
import { elapsedUs, type PhaseTimings } from "../types";
import { BodyReadError, contentCoding, readCappedBody, type BodyProgress } from "./body";
import type { HttpCheckConfig, PreparedHttpConfig } from "./config";
import type { CheckState, HttpCheckOptions } from "./state";

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


export interface Hop {
  response: Dispatcher.ResponseData;
  /** After the body was read to its end: let undici finish with the connection. */
  close: () => void;
  /** Otherwise: tear the connection down now. Does nothing after close(). */
  destroy: () => void;
}


/** Opens a fresh connection to `url`, sends the request and waits for the response headers. */

export async function startHop(
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
export async function readBody(response: Dispatcher.ResponseData, config: HttpCheckConfig, prepared: PreparedHttpConfig, state: CheckState): Promise<Buffer | undefined> {
  const cap = config.maxBodySize;
  const declared = Number(response.headers["content-length"]);
  if (Number.isFinite(declared) && declared > cap) {
    response.body.destroy();
    throw new CheckFailure("protocol", `body larger than ${formatSizeBytes(cap)} (content-length is ${formatSizeBytes(declared)}; raise maxBodySize)`);
  }

  state.phase = "body";
  const keep = prepared.keepBody;
  const progress: BodyProgress = { rawBytes: 0, decodedBytes: 0, rawPrefix: [] };
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
    // Kept as chunks: they are joined only should the check fail (see responseEvidence).
    state.bodyPrefix = progress.rawPrefix;
  }
}

