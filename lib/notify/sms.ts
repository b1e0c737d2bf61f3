/**
 * SMS through Twilio's REST API (Messages resource). The text is short and says what is down,
 * since when and where, and ends with the acknowledge link, which is never cut.
 */
import { z } from "zod";
import { eventLabel, formatUtcTime, isWebUrl, linkOfKind, oneLine } from "./format";
import { answerSnippet, endpointUrlSchema, expectSuccess, postHttp, type HttpAnswer } from "./http";
import { DeliveryError, type Channel, type NotificationMessage } from "./types";

export const TWILIO_DEFAULT_BASE_URL = "https://api.twilio.com";
/** At most two concatenated GSM-7 segments (153 characters each) plus a little: short and cheap. */
export const SMS_MAX_CHARS = 320;

const e164 = z
  .string({ error: "expected a phone number in E.164 form, like +14155550123" })
  .regex(/^\+[1-9]\d{6,14}$/, { error: (iss) => `expected a phone number in E.164 form (+, country code, number, no spaces), like +14155550123, got ${JSON.stringify(iss.input)}` });

export const smsConfigSchema = z.object(
  {
    /** Twilio Account SID (console → Account info), "AC" + 32 hex digits. */
    accountSid: z
      .string({ error: 'expected a Twilio Account SID: "AC" followed by 32 hex digits' })
      .regex(/^AC[0-9a-fA-F]{32}$/, { error: (iss) => `expected a Twilio Account SID: "AC" followed by 32 hex digits, got ${JSON.stringify(iss.input)}` }),
    /** Twilio Auth Token of that account. */
    authToken: z.string({ error: "expected the Twilio Auth Token of the account" }).min(1, { error: "must not be empty: paste the account's Auth Token" }),
    /** The sending number (E.164) or a Messaging Service SID ("MG…"). */
    from: z
      .string({ error: "expected the sending number, like +14155550100, or a Messaging Service SID (MG…)" })
      .regex(/^(?:\+[1-9]\d{6,14}|MG[0-9a-fA-F]{32})$/, {
        error: (iss) => `expected the sending number in E.164 form, like +14155550100, or a Messaging Service SID (MG + 32 hex digits), got ${JSON.stringify(iss.input)}`,
      }),
    /** Who gets the text, each in E.164 form. */
    to: z.array(e164, { error: "expected a list of phone numbers, like [+14155550123]" }).min(1, { error: "must list at least one phone number" }),
    /** Twilio's API origin; another value for a regional edge, a relay or tests. */
    baseUrl: endpointUrlSchema({ example: TWILIO_DEFAULT_BASE_URL, httpsOnly: true, secret: false }).default(TWILIO_DEFAULT_BASE_URL),
  },
  { error: "expected settings with accountSid, authToken, from and to" },
);

export type SmsConfig = z.output<typeof smsConfigSchema>;

export interface SmsPayload {
  /** At most SMS_MAX_CHARS characters. */
  body: string;
}

function factValue(message: NotificationMessage, pattern: RegExp): string | undefined {
  const value = message.facts.find((fact) => pattern.test(fact.label.trim()))?.value;
  return value ? oneLine(value) : undefined;
}

/** Cut with "..." rather than "…": one non-GSM character makes the whole text cost twice as much. */
function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, Math.max(0, max - 3)).join("").trimEnd() + "...";
}

