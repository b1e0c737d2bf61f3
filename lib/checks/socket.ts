import net from "node:net";
import { z } from "zod";
import { ConnectPhaseError, connectTcp, describeConnectFailure, describeConnectFailures, describeLookupFailure } from "./connector";
import { judgeOf, OPEN_POLICY, type TargetPolicy } from "./policy";
import { codeInWords, elapsedUs, type AssertionResult, type CheckResult, type CheckRunOptions, type ErrorClass, type PhaseTimings, type ResultStatus } from "./types";

/** How much of what a server sent goes into an assertion's `actual`. */
const SAMPLE_SHOWN_CHARS = 80;

// ---------------------------------------------------------------------------------------------
// Config fields shared by the socket-level checks (tcp, tls)
// (this module: what the tcp, tls and dns checks share)
// ---------------------------------------------------------------------------------------------

/** A host name or IP address; an IPv6 literal may be written with or without brackets. */
export const hostField = z
  .string({ error: 'expected a host name or IP address, like "db.example.com" or "2001:db8::1"' })
  .trim()
  .transform((text, ctx) => {
    const host = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
    if (net.isIP(host) !== 0) return host;
    if (/^[^:\s/]+:\d+$/.test(host)) {
      ctx.addIssue({ code: "custom", message: `expected only a host name, got ${JSON.stringify(text)}: put the port in the port field` });
      return z.NEVER;
    }
    // Letters, digits, dashes, underscores and dots: enough for every real host name, and it
    // keeps URLs ("https://…") and paths out with a message that says so.
    if (host.length === 0 || host.length > 253 || !/^[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_.])?$/.test(host)) {
      ctx.addIssue({ code: "custom", message: `expected a host name or IP address (no scheme, path or port), got ${JSON.stringify(text)}` });
      return z.NEVER;
    }
    return host;
  });

export const portField = z
  .number({ error: (iss) => `expected a port number from 1 to 65535, got ${JSON.stringify(iss.input)}` })
  .int({ error: (iss) => `expected a port number from 1 to 65535, got ${iss.input}` })
  .min(1, { error: (iss) => `expected a port number from 1 to 65535, got ${iss.input}` })
  .max(65_535, { error: (iss) => `expected a port number from 1 to 65535, got ${iss.input}` });

// ---------------------------------------------------------------------------------------------
// Building blocks shared by the socket-level checks (tcp, tls) and the dns check
// ---------------------------------------------------------------------------------------------

/** A target-caused failure with its class and a message in words. */
export class CheckFailure extends Error {
  constructor(
    readonly errorClass: ErrorClass,
    message: string,
    /** A few words for an assertion's `actual` ("refused (ECONNREFUSED)"), where one applies. */
    readonly actual?: string,
  ) {
    super(message);
  }
}

/** Why a check was stopped from outside: our deadline, or the caller's signal (shutdown). */
export class CheckStopped extends Error {
  constructor(readonly reason: "deadline" | "cancelled") {
    super(reason === "deadline" ? "deadline passed" : "check cancelled");
  }
}

export interface Deadline {
  /** Aborted (with a CheckStopped reason) at the deadline or when the caller cancels. */
  signal: AbortSignal;
  /** Settles `work`, or rejects with CheckStopped as soon as the signal aborts. */
  race<T>(work: Promise<T>): Promise<T>;
  dispose(): void;
}

/** One overall deadline (opts.timeoutMs) joined with the caller's cancel signal. */
export function startDeadline(opts: CheckRunOptions): Deadline {
  const controller = new AbortController();
  const onCancel = () => controller.abort(new CheckStopped("cancelled"));
  const timer = setTimeout(() => controller.abort(new CheckStopped("deadline")), opts.timeoutMs);
  if (opts.signal?.aborted) onCancel();
  else opts.signal?.addEventListener("abort", onCancel, { once: true });
  return {
    signal: controller.signal,
    race<T>(work: Promise<T>): Promise<T> {
      const signal = controller.signal;
      if (signal.aborted) {
        work.catch(noop);
        return Promise.reject(signal.reason);
      }
      let onAbort = noop;
      const stopped = new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        signal.addEventListener("abort", onAbort, { once: true });
      });
      // Whatever loses the race must not become an unhandled rejection.
      work.catch(noop);
      return Promise.race([work, stopped]).finally(() => signal.removeEventListener("abort", onAbort));
    },
    dispose() {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onCancel);
    },
  };
}

