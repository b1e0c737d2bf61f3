/** What an HTTP check returns, and what it has learned while it runs. */
import type { Dispatcher } from "undici";
import type { ConnectPhase } from "../connector";
import type { Assertions } from "../frame";
import type { CheckResult, CheckRunOptions, PhaseTimings } from "../types";

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

export type CheckPhase = ConnectPhase | "headers" | "body";

/** Everything learned so far; a failure result is built from whatever got this far. */
export interface CheckState {
  url: URL;
  phase: CheckPhase;
  phases: PhaseTimings;
  redirects: number;
  statusCode?: number;
  tlsExpiresAt?: number;
  tlsVerified?: boolean;
  assertions: Assertions;
  /** Headers of the judged response (evidence should the check fail). */
  responseHeaders?: Dispatcher.ResponseData["headers"];
  /** The first wire bytes of the judged response's body, in the chunks they came in (see body.ts RAW_PREFIX_BYTES). */
  bodyPrefix?: Buffer[];
  /** Destroys the current hop's connection; called on abort so nothing outlives the deadline. */
  destroyHop?: () => void;
}

