import net from "node:net";
import { z } from "zod";
import { ConnectPhaseError, describeHandshakeFailure, openTimedConnection, type ConnectTimings } from "./connector";
import { Assertions, CheckFailure, errorCode, startDeadline, startResult, stoppedOutcome, type Deadline, type FinishResult, type Outcome } from "./frame";
import { judgeOf, OPEN_POLICY, type TargetPolicy } from "./policy";
import { codeInWords, elapsedUs, type CheckResult, type CheckRunOptions, type PhaseTimings } from "./types";

/** How much of what a server sent goes into an assertion's `actual`. */
const SAMPLE_SHOWN_CHARS = 80;

// ---------------------------------------------------------------------------------------------
// Config fields shared by the socket-level checks (tcp, tls) and the dns check
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
// The frame of the socket-level checks (tcp, tls)
// ---------------------------------------------------------------------------------------------

/** "host:port", with brackets around an IPv6 address. */
export function hostPort(host: string, port: number): string {
  return net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`;
}

/** What a socket-level check has learned so far; a failure result is built from it. */
export interface SocketCheckState {
  /** The host as configured. */
  host: string;
  phase: string;
  phases: PhaseTimings;
  assertions: Assertions;
  /** "name (address:port)" once resolved, else "host:port". */
  where: string;
  /** Sockets opened so far, outermost last; all destroyed when the check ends. */
  sockets: net.Socket[];
}

/**
 * Outermost first: destroying a TLS socket also closes the TCP socket under it, while destroying
 * the TCP socket first and then its TLS socket crashes Node 20 (see connector.ts).
 */
function destroySockets(state: SocketCheckState) {
  for (const socket of state.sockets.splice(0).reverse()) socket.destroy();
}

/** Where a socket-level check connects: TCP only, or TLS with the certificate left to the check. */
export interface SocketTarget {
  host: string;
  port: number;
  protocol: "tcp:" | "tls:";
  /** For "tls:": the name sent as SNI; default: host. */
  servername?: string;
}

/**
 * Opens the connection through the connector (connector.ts `openTimedConnection`, the one place
 * every outbound connection is opened), worded for the socket-level checks: state.phase follows
 * each phase as it starts, so that a deadline message can say where the time went; state.where
 * names the address tried; the phases are timed into state.phases.
 */
async function openConnection(target: SocketTarget, deadline: Deadline, policy: TargetPolicy, state: SocketCheckState): Promise<net.Socket> {
  const { host, port } = target;
  let connectStart: number | undefined;
  try {
    const { socket, timings } = await deadline.race(
      openTimedConnection(
        { protocol: target.protocol, hostname: host, port, servername: target.servername, judge: judgeOf(policy) },
        {
          signal: deadline.signal,
          sockets: state.sockets,
          onPhase: (phase, timings) => {
            state.phase = phase;
            if (phase === "connect") connectStart = performance.now();
            recordTimings(state, timings);
          },
          onAttempt: (address) => {
            state.where = address === host ? hostPort(address, port) : `${host} (${hostPort(address, port)})`;
          },
        },
      ),
    );
    recordTimings(state, timings);
    return socket;
  } catch (err) {
    if (!(err instanceof ConnectPhaseError)) throw err;
    recordTimings(state, err.timings);
    if (err.errorClass === "blocked" || err.phase === "dns") throw new CheckFailure(err.errorClass, err.message);
    if (err.phase === "tls") throw new CheckFailure("tls", describeHandshakeFailure(state.where, err.cause));
    if (connectStart !== undefined) state.phases.connectUs = Math.max(1, elapsedUs(connectStart));
    // The message is the connector's; a few words of it for the `connected` assertion.
    const failures = err.failures ?? [];
    if (failures.length <= 1) {
      const failed = failures[0]?.error ?? err;
      const code = errorCode(failed);
      throw new CheckFailure("connect", err.message, code === undefined ? `failed (${failed.message})` : codeInWords(code, "failed"));
    }
    const codes = [...new Set(failures.map((f) => errorCode(f.error) ?? "error"))].join(", ");
    state.where = hostPort(host, port);
    throw new CheckFailure("connect", err.message, `failed on all ${failures.length} addresses (${codes})`);
  }
}

function recordTimings(state: SocketCheckState, timings: Partial<ConnectTimings>) {
  if (timings.dnsUs !== undefined) state.phases.dnsUs = timings.dnsUs;
  if (timings.connectUs !== undefined) state.phases.connectUs = timings.connectUs;
  if (timings.tlsUs !== undefined) state.phases.tlsUs = timings.tlsUs;
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
  /** The connected socket (policy applied, every resolved address tried); a TLSSocket for "tls:". */
  socket: net.Socket;
  /** A result with the check's start, total time, phases and assertions filled in. */
  finish: FinishResult<R>;
}

/**
 * The frame every socket-level check (tcp, tls) shares: one deadline over everything, the
 * connection opened through the connector, every socket destroyed on every path, and any
 * exception turned into a result: a stop by the deadline or the caller, or a CheckFailure, in
 * words of the check's own phases (`phaseInWords`); anything else is our bug ("internal").
 */
export async function runSocketCheck<R extends CheckResult>(check: {
  type: "tcp" | "tls";
  target: SocketTarget;
  opts: CheckRunOptions;
  phaseInWords: (state: SocketCheckState) => string;
  body: (ctx: SocketCheckContext<R>) => Promise<R>;
  /** Records what a failure means for the check's assertions, before its result is built. */
  onFailure?: (err: unknown, state: SocketCheckState) => void;
}): Promise<R> {
  const { target, opts, phaseInWords } = check;
  const state: SocketCheckState = { host: target.host, phase: "dns", phases: {}, assertions: new Assertions(), where: hostPort(target.host, target.port), sockets: [] };
  const { finish } = startResult<R>(() => ({ phases: state.phases, assertions: state.assertions.list }) as Pick<CheckResult, "phases" | "assertions"> & Partial<R>);
  // What every check's result has; the check's own fields come from its body.
  const fail = (outcome: Outcome) => finish(outcome as Outcome & Partial<R>);
  let deadline: Deadline | undefined;
  try {
    deadline = startDeadline(opts);
    // Belt and braces: whatever is pending, the sockets go at the deadline.
    deadline.signal.addEventListener("abort", () => destroySockets(state), { once: true });
    const socket = await openConnection(target, deadline, opts.policy ?? OPEN_POLICY, state);
    return await check.body({ state, deadline, socket, finish });
  } catch (err) {
    check.onFailure?.(err, state);
    const stopped = stoppedOutcome(err, opts.timeoutMs, phaseInWords(state));
    if (stopped) return fail(stopped);
    if (err instanceof CheckFailure) return fail({ status: "down", errorClass: err.errorClass, message: err.message });
    return fail({ status: "down", errorClass: "internal", message: `internal error in the ${check.type} check ${phaseInWords(state)}: ${(err as Error)?.message ?? String(err)}` });
  } finally {
    deadline?.dispose();
    destroySockets(state);
  }
}