/** "DOWN: API is down since 10:02 UTC (eu-west, us-east: connect ECONNREFUSED). Ack: https://…" */
export function buildSmsText(message: NotificationMessage): string {
  const title = oneLine(message.title).replace(/[.\s]+$/, "");
  // A "Since" fact knows when the trouble began; `at` is when this message was made.
  const since = /\b(\d{1,2}:\d{2})(?::\d{2})? ?UTC\b/.exec(factValue(message, /^since$/i) ?? "")?.[1];
  const when = since
    ? `since ${since} UTC`
    : `${message.event === "alert" || message.event === "maintenance_started" ? "since" : "at"} ${formatUtcTime(message.at)}`;
  const regions = factValue(message, /^regions?$/i);
  const error = factValue(message, /^(error|reason|cause)$/i);
  // "2 of 3 regions: eu-west, us-east" adds nothing when the error already names each region.
  const regionNames = regions?.replace(/^[^:]*:\s*/, "").split(/,\s*/) ?? [];
  const where = regions && error && regionNames.every((name) => error.includes(name)) ? error : [regions, error].filter(Boolean).join(": ");
  const text = `${eventLabel(message)}: ${title} ${when}${where ? ` (${where})` : ""}`;

  const ack = linkOfKind(message, "acknowledge");
  const other = linkOfKind(message, "incident") ?? linkOfKind(message, "dashboard");
  const link = ack && isWebUrl(ack.url) ? `Ack: ${ack.url}` : other && isWebUrl(other.url) ? `More: ${other.url}` : "";
  // The link is what the reader acts on: the text gives way, the link is never cut.
  if (link && Array.from(link).length + 12 <= SMS_MAX_CHARS) {
    const head = cut(text, SMS_MAX_CHARS - Array.from(link).length - 2);
    return head.endsWith("...") ? `${head} ${link}` : `${head}. ${link}`;
  }
  return cut(text, SMS_MAX_CHARS);
}

/** Twilio's errors are JSON: { code, message, more_info, status }. */
function describeTwilioError(answer: HttpAnswer): string | undefined {
  try {
    const body = JSON.parse(answer.text) as { code?: unknown; message?: unknown };
    if (typeof body.message !== "string") return undefined;
    return `${body.message}${typeof body.code === "number" ? ` (Twilio error ${body.code})` : ""}`;
  } catch {
    return undefined;
  }
}

/** Sends one text to one number; returns the message SID. */
async function sendOne(body: string, to: string, index: number, config: SmsConfig, options: { idempotencyKey: string; timeoutMs: number }): Promise<string> {
  const form = new URLSearchParams({ To: to, Body: body });
  if (config.from.startsWith("MG")) form.set("MessagingServiceSid", config.from);
  else form.set("From", config.from);
  const url = `${config.baseUrl.replace(/\/+$/, "")}/2010-04-01/Accounts/${encodeURIComponent(config.accountSid)}/Messages.json`;
  const answer = await postHttp(
    "sms",
    url,
    {
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}`,
        // One token per recipient: the same delivery retried carries the same tokens.
        "i-twilio-idempotency-token": `${options.idempotencyKey}-${index}`,
      },
      body: form.toString(),
    },
    options,
  );
  expectSuccess("sms", answer, describeTwilioError);
  let sid: unknown;
  try {
    sid = (JSON.parse(answer.text) as { sid?: unknown }).sid;
  } catch {
    sid = undefined;
  }
  if (typeof sid !== "string" || sid === "") {
    throw new DeliveryError(`sms: HTTP ${answer.statusCode} without a message sid (is baseUrl Twilio's API?): ${answerSnippet(answer.text)}`, false);
  }
  return sid;
}

export const smsChannel: Channel<SmsConfig, SmsPayload> = {
  type: "sms",
  configSchema: smsConfigSchema,
  secretFields: ["authToken"],
  build: (message) => ({ body: buildSmsText(message) }),
  async send(payload, config, options) {
    // Every number is tried even when one fails: one bad number must not keep the others asleep.
    const sent: string[] = [];
    const failed: { to: string; error: DeliveryError }[] = [];
    for (const [index, to] of config.to.entries()) {
      try {
        sent.push(`${to} ${await sendOne(payload.body, to, index, config, options)}`);
      } catch (err) {
        const error = err instanceof DeliveryError ? err : new DeliveryError(`sms: ${(err as Error).message}`, true);
        failed.push({ to, error });
      }
    }
    if (failed.length === 0) return { detail: `Twilio accepted: ${sent.join(", ")}` };
    const failures = failed.map((f) => `${f.to}: ${f.error.message.replace(/^sms: /, "")}`).join("; ");
    const retryAfter = failed.map((f) => f.error.retryAfterMs ?? 0).reduce((a, b) => Math.max(a, b), 0);
    throw new DeliveryError(
      `sms: failed for ${failures}${sent.length > 0 ? `; sent to ${sent.join(", ")}` : ""}`,
      failed.some((f) => f.error.retryable),
      retryAfter > 0 ? retryAfter : undefined,
    );
  },
};
