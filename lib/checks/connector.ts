/**
 * The one timed connector: DNS lookup, the target policy, a TCP connect to each address in turn
 * and optionally a TLS handshake, each timed on its own. Every check that opens a socket (http,
 * tcp, tls), the browser check's proxy and the product's own outbound requests come here.
 * undici's diagnostics channels cannot tell DNS from TLS, so the HTTP check opens the connection
 * here and hands the ready socket to a fresh undici Client (`handOverSocket`).
 * Every connection is new: no agent, no keep-alive pool, no TLS session cache.
 */
import { lookup, type LookupAddress } from "node:dns";
import net from "node:net";
import tls from "node:tls";
import { Agent, type buildConnector, type Dispatcher } from "undici";
import { errorCode, errorText, noop } from "./frame";
import { judgeOf, type AddressJudge, type TargetPolicy } from "./policy";
import { codeInWords, elapsedUs } from "./types";

export type ConnectPhase = "dns" | "connect" | "tls";
/** What a failed connection is blamed on: its phase, or the target safety policy. */
export type ConnectErrorClass = ConnectPhase | "blocked";

/** Resolves a name to all of its addresses, in the order they should be tried. */
export type LookupAll = (hostname: string, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

const systemLookupAll: LookupAll = (hostname, callback) => lookup(hostname, { all: true }, callback);

/** How many failed addresses a connect error lists; a name can have dozens. */
const MAX_ADDRESSES_IN_MESSAGE = 4;

export interface ConnectTarget {
  /**
   * "tcp:" and "http:": a TCP connection. "https:": then a TLS handshake (ALPN http/1.1) whose
   * certificate is judged here: expired, or unverified without ignoreTlsErrors, is refused.
   * "tls:": a TLS handshake whose certificate the caller judges (the TLS check): the chain is
   * verified (`authorized`), the name is not, and nothing is refused.
   */
  protocol: "tcp:" | "http:" | "https:" | "tls:";
  /** Hostname as written in the URL, IPv6 literals without brackets. */
  hostname: string;
  port: number;
  /** The name sent as SNI and checked against the certificate ("tls:" only); default: hostname. */
  servername?: string;
  /**
   * Accept a certificate that does not verify (the connection is still made and timed). An
   * expired certificate is refused all the same: that is the failure a monitor exists to catch.
   */
  ignoreTlsErrors?: boolean;
  /** Target safety policy, applied to every resolved address before connecting; open when absent. */
  policy?: TargetPolicy;
  /** The policy as a function, instead of `policy` (the browser check's tests refuse some loopback names only). */
  judge?: AddressJudge;
}

/** Integer microseconds per phase; dnsUs is absent for IP literals, TLS fields for http. */
export interface ConnectTimings {
  dnsUs?: number;
  connectUs: number;
  tlsUs?: number;
  /** The address actually connected to. */
  remoteAddress: string;
  /** Certificate notAfter, epoch seconds (also set when the certificate was rejected). */
  tlsExpiresAt?: number;
  /** Whether the certificate chain and host name verified. */
  tlsVerified?: boolean;
}

export interface TimedConnection {
  socket: net.Socket | tls.TLSSocket;
  timings: ConnectTimings;
  /** Destroys the connection (the TLS socket and the TCP socket under it). */
  destroy: () => void;
}

/**
 * A failure while opening the connection, tagged with the phase it happened in. `code` is the
 * system or OpenSSL code (ENOTFOUND, ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, …).
 */
export class ConnectPhaseError extends Error {
  override name = "ConnectPhaseError";
  /** The phase, except for a policy refusal ("blocked"), which happens before connecting. */
  readonly errorClass: ConnectErrorClass;
  /** For a failed connect: each address tried, with its error, in order. */
  readonly failures?: ConnectAttemptFailure[];
  constructor(
    readonly phase: ConnectPhase,
    readonly code: string | undefined,
    message: string,
    /** Partial timings and certificate facts gathered before the failure. */
    readonly timings: Partial<ConnectTimings>,
    options?: { cause?: unknown; errorClass?: ConnectErrorClass; failures?: ConnectAttemptFailure[] },
  ) {
    super(message, options);
    this.errorClass = options?.errorClass ?? phase;
    this.failures = options?.failures;
  }
}

/** One address a connect tried, and why it failed. */
export interface ConnectAttemptFailure {
  address: string;
  family: number;
  error: Error;
}

/** "Mar  5 12:00:00 2027 GMT" → epoch seconds. */
function certExpiresAt(cert: tls.PeerCertificate | undefined): number | undefined {
  if (!cert?.valid_to) return undefined;
  const ms = Date.parse(cert.valid_to);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * Resolves on `event`, rejects with `toError(err)` on 'error', and then stops listening for both:
 * a phase's error handler must not outlive the phase (later errors belong to the HTTP client).
 */
function settleOn(socket: net.Socket, event: string, toError: (err: Error) => Error): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onEvent = () => {
      socket.off("error", onError);
      resolve();
    };
    const onError = (err: Error) => {
      socket.off(event, onEvent);
      reject(toError(err));
    };
    socket.once(event, onEvent);
    socket.once("error", onError);
  });
}

