/** The assertions of an HTTP check on the response it judged, each with its failure in words. */
import type { Dispatcher } from "undici";
import { DAY_MS, plural, type Assertions } from "../frame";
import { evaluateJsonAssertion } from "../json-path";
import { regexTimeoutMessage, testWithTimeout } from "../safe-regex";
import type { HttpCheckConfig, PreparedHttpConfig } from "./config";
import type { CheckState } from "./state";

/** How much of a response header value an assertion result shows. */
const HEADER_VALUE_MAX_CHARS = 200;
const JSON_ERROR_MAX_CHARS = 160;

/** The status must be in one of the expected ranges. */
export function judgeStatus(config: HttpCheckConfig, prepared: PreparedHttpConfig, statusCode: number, out: Assertions) {
  const ok = config.expectedStatus.some(([lo, hi]) => statusCode >= lo && statusCode <= hi);
  const expected = prepared.expectedStatusText;
  out.add({ name: "status", ok, expected, actual: String(statusCode), severity: "down" }, `status ${statusCode}, expected ${expected}`);
}

function capText(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

/** One assertion per expected header: present, and its value contains the text (case-insensitive). */
export function judgeHeaders(expected: [string, string, string][], headers: Dispatcher.ResponseData["headers"], out: Assertions) {
  for (const [name, text, textLower] of expected) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw.join(", ") : raw;
    const wanted = JSON.stringify(text);
    const actual = value === undefined ? "absent" : JSON.stringify(capText(value, HEADER_VALUE_MAX_CHARS));
    out.add(
      { name: `header ${name}`, ok: value !== undefined && value.toLowerCase().includes(textLower), expected: `contains ${wanted}`, actual, severity: "down" },
      `header ${name} is ${actual}, expected it to contain ${wanted}`,
    );
  }
}

/** Adds the body, certificate and latency assertions (status and headers are added when the headers arrive). */
export function judgeResponse(config: HttpCheckConfig, prepared: PreparedHttpConfig, state: CheckState, body: Buffer | undefined, totalUs: number) {
  const out = state.assertions;
  const text = body?.toString("utf8") ?? "";
  if (config.bodyContains !== undefined) {
    const found = text.includes(config.bodyContains);
    const wanted = JSON.stringify(config.bodyContains);
    out.add({ name: "bodyContains", ok: found, expected: `contains ${wanted}`, actual: found ? "found" : "not found", severity: "down" }, `body does not contain ${wanted}`);
  }
  if (config.bodyNotContains !== undefined) {
    const found = text.includes(config.bodyNotContains);
    const unwanted = JSON.stringify(config.bodyNotContains);
    out.add({ name: "bodyNotContains", ok: !found, expected: `does not contain ${unwanted}`, actual: found ? "found" : "not found", severity: "down" }, `body contains ${unwanted}`);
  }
  if (prepared.bodyRegex) {
    const outcome = testWithTimeout(prepared.bodyRegex, text);
    const pattern = `/${config.bodyRegex}/`;
    const actual = outcome === "timed out" ? regexTimeoutMessage() : outcome === "matched" ? "matched" : "no match";
    out.add(
      { name: "bodyRegex", ok: outcome === "matched", expected: `matches ${pattern}`, actual, severity: "down" },
      outcome === "timed out" ? actual : `body does not match ${pattern}`,
    );
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
      out.add({ name: "json", ok, expected: assertion.source, actual, severity: "down" }, notJson ?? `${assertion.source}: got ${actual}`);
    }
  }
  const warningMs = prepared.tlsExpiryWarningMs;
  if (state.tlsExpiresAt !== undefined && warningMs > 0) {
    // An expired certificate never gets here: the connector refuses it.
    const leftMs = state.tlsExpiresAt * 1000 - Date.now();
    const days = leftMs < DAY_MS ? 0 : Math.round(leftMs / DAY_MS);
    const actual = `expires in ${days === 0 ? "less than a day" : plural(days, "day")}, on ${new Date(state.tlsExpiresAt * 1000).toISOString().slice(0, 10)}`;
    out.add({ name: "tlsExpiry", ok: leftMs >= warningMs, expected: prepared.tlsExpiryExpected, actual, severity: "degraded" }, `certificate ${actual}`);
  }
  if (config.maxLatency !== undefined) {
    const actual = `${Math.round(totalUs / 1_000)} ms`;
    out.add(
      { name: "maxLatency", ok: totalUs <= config.maxLatency * 1_000, expected: `≤ ${config.maxLatency} ms`, actual, severity: "degraded" },
      `slow: ${actual}, limit ${config.maxLatency} ms`,
    );
  }
}
