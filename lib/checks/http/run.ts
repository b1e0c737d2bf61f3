import { Assertions, CheckFailure, startDeadline, startResult, stoppedOutcome } from "../frame";
import { prepare, type HttpCheckConfig, type PreparedHttpConfig } from "./config";
import { classifyError, phaseInWords } from "./errors";
import { readBody, startHop } from "./hop";
import { judgeHeaders, judgeResponse, judgeStatus } from "./judge";
import { requestHeaders } from "./request";
import type { CheckState, HttpCheckOptions, HttpCheckResult } from "./state";
import { bodyPrefixText } from "./body";
import { capUtf8, RESPONSE_BODY_MAX_BYTES, RESPONSE_HEADERS_MAX_BYTES, type ResponseEvidence } from "../types";

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers we must not forward to another origin on a redirect. */
const CREDENTIAL_HEADERS = ["authorization", "cookie", "proxy-authorization", "host"];
/** Request headers that describe the body, dropped with it when a redirect turns the method into GET. */
const BODY_HEADERS = ["content-type", "content-encoding", "content-language", "content-location"];

/**
 * One HTTP(S) check: a fresh connection per hop (no keep-alive, no TLS session reuse), one
 * deadline over everything, a body cap, redirects, and a phase split in integer microseconds.
 * Phase times of a redirect chain are summed over its hops, so they add up to about totalUs.
 * Never throws: whatever the target does becomes a result with an error class and a message.
 */
export async function runHttpCheck(config: HttpCheckConfig, opts: HttpCheckOptions): Promise<HttpCheckResult> {
  let state: CheckState | undefined;
  const { finish: finishResult, elapsedUs } = startResult<HttpCheckResult>(() =>
    state
      ? {
          phases: state.phases,
          statusCode: state.statusCode,
          assertions: state.assertions.list,
          tlsExpiresAt: state.tlsExpiresAt,
          tlsVerified: state.tlsVerified,
          httpVersion: state.statusCode !== undefined ? "1.1" : undefined,
          redirects: state.redirects,
          finalUrl: state.url.href,
        }
      : { phases: {}, assertions: [], redirects: 0, finalUrl: config.url },
  );
  // A result that is not up carries what the target answered, if it answered.
  const finish: typeof finishResult = (fields) => {
    const result = finishResult(fields);
    const response = result.status !== "up" && state ? responseEvidence(state) : undefined;
    return response ? { ...result, response } : result;
  };
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    // The schema only lets valid URLs through, so this is a bug on our side, not the target's.
    return finish({ status: "down", errorClass: "internal", message: `invalid URL ${JSON.stringify(config.url)}` });
  }
  let prepared: PreparedHttpConfig;
  try {
    prepared = prepare(config);
  } catch (err) {
    // The schema validated these fields, so a stored config that does not compile is our bug.
    return finish({ status: "down", errorClass: "internal", message: `invalid check config: ${(err as Error).message}` });
  }
  const current: CheckState = { url, phase: "dns", phases: {}, redirects: 0, assertions: new Assertions() };
  state = current;

  const deadline = startDeadline(opts);
  // Belt and braces: whatever a library does with the signal, the socket goes at the deadline.
  deadline.signal.addEventListener("abort", () => current.destroyHop?.(), { once: true });

  try {
    const body = await fetchFollowingRedirects(config, prepared, opts, current, deadline.signal);
    const totalUs = elapsedUs();
    judgeResponse(config, prepared, current, body, totalUs);
    return finish({ totalUs, ...current.assertions.verdict("assertion") });
  } catch (err) {
    const stopped = stoppedOutcome(deadline.signal.aborted ? deadline.signal.reason : undefined, opts.timeoutMs, phaseInWords(current));
    if (stopped) return finish(stopped);
    return finish({ status: "down", ...classifyError(err, current) });
  } finally {
    deadline.dispose();
    current.destroyHop?.();
  }
}

/** Runs hops until a response is not a redirect to follow; returns that response's body if kept. */
async function fetchFollowingRedirects(
  config: HttpCheckConfig,
  prepared: PreparedHttpConfig,
  opts: HttpCheckOptions,
  state: CheckState,
  signal: AbortSignal,
): Promise<Buffer | undefined> {
  let method: string = config.method;
  let body = prepared.requestBody;
  const headers = requestHeaders(config, prepared, opts);
  const visited = new Set<string>();

  for (;;) {
    const url = state.url;
    visited.add(url.href);
    const hop = await startHop(url, method, headers, body, config, opts, state, signal);
    try {
      const { statusCode, headers: responseHeaders } = hop.response;
      const rawLocation = responseHeaders.location;
      const location = Array.isArray(rawLocation) ? rawLocation[0] : rawLocation;
      state.statusCode = statusCode;

      if (config.maxRedirects > 0 && REDIRECT_STATUSES.has(statusCode) && location) {
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new CheckFailure("protocol", `redirect to an invalid URL: ${JSON.stringify(location)}`);
        }
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new CheckFailure("protocol", `redirect to unsupported scheme ${next.protocol}`);
        }
        // Credentials in a Location are never sent (we do not use URL credentials) nor recorded.
        next.username = "";
        next.password = "";
        if (visited.has(next.href)) {
          throw new CheckFailure("protocol", `redirect loop: ${url.href} redirects to ${next.href}, which was already visited`);
        }
        if (state.redirects >= config.maxRedirects) {
          throw new CheckFailure("protocol", `more than ${config.maxRedirects} redirects (stopped at ${next.href})`);
        }
        if ((statusCode === 303 && method !== "HEAD") || ((statusCode === 301 || statusCode === 302) && method === "POST")) {
          method = "GET";
          if (body) {
            body = undefined;
            for (const name of BODY_HEADERS) delete headers[name];
          }
        }
        if (next.origin !== url.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
        // Let the (usually empty) redirect body end: undici keeps its abort listener on our
        // signal until the body closes, and a chain of 20 hops would pile up 20 of them.
        hop.response.body.resume();
        state.redirects += 1;
        state.url = next;
        continue;
      }

      state.responseHeaders = responseHeaders;
      judgeStatus(config, prepared, statusCode, state.assertions);
      if (prepared.expectHeaders) judgeHeaders(prepared.expectHeaders, responseHeaders, state.assertions);
      const responseBody = await readBody(hop.response, config, prepared, state);
      // The whole body was read: close quietly (destroying would build an error object per check).
      hop.close();
      return responseBody;
    } finally {
      hop.destroy();
    }
  }
}


/** The judged response's headers and first body bytes, bounded; undefined when no response came. */
function responseEvidence(state: CheckState): ResponseEvidence | undefined {
  const headers = state.responseHeaders;
  if (!headers) return undefined;
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${Array.isArray(value) ? value.join(", ") : (value ?? "")}`);
  return {
    headers: capUtf8(lines.join("\n"), RESPONSE_HEADERS_MAX_BYTES),
    body: bodyPrefixText(Buffer.concat(state.bodyPrefix ?? []), headers["content-encoding"], RESPONSE_BODY_MAX_BYTES),
  };
}