function identity<T>(value: T): T {
  return value;
}

function formatAddressAndPort(address: string, family: number, port: number): string {
  return family === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

export interface ConnectOptions {
  signal: AbortSignal;
  /** Called as each phase starts, with the timings of the phases before it. */
  onPhase?: (phase: ConnectPhase, timings: Readonly<Partial<ConnectTimings>>) => void;
  /** The resolver; the system's (getaddrinfo, like the rest of Node) unless given. Tests pass fixed answers. */
  lookupAll?: LookupAll;
  /**
   * The connection's sockets (outermost last) are pushed here when it is returned, so that the
   * caller's cleanup reaches them; on failure they are destroyed here.
   */
  sockets?: net.Socket[];
  /** Called before each address is tried. */
  onAttempt?: (address: string, family: number) => void;
}

/** Where a bare TCP connection goes, and the policy its addresses are judged by. */
interface TcpTarget {
  /** Host name or IP literal, IPv6 without brackets. */
  hostname: string;
  port: number;
  /** Refuses addresses; everything may be reached when absent. */
  judge?: AddressJudge;
}

/** A promise that rejects with the signal's reason once it aborts; `release` stops listening. */
function rejectOnAbort(signal: AbortSignal): { aborted: Promise<never>; release: () => void } {
  let listener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    listener = () => reject(signal.reason);
    if (signal.aborted) listener();
    else signal.addEventListener("abort", listener, { once: true });
  });
  aborted.catch(noop);
  return { aborted, release: () => listener && signal.removeEventListener("abort", listener) };
}

/**
 * The TCP part of `openTimedConnection`.
 *
 * The name is resolved once, every address is judged, and the sockets are connected to exactly
 * those addresses (never to the name, which would be resolved again): what was judged is what is
 * connected, so no answer that changes between two lookups (DNS rebinding) slips through. A name
 * is refused when any of its addresses is: a name that mixes public and private addresses is not
 * a target worth the risk. The addresses are tried in order until one connects; `signal` bounds
 * the whole (on abort, the promise rejects with `signal.reason`). Failures are ConnectPhaseErrors:
 * "dns" (cause: the lookup error), "blocked", or "connect" (with every address's error).
 */
