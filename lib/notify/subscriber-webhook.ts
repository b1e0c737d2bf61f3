/**
 * Webhooks to public subscribers (lib/subscriptions): a ready, signed POST to one URL, queued in
 * the outbox as a "direct" message like subscriber emails. Unlike alert channels, the URL was
 * typed in by anyone on the internet, so the worker refuses to post to private, loopback,
 * link-local and metadata addresses (the server must not become a way into its own network),
 * whatever PROBE_BLOCK_PRIVATE says. The refusal is made by the connector on the addresses it
 * connects to (lib/checks/connector.ts), not by a lookup of its own beforehand, which a name
 * could answer differently the second time (DNS rebinding).
 */
import { isIP } from "node:net";
import type { AddressJudge } from "../checks/policy";
import { isPrivateAddress } from "../checks/policy";
import { decryptSecret } from "../secrets/crypto";
import { expectSuccess, postHttp, type OutboundPolicy } from "./http";
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
 * SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE=1 allows private and loopback targets: for tests, whose
 * receivers are on loopback, and for installations whose subscribers are inside their own
 * network. Off unless set; PROBE_BLOCK_PRIVATE has no say here.
 */
export function allowPrivateSubscriberWebhooks(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return /^(1|true|yes)$/i.test((env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE ?? "").trim());
}

const unbracket = (host: string) => host.replace(/^\[(.*)\]$/, "$1");

/**
 * Why a URL may not receive subscriber webhooks, judged without DNS (literal addresses,
 * localhost): for the subscribe form, so that a person hears at once. Delivery does not rely on it.
 */
export function literalTargetProblem(url: URL, env?: Readonly<Record<string, string | undefined>>): string | undefined {
  if (allowPrivateSubscriberWebhooks(env)) return undefined;
  const host = unbracket(url.hostname).toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || (isIP(host) !== 0 && isPrivateAddress(host))) {
    return `must be a public address; ${url.hostname} is a private or loopback address`;
  }
  return undefined;
}

/** The connector's judge for subscriber webhooks: every address must be public. */
const publicOnly: AddressJudge = (hostname, address) => {
  if (!isPrivateAddress(address)) return undefined;
  const what = hostname === address ? `${address} is` : `${hostname} resolves to ${address},`;
  return `refused to post to a subscriber URL: ${what} a private or loopback address`;
};

/** The policy subscriber webhooks are sent under (read at each send). */
export function subscriberWebhookPolicy(env: Readonly<Record<string, string | undefined>> = process.env): OutboundPolicy {
  return { judge: allowPrivateSubscriberWebhooks(env) ? undefined : publicOnly };
}

export async function sendDirectWebhook(message: Record<string, unknown>, options: SendOptions): Promise<SendOutcome> {
  const m = message as unknown as DirectWebhookMessage;
  let url: URL;
  try {
    url = new URL(m.url);
  } catch {
    throw new DeliveryError("webhook: the subscriber's URL is not a URL", false);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new DeliveryError(`webhook: the subscriber's URL must be http(s), got ${url.protocol}`, false);
  const answer = await postHttp(
    "webhook",
    m.url,
    { headers: { "content-type": "application/json", ...signWebhook(decryptSecret(m.secret), options.idempotencyKey, new Date(), m.body) }, body: m.body },
    { timeoutMs: options.timeoutMs, policy: subscriberWebhookPolicy() },
  );
  return expectSuccess("webhook", answer);
}
