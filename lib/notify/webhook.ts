/**
 * A generic webhook signed per the Standard Webhooks spec (standardwebhooks.com): receivers verify
 * webhook-id, webhook-timestamp and webhook-signature with any Standard Webhooks library, and
 * deduplicate retries by webhook-id.
 */
import { Webhook } from "standardwebhooks";
import { z } from "zod";
import { endpointUrlSchema, expectSuccess, postHttp } from "./http";
import type { Channel, NotificationMessage } from "./types";

const SECRET_PREFIX = "whsec_";
// The spec asks for secrets of 24 to 64 random bytes.
const SECRET_MIN_BYTES = 24;
const SECRET_MAX_BYTES = 64;
const SECRET_HOWTO = `"whsec_" followed by base64 of ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} random bytes (make one with: echo "whsec_$(openssl rand -base64 32)")`;

/** Why a Standard Webhooks secret cannot be used, in words; undefined when it can. Never quotes the secret. */
export function webhookSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return `must be ${SECRET_HOWTO}`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded)) {
    return `is not valid base64 after "whsec_"; it must be ${SECRET_HOWTO}`;
  }
  const bytes = Buffer.from(encoded, "base64").length;
  if (bytes < SECRET_MIN_BYTES || bytes > SECRET_MAX_BYTES) return `holds ${bytes} bytes; it must be ${SECRET_HOWTO}`;
  return undefined;
}

export const webhookConfigSchema = z.object(
  {
    /** Where to POST; plain http is allowed (internal receivers), the signature protects the content. */
    url: endpointUrlSchema({ example: "https://example.com/hooks/status", httpsOnly: false, secret: false }),
    /** The shared signing secret, "whsec_" + base64 (the receiver needs the same string). */
    secret: z.string({ error: `expected a signing secret: ${SECRET_HOWTO}` }).superRefine((secret, ctx) => {
      const problem = webhookSecretProblem(secret);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  },
  { error: "expected settings with url and secret" },
);

export type WebhookConfig = z.output<typeof webhookConfigSchema>;

export const WEBHOOK_EVENT_TYPES = {
  alert: "alert.opened",
  reminder: "alert.reminder",
  recovery: "alert.resolved",
  maintenance_started: "maintenance.started",
  maintenance_completed: "maintenance.completed",
  test: "test",
} as const satisfies Record<NotificationMessage["event"], string>;

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[keyof typeof WEBHOOK_EVENT_TYPES];

/** The body, in the spec's recommended envelope: { type, timestamp, data }. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When the event happened, ISO 8601 (the webhook-timestamp header is when this attempt was sent). */
  timestamp: string;
  data: Pick<NotificationMessage, "title" | "summary" | "severity" | "facts" | "links" | "ref">;
}

export function buildWebhookPayload(message: NotificationMessage): WebhookPayload {
  return {
    type: WEBHOOK_EVENT_TYPES[message.event],
    timestamp: new Date(message.at).toISOString(),
    data: {
      title: message.title,
      summary: message.summary,
      severity: message.severity,
      facts: message.facts.map(({ label, value }) => ({ label, value })),
      links: message.links.map(({ label, url, kind }) => (kind ? { label, url, kind } : { label, url })),
      ref: message.ref,
    },
  };
}

/**
 * The three signature headers for `body`. `msgId` is the same on every retry of one delivery,
 * `sentAt` is this attempt's time (receivers reject signatures older than a few minutes).
 */
export function signWebhook(secret: string, msgId: string, sentAt: Date, body: string): Record<string, string> {
  return {
    "webhook-id": msgId,
    "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
    "webhook-signature": new Webhook(secret).sign(msgId, sentAt, body),
  };
}

export const webhookChannel: Channel<WebhookConfig, WebhookPayload> = {
  type: "webhook",
  configSchema: webhookConfigSchema,
  secretFields: ["secret"],
  build: (message) => buildWebhookPayload(message),
  async send(payload, config, options) {
    const body = JSON.stringify(payload);
    const answer = await postHttp(
      "webhook",
      config.url,
      { headers: { "content-type": "application/json", ...signWebhook(config.secret, options.idempotencyKey, new Date(), body) }, body },
      options,
    );
    return expectSuccess("webhook", answer);
  },
};