async function connectTcp(target: TcpTarget, opts: ConnectOptions): Promise<{ socket: net.Socket; timings: Pick<ConnectTimings, "dnsUs" | "connectUs" | "remoteAddress"> }> {
  const { signal } = opts;
  const timings: Partial<ConnectTimings> = {};
  const sockets = opts.sockets ?? [];
  const { aborted, release } = rejectOnAbort(signal);
  try {
    // --- DNS ---
    let addresses: LookupAddress[];
    const literalFamily = net.isIP(target.hostname);
    if (literalFamily !== 0) {
      addresses = [{ address: target.hostname, family: literalFamily }];
    } else {
      opts.onPhase?.("dns", timings);
      const lookupAll = opts.lookupAll ?? systemLookupAll;
      const dnsStart = performance.now();
      addresses = await Promise.race([
        new Promise<LookupAddress[]>((resolve, reject) => {
          lookupAll(target.hostname, (err, found) => (err ? reject(err) : resolve(found)));
        }).then(
          (found) => {
            if (found.length > 0) return found;
            throw new ConnectPhaseError("dns", "ENODATA", describeLookupFailure(target.hostname, "ENODATA"), timings);
          },
          (err: unknown) => {
            const code = errorCode(err);
            throw new ConnectPhaseError("dns", code, describeLookupFailure(target.hostname, code, err), timings, { cause: err });
          },
        ),
        aborted,
      ]);
      timings.dnsUs = elapsedUs(dnsStart);
    }

    // --- Target policy: every address, before the first connect ---
    if (target.judge) {
      for (const { address } of addresses) {
        const refused = target.judge(target.hostname, address);
        if (refused) throw new ConnectPhaseError("connect", "BLOCKED", refused, timings, { errorClass: "blocked" });
      }
    }

    // --- TCP connect: each judged address in turn ---
    opts.onPhase?.("connect", timings);
    const connectStart = performance.now();
    const failures: ConnectAttemptFailure[] = [];
    for (const { address, family } of addresses) {
      opts.onAttempt?.(address, family);
      const socket = net.connect({ host: address, port: target.port, family, noDelay: true });
      sockets.push(socket);
      // A late error (a reset after we stopped listening) must never become an uncaught exception.
      socket.on("error", noop);
      try {
        await Promise.race([settleOn(socket, "connect", identity), aborted]);
        timings.remoteAddress = address;
        // Integer microseconds: even a loopback connect that took 0.4 µs counts as a connect.
        timings.connectUs = Math.max(1, elapsedUs(connectStart));
        return { socket, timings: timings as ConnectTimings };
      } catch (err) {
        if (signal.aborted) throw signal.reason;
        socket.destroy();
        sockets.splice(sockets.indexOf(socket), 1);
        failures.push({ address, family, error: err as Error });
      }
    }
    const lastError = failures.at(-1)?.error;
    const code = errorCode(lastError);
    let message: string;
    if (failures.length === 1) {
      const [only] = failures;
      const addressAndPort = formatAddressAndPort(only.address, only.family, target.port);
      const where = only.address === target.hostname ? addressAndPort : `${target.hostname} (${addressAndPort})`;
      message = describeConnectFailure(where, target.port, code, lastError);
    } else {
      message = describeConnectFailures(target.hostname, target.port, failures);
    }
    throw new ConnectPhaseError("connect", code, message, timings, { cause: lastError, failures });
  } finally {
    release();
  }
}

/**
 * THE one place where an outbound connection is opened under the target policy: resolve,
 * connect and (for https: and tls:) handshake, honouring `signal` in every phase: on abort the
 * sockets are destroyed and the promise rejects with `signal.reason`. `onPhase` is called as each
 * phase starts, so a caller's deadline message can say where the time went. Failures are
 * ConnectPhaseErrors: "dns" (cause: the lookup error), "blocked", "connect" (with every
 * address's error) or "tls".
 */
export async function openTimedConnection(target: ConnectTarget, opts: ConnectOptions): Promise<TimedConnection> {
  const { signal } = opts;
  let timings: Partial<ConnectTimings> = {};
  // Sockets made so far; all destroyed if this function does not return them.
  const sockets: net.Socket[] = [];
  // Outermost first: destroying the TLS socket also closes the TCP socket under it, while
  // destroying the TCP socket first and then its TLS socket segfaults Node 20.20.
  const destroyAll = () => {
    for (const socket of [...sockets].reverse()) socket.destroy();
  };
  const connection = (socket: net.Socket): TimedConnection => {
    opts.sockets?.push(...sockets);
    return { socket, timings: timings as ConnectTimings, destroy: destroyAll };
  };
  const { aborted, release } = rejectOnAbort(signal);

  try {
    const judge = target.judge ?? judgeOf(target.policy);
    const connected = await connectTcp({ hostname: target.hostname, port: target.port, judge }, { ...opts, sockets });
    const tcp = connected.socket;
    timings = { ...connected.timings };

    if (target.protocol === "tcp:" || target.protocol === "http:") return connection(tcp);

    // --- TLS ---
    opts.onPhase?.("tls", timings);
    const reportOnly = target.protocol === "tls:";
    const identity = (reportOnly ? target.servername : undefined) ?? target.hostname;
    const tlsStart = performance.now();
    // Verification is done below rather than with rejectUnauthorized: true, so that a rejected
    // certificate still yields its expiry date. Nothing is written before the check passes.
    const secure = tls.connect({
      socket: tcp,
      host: identity,
      // SNI must not carry an IP address (RFC 6066); identity is then checked against `host`.
      servername: net.isIP(identity) ? undefined : identity,
      rejectUnauthorized: false,
      ...(reportOnly ? { checkServerIdentity: () => undefined } : { ALPNProtocols: ["http/1.1"] }),
      session: undefined,
    });
    sockets.push(secure);
    secure.on("error", noop);
    await Promise.race([
      settleOn(secure, "secureConnect", (err) => {
        const code = errorCode(err);
        return new ConnectPhaseError("tls", code, describeHandshakeFailure(formatAddressAndPort(target.hostname, net.isIPv6(target.hostname) ? 6 : 4, target.port), err), timings, { cause: err });
      }),
      aborted,
    ]);
    timings.tlsUs = Math.max(1, elapsedUs(tlsStart));
    const cert = secure.getPeerCertificate();
    timings.tlsExpiresAt = certExpiresAt(cert);
    timings.tlsVerified = secure.authorized;
    if (reportOnly) return connection(secure);
    if (timings.tlsExpiresAt !== undefined && timings.tlsExpiresAt * 1000 <= Date.now()) {
      // Checked before (and regardless of) verification: OpenSSL may name another problem of the
      // chain first, and ignoreTlsErrors must not hide a certificate that has run out.
      timings.tlsVerified = false;
      throw new ConnectPhaseError("tls", "CERT_HAS_EXPIRED", describeCertificateError("CERT_HAS_EXPIRED", target.hostname, cert, timings.tlsExpiresAt), timings);
    }
    if (!secure.authorized && !target.ignoreTlsErrors) {
      const code = String(secure.authorizationError ?? "CERT_UNVERIFIED");
      let message = describeCertificateError(code, target.hostname, cert, timings.tlsExpiresAt);
      // Node checks the host name only on a chain that verified, so an untrusted certificate for
      // the wrong host would be reported as untrusted alone; the wrong host is the likelier mistake.
      if (code !== "ERR_TLS_CERT_ALTNAME_INVALID" && tls.checkServerIdentity(target.hostname, cert) !== undefined) {
        message = `${describeCertificateError("ERR_TLS_CERT_ALTNAME_INVALID", target.hostname, cert)} (its chain did not verify either: ${code})`;
      }
      throw new ConnectPhaseError("tls", code, message, timings);
    }
    return connection(secure);
  } catch (err) {
    destroyAll();
    throw err;
  } finally {
    release();
  }
}

