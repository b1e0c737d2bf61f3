/** The assertions of an HTTP check on the response it judged, and their failures in words. */
import type { Dispatcher } from "undici";
import { DAY_MS, plural } from "../frame";
import { evaluateJsonAssertion } from "../json-path";
import { regexTimeoutMessage, testWithTimeout } from "../safe-regex";
import type { AssertionResult } from "../types";
import type { HttpCheckConfig, PreparedHttpConfig } from "./config";
import type { CheckState } from "./state";

/** How much of a response header value an assertion result shows. */
const HEADER_VALUE_MAX_CHARS = 200;
const JSON_ERROR_MAX_CHARS = 160;

export function statusAssertion(config: HttpCheckConfig, prepared: PreparedHttpConfig, statusCode: number): AssertionResult {
  const ok = config.expectedStatus.some(([lo, hi]) => statusCode >= lo && statusCode <= hi);
  return { name: "status", ok, expected: prepared.expectedStatusText, actual: String(statusCode), severity: "down" };
}


export function capText(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}


/** One assertion per expected header: present, and its value contains the text (case-insensitive). */

export function headerAssertions(expected: [string, string, string][], headers: Dispatcher.ResponseData["headers"], out: AssertionResult[]) {
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


/** Adds the body, certificate and latency assertions (status and headers are added when the headers arrive). */

export function judgeResponse(config: HttpCheckConfig, prepared: PreparedHttpConfig, state: CheckState, body: Buffer | undefined, totalUs: number) {
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

export function failureSentences(assertions: AssertionResult[], severity: AssertionResult["severity"]): string {
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