export function noop() {}

export function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "host:port", with brackets around an IPv6 address. */
export function hostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * Status, error class and message from the assertions: failed "down" ones first. A failure whose
 * sentence is empty only repeats another one, and is left out of the message.
 */
export function verdict(
  assertions: AssertionResult[],
  failClass: ErrorClass,
  sentence: (a: AssertionResult) => string,
): { status: ResultStatus; errorClass?: ErrorClass; message?: string } {
  const say = (failed: AssertionResult[]) => failed.map(sentence).filter(Boolean).join("; ") || failed.map((a) => `${a.name}: ${a.actual}`).join("; ");
  const failedDown = assertions.filter((a) => !a.ok && a.severity === "down");
  if (failedDown.length > 0) return { status: "down", errorClass: failClass, message: say(failedDown) };
  const failedDegraded = assertions.filter((a) => !a.ok && a.severity === "degraded");
  if (failedDegraded.length > 0) return { status: "degraded", message: say(failedDegraded) };
  return { status: "up" };
}

/** What a socket-level check has learned so far; a failure result is built from it. */
export interface SocketCheckState {
  /** The host as configured. */
  host: string;
  phase: string;
  phases: PhaseTimings;
  assertions: AssertionResult[];
  /** "name (address:port)" once resolved, else "host:port". */
  where: string;
  /** Sockets opened so far, outermost last; all destroyed when the check ends. */
  sockets: net.Socket[];
}

export function newSocketCheckState(host: string, port: number): SocketCheckState {
  return { host, phase: "dns", phases: {}, assertions: [], where: hostPort(host, port), sockets: [] };
}

/**
 * Outermost first: destroying a TLS socket also closes the TCP socket under it, while destroying
 * the TCP socket first and then its TLS socket crashes Node 20 (see connector.ts).
 */
export function destroySockets(state: SocketCheckState) {
  for (const socket of state.sockets.splice(0).reverse()) socket.destroy();
}

/** A failed DNS lookup of a host we are about to connect to, worded as for every check (connector.ts). */
function lookupFailure(host: string, err: unknown): CheckFailure {
  return new CheckFailure("dns", describeLookupFailure(host, errorCode(err), err));
}

/** A failed TCP connect, worded as for every check, with a few words for the `connected` assertion. */
function connectFailure(where: string, port: number, err: unknown): CheckFailure {
  const code = errorCode(err);
  const text = (err as Error)?.message ?? String(err);
  return new CheckFailure("connect", describeConnectFailure(where, port, code, err), code === undefined ? `failed (${text})` : codeInWords(code, "failed"));
}

/**
 * Resolves `host` to all its addresses (timed as dnsUs unless it is an IP literal), applies the
 * target policy to every one of them, and connects to each in turn until one accepts (timed as
 * connectUs, over all attempts): connector.ts `connectTcp`, the one place every outbound
 * connection is opened, worded here for the socket-level checks. Sets state.phase as each phase
 * starts, so that a deadline message can say where the time went. Every socket is added to
 * state.sockets at once, so the caller's cleanup destroys it on every path.
 */
