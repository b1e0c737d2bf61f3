import type { z } from "zod";

/**
 * The one result shape every check type returns. A check never throws for a target's reason:
 * whatever the target does, it becomes a result with an error class and a message in words.
 */

export const RESULT_STATUSES = ["up", "degraded", "down"] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

/** Compact storage codes for check_results.status. */
export const RESULT_STATUS_CODES: Record<ResultStatus, number> = { up: 0, degraded: 1, down: 2 };
export const RESULT_STATUS_BY_CODE: ResultStatus[] = ["up", "degraded", "down"];

export const ERROR_CLASSES = [
  "dns", // the name did not resolve
  "connect", // refused, unreachable, reset before a response
  "tls", // handshake or certificate problem
  "timeout", // the overall deadline passed
  "assertion", // a response came, but an assertion failed
  "protocol", // malformed response, reset mid-body, body over the cap, bad redirect
  "blocked", // refused by the target safety policy
  "internal", // a bug on our side; never blamed on the target
] as const;
export type ErrorClass = (typeof ERROR_CLASSES)[number];

/**
 * System and library error codes a check meets, in a few words. Every message names a code this
 * way, words first: "connection refused (ECONNREFUSED)", never a bare code.
 */
const ERROR_CODE_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ECONNABORTED: "connection aborted",
  EPIPE: "connection closed while sending",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  EHOSTDOWN: "host down",
  ENETUNREACH: "network unreachable",
  ENETDOWN: "network down",
  ENETRESET: "connection dropped by the network",
  EADDRNOTAVAIL: "address not available on this probe",
  ENOTFOUND: "no such name",
  ENODATA: "no records",
  EAI_AGAIN: "DNS lookup failed for now",
  EAI_FAIL: "DNS lookup failed",
  ESERVFAIL: "DNS server failed",
  EREFUSED: "DNS server refused",
  ETIMEOUT: "DNS query timed out",
  EPROTO: "protocol error",
  UND_ERR_SOCKET: "connection closed",
  UND_ERR_HEADERS_OVERFLOW: "response headers too large",
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: "body length differs from its content-length",
};

/**
 * "connection refused (ECONNREFUSED)"; a code without words of its own gets `fallback` (the
 * error's own text) or "error", then the code. Without a code: the fallback alone.
 */
export function codeInWords(code: string | undefined, fallback?: string): string {
  if (code === undefined) return fallback ?? "unknown error";
  return `${ERROR_CODE_WORDS[code] ?? fallback ?? "error"} (${code})`;
}

/** What one assertion compared, e.g. { name: "status", expected: "200-299", actual: "503" }. */
export interface AssertionResult {
  name: string;
  ok: boolean;
  expected: string;
  actual: string;
  /** A failed "down" assertion makes the result down; a failed "degraded" one degrades it. */
  severity: "down" | "degraded";
}

/** Phase durations in integer microseconds; absent when the phase did not happen. */
export interface PhaseTimings {
  dnsUs?: number;
  connectUs?: number;
  tlsUs?: number;
  firstByteUs?: number;
  transferUs?: number;
}

export interface CheckResult {
  status: ResultStatus;
  /** Epoch milliseconds when the check started. */
  startedAt: number;
  /** Whole check duration in integer microseconds. */
  totalUs: number;
  phases: PhaseTimings;
  statusCode?: number;
  errorClass?: ErrorClass;
  /** Why it is not up, in words ("status 503, expected 200-299"). Absent when up. */
  message?: string;
  assertions: AssertionResult[];
  /** Certificate notAfter, epoch seconds. */
  tlsExpiresAt?: number;
  httpVersion?: string;
  /** What the target answered, for a check that is not up (stored only then). */
  response?: ResponseEvidence;
  artifacts?: CheckArtifacts;
}

/** Most bytes of response headers a failed result keeps. */
export const RESPONSE_HEADERS_MAX_BYTES = 4096;
/** Most bytes of a response body a failed result keeps. */
export const RESPONSE_BODY_MAX_BYTES = 1024;

/**
 * A failed check's response as the team needs it to see why: its headers as "name: value"
 * lines and the first bytes of its body as text, each bounded (see capUtf8).
 */
export interface ResponseEvidence {
  headers: string;
  body: string;
}

/** `text` cut to at most `maxBytes` of UTF-8, never inside a character. */
export function capUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  // A cut inside a character decodes as U+FFFD at the end: drop it.
  return bytes.subarray(0, maxBytes).toString("utf8").replace(/\uFFFD$/, "");
}

/** Microseconds between two performance.now() readings, as an integer. */
export function elapsedUs(from: number, to: number = performance.now()): number {
  return Math.max(0, Math.round((to - from) * 1000));
}

/** What every check type's run() is given besides its own config. */
export interface CheckRunOptions {
  /** Overall deadline for the whole check. */
  timeoutMs: number;
  /** Cancels the check (worker shutdown); the result is then "internal", not the target's fault. */
  signal?: AbortSignal;
  /** Identifies our probe to the target, where the protocol has a place for it. */
  userAgent?: string;
  /** Target safety policy (PROBE_BLOCK_PRIVATE); open when absent. */
  policy?: import("./policy").TargetPolicy;
}

/**
 * One check type, as the registry (CHECK_TYPES in index.ts) holds it. Made with defineCheckType
 * in the check's own module.
 */
export interface CheckType<T extends string = string, S extends z.ZodObject = z.ZodObject> {
  type: T;
  /** The type's own fields in status.config.yaml; the output is stored as monitors.check_config. */
  configSchema: S;
  /** Runs one check; absent for a pushed type. Never throws for a target's reason. */
  run?(config: z.output<S>, opts: CheckRunOptions): Promise<CheckResult>;
  /** Results come from the monitored job itself (/api/push/<token>), not from a probe. */
  pushed: boolean;
  /** Most checks of this type running at once in one probe; no limit when absent. */
  maxConcurrent?: number;
}

export function defineCheckType<T extends string, S extends z.ZodObject>(definition: Omit<CheckType<T, S>, "pushed"> & { pushed?: boolean }): CheckType<T, S> {
  return { pushed: false, ...definition };
}

/** Large by-products of a check, stored beside the result (size-bounded), not in it. */
export interface CheckArtifacts {
  /** A PNG screenshot of a failed browser check. */
  screenshotPng?: Buffer;
}
