import tls from "node:tls";
import { z } from "zod";
import { durationMs } from "../config/units";
import { CheckFailure, DAY_MS, plural } from "./frame";
import { hostField, portField, runSocketCheck, type SocketCheckState } from "./socket";
import { defineCheckType, type AssertionResult, type CheckResult, type CheckRunOptions } from "./types";

export const TLS_DEFAULT_PORT = 443;
export const TLS_DEFAULT_EXPIRY_WARNING_MS = 14 * DAY_MS;

/**
 * The settings of a TLS certificate monitor as written in status.config.yaml (next to the
 * common monitor fields): the certificate must be valid now, for this name, from a trusted
 * authority, and not about to expire.
 */
export const tlsCheckConfigSchema = z.object({
  /** Host name or IP address to connect to (IPv6 literals allowed, brackets optional). */
  host: hostField,
  port: portField.default(TLS_DEFAULT_PORT),
  /** The name sent as SNI and checked against the certificate; default: host. */
  servername: hostField.optional(),
  /** Fewer than this left before the certificate expires is degraded. Output in ms. */
  expiryWarning: durationMs({ min: 0, max: 365 * DAY_MS }).default(TLS_DEFAULT_EXPIRY_WARNING_MS),
  /** Accept a self-signed certificate or one from an authority this probe does not trust (a private CA). */
  allowSelfSigned: z.boolean({ error: "expected true or false" }).default(false),
});

export type TlsCheckConfig = z.output<typeof tlsCheckConfigSchema>;

/** What the certificate says, kept beside the result for the monitor page. */
export interface TlsCertificateFacts {
  subject: string;
  issuer: string;
  /** "DNS:example.com", "IP Address:1.2.3.4", … */
  altNames: string[];
  /** Epoch seconds. */
  validFrom: number;
  validTo: number;
  fingerprint256: string;
}

