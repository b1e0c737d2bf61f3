/**
 * Webhooks to public subscribers (lib/subscriptions): a ready, signed POST to one URL, queued in
 * the outbox as a "direct" message like subscriber emails. Unlike alert channels, the URL was
 * typed in by anyone on the internet, so the worker refuses to post to private, loopback,
 * link-local and metadata addresses (the server must not become a way into its own network).
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { isPrivateAddress } from "../checks/policy";
import { decryptSecret } from "../secrets/crypto";
import { expectSuccess, postHttp } from "./http";
import { DeliveryError, type SendOptions, type SendOutcome } from "./types";
import { signWebhook } from "./webhook";

/** The outbox type of a subscriber webhook (channel id 0, message.direct = "webhook"). */
export const DIRECT_WEBHOOK_TYPE = "direct-webhook";

export interface DirectWebhookMessage {
  direct: "webhook";
  /** For the delivery log. */
  title: string;
  url: string;
  /** The JSON body, exactly as signed and sent. */
  body: string;
  /** The subscriber's Standard Webhooks secret, encrypted (lib/secrets/crypto.ts). */
  secret: string;
}

export function directWebhookMessage(m: Omit<DirectWebhookMessage, "direct">): DirectWebhookMessage {
  return { direct: "webhook", ...m };
}

/**
 * Tests (and installations that want subscribers inside their own network) set
 * SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE=1 to allow private and loopback targets.
 */
export function allowPrivateSubscriberWebhooks(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return /^(1|true|yes)$/i.test((env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE ?? "").trim());
}

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, "$1");

/** Why a URL may not receive subscriber webhooks, judged without DNS (literal addresses, localhost). */
export function literalTargetProblem(url: URL, env?: Readonly<Record<string, string | undefined>>): string | undefined {
  if (allowPrivateSubscriberWebhooks(env)) return undefined;
  const host = unbracket(url.hostname).toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && isPrivateAddress(host))) {
    return `must be a public address; ${url.hostname} is a private or loopback address`;
  }
  return undefined;
}

/** The same, after resolving the name: every address it resolves to must be public. */
async function resolvedTargetProblem(url: URL, env?: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const literal = literalTargetProblem(url, env);
  if (literal || allowPrivateSubscriberWebhooks(env)) return literal;
  const host = unbracket(url.hostname);
  if (isIP(host) !== 0) return undefined;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch {
    return undefined; // the POST itself reports the DNS failure, as retryable
  }
  const bad = addresses.find((a) => isPrivateAddress(a.address));
  return bad ? `${host} resolves to ${bad.address}, a private or loopback address` : undefined;
}

export async function sendDirectWebhook(message: Record<string, unknown>, options: SendOptions): Promise<SendOutcome> {
  const m = message as unknown as DirectWebhookMessage;
  let url: URL;
  try {
    url = new URL(m.url);
  } catch {
    throw new DeliveryError("webhook: the subscriber's URL is not a URL", false);
  }
  const problem = await resolvedTargetProblem(url);
  if (problem) throw new DeliveryError(`webhook: refused to post to a subscriber URL: ${problem}`, false);
  const answer = await postHttp(
    "webhook",
    m.url,
    { headers: { "content-type": "application/json", ...signWebhook(decryptSecret(m.secret), options.idempotencyKey, new Date(), m.body) }, body: m.body },
    options,
  );
  return expectSuccess("webhook", answer);
}