const IGNORE_HINT = "set ignoreTlsErrors: true on this monitor if that is expected";

/** A sentence for a rejected certificate that says what is wrong and what to do about it. */
export function describeCertificateError(code: string, hostname: string, cert?: tls.PeerCertificate, expiresAt?: number): string {
  switch (code) {
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return `certificate is self-signed; ${IGNORE_HINT}`;
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return `certificate chain ends in a self-signed certificate that is not trusted; ${IGNORE_HINT}`;
    case "CERT_HAS_EXPIRED": {
      // No ignoreTlsErrors hint: an expired certificate is down either way.
      const when = expiresAt !== undefined ? ` on ${new Date(expiresAt * 1000).toISOString()}` : "";
      return `certificate expired${when}; renew it`;
    }
    case "CERT_NOT_YET_VALID":
      return `certificate is not valid yet (check the server clock or the certificate dates); ${IGNORE_HINT}`;
    case "ERR_TLS_CERT_ALTNAME_INVALID": {
      const names = cert?.subjectaltname ? ` (it covers ${cert.subjectaltname})` : "";
      return `certificate is not valid for ${hostname}${names}; fix the URL or the certificate, or ${IGNORE_HINT}`;
    }
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "UNABLE_TO_GET_ISSUER_CERT":
      return `certificate chain does not lead to a trusted authority (${code}); the server may be missing its intermediate certificates, or ${IGNORE_HINT}`;
    default:
      return `certificate was rejected (${code}); ${IGNORE_HINT}`;
  }
}

// Sentences for failures while connecting, shared by every check type (http here; tcp, tls and
// dns through socket.ts), so that the same failure reads the same everywhere.

function errorTextOf(err: unknown): string | undefined {
  return err === undefined ? undefined : errorText(err);
}

/** A failed lookup of a host about to be connected to. */
export function describeLookupFailure(host: string, code: string | undefined, err?: unknown): string {
  switch (code) {
    case "ENOTFOUND":
      return `no such name (ENOTFOUND): ${host}; check the host name`;
    case "ENODATA":
      return `no address records (ENODATA) for ${host}: the name exists, but has no A or AAAA record`;
    case "EAI_AGAIN":
      return `DNS lookup failed for now (EAI_AGAIN) for ${host}: the resolver did not answer`;
    default:
      return `DNS lookup of ${host} failed: ${codeInWords(code, errorTextOf(err))}`;
  }
}

