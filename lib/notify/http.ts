/**
 * The one way the HTTP channels (Slack, Discord, webhook, ntfy, SMS) and subscriber webhooks
 * talk to their receivers: a POST with an overall deadline and a capped answer, and one mapping
 * from what happened to whether trying again can help.
 *
 * Every connection goes through the checks' connector (lib/checks/connector.ts), under a target
 * policy applied to the address actually connected: for channels that is PROBE_BLOCK_PRIVATE,
 * like checks, so that whoever may configure a channel cannot use its error messages to read
 * the network the worker runs in. A refused target is never connected to, so no answer of its
 * ends up in the delivery log.
 */
import type { IncomingHttpHeaders } from "node:http";
import { request } from "undici";
import { z } from "zod";
import { guardedDispatcher, policyRefusal } from "../checks/connector";
import { judgeOf, policyFromEnv, type AddressJudge } from "../checks/policy";
import { maskSecret } from "./mask";
import { oneLine, truncate } from "./format";
import { DeliveryError, type SendOptions, type SendOutcome } from "./types";

export const NOTIFY_USER_AGENT = "status-monitor/0.1 (notifications)";
/** Most of an answer we read; the rest is dropped (only a snippet ends up in the delivery log). */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** Most characters of an answer quoted in an error (the outbox caps the whole error too). */
export const ANSWER_SNIPPET_CHARS = 300;
/** A Retry-After beyond this is read as this: the outbox's own backoff takes over. */
const MAX_RETRY_AFTER_MS = 24 * 60 * 60 * 1000;

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A receiver URL setting. `httpsOnly`: plain http only on loopback (for tests and local relays);
 * `secret`: the URL is itself the credential, so an error shows it masked.
 */
export function endpointUrlSchema(options: { example: string; httpsOnly: boolean; secret: boolean }) {
  const { example, httpsOnly, secret } = options;
  const shown = (value: string) => (secret ? maskSecret(value) : JSON.stringify(value));
  return z.string({ error: (iss) => (iss.input === undefined ? `is required: a URL like ${example}` : `expected a URL like ${example}`) }).superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: `expected a URL like ${example}, got ${shown(value)}` });
      return;
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      ctx.addIssue({ code: "custom", message: `must be an https URL like ${example}, got ${shown(value)}` });
    } else if (httpsOnly && url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
      ctx.addIssue({ code: "custom", message: `must be an https URL (http only for localhost), got ${shown(value)}` });
    } else if (url.username || url.password) {
      ctx.addIssue({ code: "custom", message: `must not contain a user name or password, got ${maskSecret(value)}` });
    }
  });
}

export interface HttpAnswer {
  statusCode: number;
  headers: IncomingHttpHeaders;
  /** The answer's body as text, up to MAX_ANSWER_BYTES. */
  text: string;
}

/** Which addresses a send may connect to, and what a refusal tells the user to change. */
export interface OutboundPolicy {
  /** Refuses addresses; undefined lets everything through. */
  judge: AddressJudge | undefined;
  /** Appended to a refusal ("…; point the channel at …"). */
  advice?: string;
}

/** Alert channels follow PROBE_BLOCK_PRIVATE, like checks (read at each send). */
export function channelPolicy(env: Readonly<Record<string, string | undefined>> = process.env): OutboundPolicy {
  return {
    judge: judgeOf(policyFromEnv(env)),
    advice: "point the channel at a public address, or set PROBE_BLOCK_PRIVATE=false to allow private receivers",
  };
}

/**
 * POSTs and reads the answer within `options.timeoutMs` overall. Throws a retryable
 * DeliveryError when no answer came (refused, reset, DNS, TLS, deadline), and one that is not
 * retryable when the target policy refused the address (the settings must change); any answer
 * is returned, whatever its status. `service` names the receiver in errors ("slack"); the URL is
 * never quoted in full, because for webhooks the URL is the secret. `policy`: channelPolicy()
 * unless given.
 */
