/**
 * The timed connector behind the HTTP check: DNS lookup, TCP connect and TLS handshake, each
 * timed on its own. undici's diagnostics channels cannot tell DNS from TLS, so the check opens
 * the connection here and hands the ready socket to a fresh undici Client (`handOverSocket`).
 * Every connection is new: no agent, no keep-alive pool, no TLS session cache.
 */
import { lookup } from "node:dns";
import net from "node:net";
import tls from "node:tls";
import type { buildConnector } from "undici";
import { elapsedUs } from "./types";

export type ConnectPhase = "dns" | "connect" | "tls";

export interface ConnectTarget {
  protocol: "http:" | "https:";
  /** Hostname as written in the URL, IPv6 literals without brackets. */
  hostname: string;
  port: number;
  /** Accept a certificate that does not verify (the connection is still made and timed). */
  ignoreTlsErrors: boolean;
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
  constructor(
    readonly phase: ConnectPhase,
    readonly code: string | undefined,
    message: string,
    /** Partial timings and certificate facts gathered before the failure. */
    readonly timings: Partial<ConnectTimings>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function noop() {}

function errorCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** "Mar  5 12:00:00 2027 GMT" → epoch seconds. */
function certExpiresAt(cert: tls.PeerCertificate | undefined): number | undefined {
  if (!cert?.valid_to) return undefined;
  const ms = Date.parse(cert.valid_to);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

/**
 * Resolve, connect and (for https) handshake, honouring `signal` in every phase: on abort the
 * socket is destroyed and the promise rejects with `signal.reason`. `onPhase` is called as each
 * phase starts, so a caller's deadline message can say where the time went.
 */
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

export async function openTimedConnection(
  target: ConnectTarget,
  opts: { signal: AbortSignal; onPhase?: (phase: ConnectPhase) => void },
): Promise<TimedConnection> {
  const { signal } = opts;
  const timings: Partial<ConnectTimings> = {};
  // Sockets made so far; all destroyed if this function does not return them.
  const sockets: net.Socket[] = [];
  // Outermost first: destroying the TLS socket also closes the TCP socket under it, while
  // destroying the TCP socket first and then its TLS socket segfaults Node 20.20.
  const destroyAll = () => {
    for (const socket of [...sockets].reverse()) socket.destroy();
  };
  let abortListener: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    abortListener = () => reject(signal.reason);
    if (signal.aborted) abortListener();
    else signal.addEventListener("abort", abortListener, { once: true });
  });
  aborted.catch(noop);

  try {
    // --- DNS ---
    let address = target.hostname;
    let family = net.isIP(address);
    if (family === 0) {
      opts.onPhase?.("dns");
      const dnsStart = performance.now();
      const resolved = await Promise.race([
        new Promise<{ address: string; family: number }>((resolve, reject) => {
          lookup(target.hostname, (err, addr, fam) => (err ? reject(err) : resolve({ address: addr, family: fam })));
        }).catch((err: unknown) => {
          const code = errorCode(err);
          throw new ConnectPhaseError("dns", code, `DNS lookup failed for ${target.hostname}: ${code ?? String(err)}`, timings, { cause: err });
        }),
        aborted,
      ]);
      timings.dnsUs = elapsedUs(dnsStart);
      address = resolved.address;
      family = resolved.family;
    }

    // --- TCP connect ---
    opts.onPhase?.("connect");
    const addressAndPort = family === 6 ? `[${address}]:${target.port}` : `${address}:${target.port}`;
    const where = address === target.hostname ? addressAndPort : `${target.hostname} (${addressAndPort})`;
    const connectStart = performance.now();
    const tcp = net.connect({ host: address, port: target.port, family, noDelay: true });
    sockets.push(tcp);
    // A late error (a reset after we stopped listening) must never become an uncaught exception.
    tcp.on("error", noop);
    await Promise.race([
      settleOn(tcp, "connect", (err) => {
        const code = errorCode(err);
        return new ConnectPhaseError("connect", code, `connect to ${where} failed: ${code ?? err.message}`, timings, { cause: err });
      }),
      aborted,
    ]);
    // Integer microseconds: even a loopback connect that took 0.4 µs counts as a connect.
    timings.connectUs = Math.max(1, elapsedUs(connectStart));
    timings.remoteAddress = address;

    if (target.protocol === "http:") {
      return { socket: tcp, timings: timings as ConnectTimings, destroy: destroyAll };
    }

    // --- TLS ---
    opts.onPhase?.("tls");
    const tlsStart = performance.now();
    // Verification is done below rather than with rejectUnauthorized: true, so that a rejected
    // certificate still yields its expiry date. Nothing is written before the check passes.
    const secure = tls.connect({
      socket: tcp,
      host: target.hostname,
      // SNI must not carry an IP address (RFC 6066); identity is then checked against `host`.
      servername: net.isIP(target.hostname) ? undefined : target.hostname,
      rejectUnauthorized: false,
      ALPNProtocols: ["http/1.1"],
      session: undefined,
    });
    sockets.push(secure);
    secure.on("error", noop);
    await Promise.race([
      settleOn(secure, "secureConnect", (err) => {
        const code = errorCode(err);
        return new ConnectPhaseError("tls", code, `TLS handshake failed: ${err.message}`, timings, { cause: err });
      }),
      aborted,
    ]);
    timings.tlsUs = Math.max(1, elapsedUs(tlsStart));
    timings.tlsExpiresAt = certExpiresAt(secure.getPeerCertificate());
    timings.tlsVerified = secure.authorized;
    if (!secure.authorized && !target.ignoreTlsErrors) {
      const code = String(secure.authorizationError ?? "CERT_UNVERIFIED");
      throw new ConnectPhaseError("tls", code, describeCertificateError(code, target.hostname, secure.getPeerCertificate(), timings.tlsExpiresAt), timings);
    }
    return { socket: secure, timings: timings as ConnectTimings, destroy: destroyAll };
  } catch (err) {
    destroyAll();
    throw err;
  } finally {
    if (abortListener) signal.removeEventListener("abort", abortListener);
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
      const when = expiresAt !== undefined ? ` on ${new Date(expiresAt * 1000).toISOString()}` : "";
      return `certificate expired${when}; renew it, or ${IGNORE_HINT}`;
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