/** A failed TCP connect to one address (`where` is "host (address:port)" or "address:port"), saying what it usually means. */
export function describeConnectFailure(where: string, port: number, code: string | undefined, err?: unknown): string {
  switch (code) {
    case "ECONNREFUSED":
      return `connection refused (ECONNREFUSED) by ${where}: nothing listens on port ${port} there, or a firewall rejects it`;
    case "ECONNRESET":
      return `connection reset (ECONNRESET) by ${where} while connecting`;
    case "EHOSTUNREACH":
      return `host unreachable (EHOSTUNREACH): no route from this probe to ${where}`;
    case "ENETUNREACH":
      return `network unreachable (ENETUNREACH): no route from this probe to ${where}; for an IPv6 address, the probe may have no IPv6 connectivity`;
    case "ETIMEDOUT":
      return `connection timed out (ETIMEDOUT) to ${where} in the operating system: packets are probably dropped by a firewall`;
    default:
      return `connection to ${where} failed: ${codeInWords(code, errorTextOf(err))}`;
  }
}

/** A connect that failed on every address of a name, listing the first few. */
export function describeConnectFailures(host: string, port: number, failures: ConnectAttemptFailure[]): string {
  const listed = failures.slice(0, MAX_ADDRESSES_IN_MESSAGE).map((f) => `${formatAddressAndPort(f.address, f.family, port)} ${codeInWords(errorCode(f.error), f.error.message)}`);
  const more = failures.length > MAX_ADDRESSES_IN_MESSAGE ? `, and ${failures.length - MAX_ADDRESSES_IN_MESSAGE} more` : "";
  return `connection to ${host} failed on all ${failures.length} addresses: ${listed.join(", ")}${more}`;
}

/** A TLS handshake that failed before any certificate could be judged. */
export function describeHandshakeFailure(where: string, err: unknown): string {
  const code = errorCode(err);
  const text = errorTextOf(err) ?? "";
  if (code === "ECONNRESET" || /socket disconnected before secure TLS connection/i.test(text)) {
    return `${where} closed the connection during the TLS handshake${code ? ` (${code})` : ""}: does this port speak TLS?`;
  }
  if (code === "ERR_SSL_WRONG_VERSION_NUMBER" || /wrong version number/i.test(text)) {
    return `${where} did not answer with TLS (wrong version number): this looks like a plain-text port`;
  }
  if (/alert/i.test(text)) {
    return `${where} rejected the TLS handshake (${code ?? text}): no common protocol version or cipher, or it wants another servername`;
  }
  return `TLS handshake with ${where} failed: ${codeInWords(code, text)}`;
}

/**
 * An undici `connect` function that hands over one already-open socket, once. The Client it is
 * given to therefore never opens a connection of its own (and never reuses one across checks).
 */
export function handOverSocket(socket: net.Socket | tls.TLSSocket): buildConnector.connector {
  let used = false;
  // The callback must not run synchronously: undici calls the connector from inside its own
  // resume loop and would not notice a connection that is ready before the call returns.
  return (_options, callback) => {
    process.nextTick(() => {
      if (used || socket.destroyed) {
        callback(new Error("the check's connection is already used or closed"), null);
        return;
      }
      used = true;
      callback(null, socket);
    });
  };
}

/**
 * An undici dispatcher for the product's own outbound requests (alert channels, subscriber
 * webhooks): every connection it makes is opened by `openTimedConnection`, so `judge` is applied
 * to the addresses actually connected, at connect time, for every connection (a redirect, were
 * one followed, included). Certificates are verified as undici would (they cannot be ignored
 * here). For one request: `destroy()` it when done, so nothing is pooled across sends.
 */
export function guardedDispatcher(judge: AddressJudge | undefined, signal: AbortSignal): Dispatcher {
  return new Agent({
    connect: (options, callback) => {
      const protocol = options.protocol === "https:" ? "https:" : "http:";
      // undici passes the URL's hostname, with brackets around an IPv6 literal.
      const hostname = options.hostname.replace(/^\[(.*)\]$/, "$1");
      const port = Number(options.port) || (protocol === "https:" ? 443 : 80);
      openTimedConnection({ protocol, hostname, port, ignoreTlsErrors: false, judge }, { signal }).then(
        (connection) => callback(null, connection.socket),
        (err: Error) => callback(err, null),
      );
    },
  });
}

/** The policy refusal somewhere in an error's cause chain (undici may wrap what the connector threw). */
export function policyRefusal(err: unknown): ConnectPhaseError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof ConnectPhaseError) return e.errorClass === "blocked" ? e : undefined;
  }
  return undefined;
}