export async function openTcpConnection(
  host: string,
  port: number,
  deadline: Deadline,
  policy: TargetPolicy,
  state: SocketCheckState,
): Promise<net.Socket> {
  let connectStart: number | undefined;
  try {
    const { socket, timings } = await deadline.race(
      connectTcp(
        { hostname: host, port, judge: judgeOf(policy) },
        {
          signal: deadline.signal,
          sockets: state.sockets,
          onPhase: (phase) => {
            state.phase = phase;
            if (phase === "connect") connectStart = performance.now();
          },
          onAttempt: (address) => {
            state.where = address === host ? hostPort(address, port) : `${host} (${hostPort(address, port)})`;
          },
        },
      ),
    );
    if (timings.dnsUs !== undefined) state.phases.dnsUs = timings.dnsUs;
    state.phases.connectUs = timings.connectUs;
    return socket;
  } catch (err) {
    if (!(err instanceof ConnectPhaseError)) throw err;
    if (err.timings.dnsUs !== undefined) state.phases.dnsUs = err.timings.dnsUs;
    if (err.errorClass === "blocked") throw new CheckFailure("blocked", err.message);
    if (err.phase === "dns") throw lookupFailure(host, err.cause ?? { code: err.code });
    if (connectStart !== undefined) state.phases.connectUs = Math.max(1, elapsedUs(connectStart));
    const failures = err.failures ?? [];
    if (failures.length <= 1) throw connectFailure(state.where, port, failures[0]?.error ?? err);
    const codes = [...new Set(failures.map((f) => errorCode(f.error) ?? "error"))].join(", ");
    state.where = hostPort(host, port);
    throw new CheckFailure("connect", describeConnectFailures(host, port, failures), `failed on all ${failures.length} addresses (${codes})`);
  }
}

/** The first bytes received as readable text: line ends and control bytes escaped, capped. */
export function printableSample(bytes: Buffer): string {
  if (bytes.length === 0) return "no data";
  const text = bytes
    .subarray(0, SAMPLE_SHOWN_CHARS * 4)
    .toString("utf8")
    .replace(/\r/g, "\\r")
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t")
    // eslint-disable-next-line no-control-regex
    .replace(/[\x00-\x1f\x7f-\x9f\ufffd]/g, (c) => (c === "\ufffd" ? "?" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
  const chars = Array.from(text);
  return chars.length > SAMPLE_SHOWN_CHARS ? `${chars.slice(0, SAMPLE_SHOWN_CHARS).join("")}…` : text;
}


/** What the body of a socket-level check works with. */
export interface SocketCheckContext<R extends CheckResult> {
  state: SocketCheckState;
  deadline: Deadline;
  /** The connected TCP socket (policy applied, every resolved address tried). */
  socket: net.Socket;
  /** A result with the check's start, total time, phases and assertions filled in. */
  finish: (fields: Pick<R, "status"> & Partial<R>) => R;
}

/**
 * The frame every socket-level check (tcp, tls) shares: one deadline over everything, the
 * connection opened through `openTcpConnection`, every socket destroyed on every path, and any
 * exception turned into a result by `fail` (the check's own words for its phases).
 */
export async function runSocketCheck<R extends CheckResult>(
  target: { host: string; port: number },
  opts: CheckRunOptions,
  body: (ctx: SocketCheckContext<R>) => Promise<R>,
  fail: (err: unknown, state: SocketCheckState, finish: SocketCheckContext<R>["finish"]) => R,
): Promise<R> {
  const startedAt = Date.now();
  const checkStart = performance.now();
  const state = newSocketCheckState(target.host, target.port);
  let deadline: Deadline | undefined;
  const finish = (fields: Pick<R, "status"> & Partial<R>): R =>
    ({ startedAt, totalUs: elapsedUs(checkStart), phases: state.phases, assertions: state.assertions, ...fields }) as R;
  try {
    deadline = startDeadline(opts);
    // Belt and braces: whatever is pending, the sockets go at the deadline.
    deadline.signal.addEventListener("abort", () => destroySockets(state), { once: true });
    const socket = await openTcpConnection(target.host, target.port, deadline, opts.policy ?? OPEN_POLICY, state);
    return await body({ state, deadline, socket, finish });
  } catch (err) {
    return fail(err, state, finish);
  } finally {
    deadline?.dispose();
    destroySockets(state);
  }
}