export interface TlsCheckResult extends CheckResult {
  certificate?: TlsCertificateFacts;
  /** Whether the chain led to an authority this probe trusts (false when allowSelfSigned let it through). */
  tlsVerified?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Judging a certificate
// ---------------------------------------------------------------------------------------------

/** Chain errors that mean "nobody this probe trusts vouches for it": excused by allowSelfSigned. */
const UNTRUSTED_CHAIN_CODES = new Set([
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "UNABLE_TO_GET_ISSUER_CERT",
]);
/** Chain errors about dates, of the certificate itself or of another one in its chain. */
const DATE_CODES = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

const ALLOW_HINT = "set allowSelfSigned: true on this monitor if that is expected";

function chainInWords(code: string): { actual: string; sentence: string } {
  switch (code) {
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return { actual: "self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)", sentence: `certificate is self-signed, so no trusted authority vouches for it; ${ALLOW_HINT}` };
    case "SELF_SIGNED_CERT_IN_CHAIN":
      return { actual: `untrusted root in the chain (${code})`, sentence: `certificate chain ends in a self-signed root that this probe does not trust (${code}); ${ALLOW_HINT}` };
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "UNABLE_TO_GET_ISSUER_CERT":
      return {
        actual: `issuer not trusted (${code})`,
        sentence: `certificate chain does not lead to a trusted authority (${code}): the server may be missing its intermediate certificates, or it uses a private CA; ${ALLOW_HINT}`,
      };
    case "CERT_REVOKED":
      return { actual: `revoked (${code})`, sentence: "certificate was revoked by its issuer; replace it" };
    case "CERT_SIGNATURE_FAILURE":
      return { actual: `bad signature (${code})`, sentence: `certificate signature does not verify (${code}); the certificate or chain is corrupt` };
    default:
      return { actual: `rejected (${code})`, sentence: `certificate chain was rejected (${code})` };
  }
}

/** "2027-01-07". */
function dayOf(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/** Whole days from two days up; hours or minutes below that, so "0 days" never appears. */
function spanInWords(ms: number): string {
  if (ms >= 2 * DAY_MS) return plural(Math.floor(ms / DAY_MS), "day");
  if (ms >= 3_600_000) return plural(Math.floor(ms / 3_600_000), "hour");
  return plural(Math.max(1, Math.floor(ms / 60_000)), "minute");
}

/** "CN=R11, O=Let's Encrypt, C=US": the common name first, the rest as the certificate has it. */
function distinguishedName(name: tls.Certificate | undefined): string {
  if (!name) return "(none)";
  const parts = Object.entries(name as unknown as Record<string, string | string[]>).flatMap(([key, value]) =>
    (Array.isArray(value) ? value : [value]).map((v) => `${key}=${v}`),
  );
  parts.sort((a, b) => Number(b.startsWith("CN=")) - Number(a.startsWith("CN=")));
  return parts.length ? parts.join(", ") : "(empty)";
}

function certificateFacts(cert: tls.PeerCertificate): TlsCertificateFacts {
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    altNames: cert.subjectaltname ? cert.subjectaltname.split(/,\s*/) : [],
    validFrom: Math.floor(Date.parse(cert.valid_from) / 1000),
    validTo: Math.floor(Date.parse(cert.valid_to) / 1000),
    fingerprint256: cert.fingerprint256,
  };
}

/** The assertions about one certificate, each with the sentence that explains its failure. */
function judgeCertificate(
  config: TlsCheckConfig,
  socket: tls.TLSSocket,
  cert: tls.PeerCertificate,
  facts: TlsCertificateFacts,
  now: number,
): { assertion: AssertionResult; sentence: string }[] {
  const judged: { assertion: AssertionResult; sentence: string }[] = [];
  const validFromMs = facts.validFrom * 1000;
  const validToMs = facts.validTo * 1000;
  const leftMs = validToMs - now;

  // Valid now?
  if (now < validFromMs) {
    judged.push({
      assertion: { name: "validity", ok: false, expected: "valid now", actual: `not valid until ${new Date(validFromMs).toISOString()}`, severity: "down" },
      sentence: `certificate is not valid until ${new Date(validFromMs).toISOString()}; check the certificate dates or the server's clock`,
    });
  } else if (leftMs <= 0) {
    judged.push({
      assertion: { name: "validity", ok: false, expected: "valid now", actual: `expired ${spanInWords(-leftMs)} ago, on ${dayOf(validToMs)}`, severity: "down" },
      sentence: `certificate expired ${spanInWords(-leftMs)} ago (on ${dayOf(validToMs)}); renew it`,
    });
  } else {
    judged.push({
      assertion: { name: "validity", ok: true, expected: "valid now", actual: `valid from ${dayOf(validFromMs)} to ${dayOf(validToMs)}`, severity: "down" },
      sentence: "",
    });
  }

  // Far enough from expiry? (An expired certificate already fails above; this one then only repeats it.)
  const expiresInWords = leftMs > 0 ? `expires in ${spanInWords(leftMs)}, on ${dayOf(validToMs)}` : `expired ${spanInWords(-leftMs)} ago, on ${dayOf(validToMs)}`;
  judged.push({
    assertion: { name: "expiry", ok: leftMs >= config.expiryWarning, expected: config.expiryWarning > 0 ? `at least ${spanInWords(config.expiryWarning)} left` : "not expired", actual: expiresInWords, severity: "degraded" },
    sentence: leftMs > 0 ? `certificate expires in ${spanInWords(leftMs)} (on ${dayOf(validToMs)}); renew it soon` : `certificate expired on ${dayOf(validToMs)}`,
  });

  // For this name?
  const identity = config.servername ?? config.host;
  const mismatch = tls.checkServerIdentity(identity, cert);
  const covers = facts.altNames.length ? facts.altNames.join(", ") : `CN=${String(cert.subject?.CN ?? "(none)")}, no subjectAltName`;
  judged.push({
    assertion: { name: "hostname", ok: mismatch === undefined, expected: `covers ${identity}`, actual: covers, severity: "down" },
    sentence: `certificate is not valid for ${identity} (it covers ${covers}); fix host or servername, or the certificate`,
  });

  // From a trusted authority?
  const code = socket.authorized ? undefined : String(socket.authorizationError ?? "CERT_UNVERIFIED");
  const expectedChain = config.allowSelfSigned ? "trusted, or self-signed / private CA (allowed)" : "issued by a trusted authority";
  if (code === undefined) {
    judged.push({ assertion: { name: "chain", ok: true, expected: expectedChain, actual: "trusted", severity: "down" }, sentence: "" });
  } else if (DATE_CODES.has(code) && (now < validFromMs || leftMs <= 0)) {
    // The validity assertion already says so; OpenSSL reports one error only, so whether the
    // chain is otherwise trusted cannot be told.
    judged.push({
      assertion: { name: "chain", ok: false, expected: expectedChain, actual: `not verified: the certificate is outside its validity dates (${code})`, severity: "down" },
      sentence: "",
    });
  } else if (DATE_CODES.has(code)) {
    // The leaf is within its dates, so an intermediate or root is not (e.g. an expired root that a
    // server still sends). allowSelfSigned does not excuse this.
    const state = code === "CERT_HAS_EXPIRED" ? "has expired" : "is not valid yet";
    judged.push({
      assertion: { name: "chain", ok: false, expected: expectedChain, actual: `an intermediate or root certificate ${state} (${code})`, severity: "down" },
      sentence: `an intermediate or root certificate in the chain ${state} (${code}); the server must send a current chain`,
    });
  } else {
    const words = chainInWords(code);
    const excused = config.allowSelfSigned && UNTRUSTED_CHAIN_CODES.has(code);
    judged.push({
      assertion: { name: "chain", ok: excused, expected: expectedChain, actual: excused ? `${words.actual}, allowed` : words.actual, severity: "down" },
      sentence: words.sentence,
    });
  }

  // Who issued it: recorded for the page, never failing.
  judged.push({ assertion: { name: "issuer", ok: true, expected: "any issuer", actual: `issuer: ${facts.issuer}`, severity: "degraded" }, sentence: "" });
  return judged;
}

// ---------------------------------------------------------------------------------------------
// Running the check
// ---------------------------------------------------------------------------------------------

function phaseInWords(state: SocketCheckState): string {
  switch (state.phase) {
    case "dns":
      return `resolving ${state.host}`;
    case "connect":
      return `connecting to ${state.where}`;
    case "tls":
      return `in the TLS handshake with ${state.where}`;
    default:
      return `talking to ${state.where}`;
  }
}

/**
 * One TLS certificate check: resolve, apply the target policy, connect, handshake without
 * rejecting, then judge the certificate (dates, expiry window, name, chain). Never throws:
 * whatever the target does becomes a result with an error class and a message.
 */
export async function runTlsCheck(config: TlsCheckConfig, opts: CheckRunOptions): Promise<TlsCheckResult> {
  return runSocketCheck<TlsCheckResult>({
    type: "tls",
    // The handshake does not reject, so that an invalid certificate can still be read and described.
    target: { host: config.host, port: config.port, protocol: "tls:", servername: config.servername },
    opts,
    phaseInWords,
    body: async ({ state, socket, finish }) => {
      const secure = socket as tls.TLSSocket;
      const cert = secure.getPeerCertificate();
      if (!cert || !cert.valid_to) throw new CheckFailure("tls", `${state.where} completed the handshake without a certificate`);
      const facts = certificateFacts(cert);
      for (const { assertion, sentence } of judgeCertificate(config, secure, cert, facts, Date.now())) state.assertions.add(assertion, sentence);
      return finish({ ...state.assertions.verdict("tls"), tlsExpiresAt: facts.validTo, certificate: facts, tlsVerified: secure.authorized });
    },
  });
}

export const tlsCheck = defineCheckType({ type: "tls", configSchema: tlsCheckConfigSchema, run: runTlsCheck });
