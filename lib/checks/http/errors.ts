/** What went wrong in an HTTP check, in words: where it was, and what an error from any phase means. */
import { errors as undiciErrors } from "undici";
import { ConnectPhaseError } from "../connector";
import { CheckFailure, errorCode, plural } from "../frame";
import { codeInWords, type ErrorClass } from "../types";
import type { CheckState } from "./state";

export function phaseInWords(state: CheckState): string {
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

export function classifyError(err: unknown, state: CheckState): { errorClass: ErrorClass; message: string } {
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