export async function postHttp(
  service: string,
  url: string,
  init: { headers: Record<string, string>; body: string },
  options: Pick<SendOptions, "timeoutMs"> & { policy?: OutboundPolicy },
): Promise<HttpAnswer> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const host = new URL(url).host;
  const policy = options.policy ?? channelPolicy();
  const dispatcher = guardedDispatcher(policy.judge, signal);
  try {
    const res = await request(url, {
      method: "POST",
      headers: { "user-agent": NOTIFY_USER_AGENT, ...init.headers },
      body: init.body,
      signal,
      dispatcher,
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      const buf = chunk as Buffer;
      chunks.push(buf.subarray(0, MAX_ANSWER_BYTES - size));
      size += buf.length;
      if (size >= MAX_ANSWER_BYTES) {
        res.body.destroy();
        break;
      }
    }
    return { statusCode: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") };
  } catch (err) {
    if (signal.aborted) throw new DeliveryError(`${service}: no answer from ${host} within ${options.timeoutMs} ms`, true);
    const refused = policyRefusal(err);
    if (refused) throw new DeliveryError(`${service}: ${refused.message}${policy.advice ? `; ${policy.advice}` : ""}`, false);
    const e = err as NodeJS.ErrnoException;
    const reason = e.code && !e.message.includes(e.code) ? `${e.code}: ${e.message}` : e.message;
    throw new DeliveryError(`${service}: could not reach ${host}: ${reason}`, true);
  } finally {
    dispatcher.destroy().catch(noop);
  }
}

function noop() {}

/** POSTs `payload` as JSON and maps the answer with `expectSuccess`. */
export async function postJson(
  service: string,
  url: string,
  payload: unknown,
  options: Pick<SendOptions, "timeoutMs">,
  describe?: (answer: HttpAnswer) => string | undefined,
): Promise<SendOutcome> {
  const answer = await postHttp(service, url, { headers: { "content-type": "application/json; charset=utf-8" }, body: JSON.stringify(payload) }, options);
  return expectSuccess(service, answer, describe);
}

/** 408, 429 and 5xx can pass by themselves; other 4xx need someone to change something first. */
export function isRetryableStatus(statusCode: number): boolean {
  return statusCode === 408 || statusCode === 429 || statusCode >= 500;
}

/**
 * A 2xx answer becomes the receipt; anything else a DeliveryError quoting the start of the answer
 * (or `describe`'s reading of it, for receivers whose errors are JSON).
 */
export function expectSuccess(service: string, answer: HttpAnswer, describe?: (answer: HttpAnswer) => string | undefined): SendOutcome {
  const { statusCode } = answer;
  if (statusCode >= 200 && statusCode < 300) return { detail: `HTTP ${statusCode}` };
  if (statusCode >= 300 && statusCode < 400) {
    const location = typeof answer.headers.location === "string" ? ` to ${answerSnippet(maskSecret(answer.headers.location))}` : "";
    throw new DeliveryError(`${service}: HTTP ${statusCode} redirect${location}; configure the final URL instead`, false);
  }
  // describe() reads a receiver's JSON, whose message can be as long as the answer: cut it too.
  const described = describe?.(answer);
  const said = described === undefined ? answerSnippet(answer.text) : answerSnippet(described);
  throw new DeliveryError(
    `${service}: HTTP ${statusCode}${said ? `: ${said}` : ""}`,
    isRetryableStatus(statusCode),
    statusCode === 429 || statusCode === 503 ? retryAfterMs(answer.headers) : undefined,
  );
}

/** The start of an answer on one line, for an error message. */
export function answerSnippet(text: string): string {
  return truncate(oneLine(text), ANSWER_SNIPPET_CHARS);
}

/** Retry-After in seconds or as an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const value = headers["retry-after"];
  if (typeof value !== "string" || value.trim() === "") return undefined;
  const seconds = Number(value);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(value) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, Math.ceil(ms)));
}
