/**
 * One interface for every notification channel (Gatus's alerting providers): building the
 * payload is separate from sending it, so payloads are tested without a network, and a channel
 * is one file in this folder registered in ./index.ts.
 */
import type { z } from "zod";

/** What happened, channel-neutral. Every channel renders this one shape. */
export interface NotificationMessage {
  /** What kind of event: changes the wording and colour, never the shape. */
  event:
    | "alert" // a monitor is down / a probe region is silent
    | "reminder" // still unacknowledged
    | "recovery" // what was alerted is fixed
    | "maintenance_started"
    | "maintenance_completed"
    | "test";
  severity: "critical" | "warning" | "info" | "resolved";
  /** One line: "API is down", "probe eu-west silent for 3 min". */
  title: string;
  /** A few sentences in words: what is down, since when, from which regions, the error. */
  summary: string;
  /** Short labelled facts shown as fields ("Since", "Regions", "Error"). */
  facts: { label: string; value: string }[];
  /** Absolute links: dashboard, public incident, acknowledge (signed, expiring). */
  links: { label: string; url: string; kind?: "dashboard" | "incident" | "acknowledge" | "other" }[];
  /** When the event happened, epoch ms. */
  at: number;
  /** Stable id of the event this message is about (alert id, maintenance id), for threading. */
  ref: string;
}

/** Why a send failed; retryable failures are tried again with backoff, the rest go dead at once. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    /** How long the receiver asked us to wait (HTTP 429 Retry-After), when it said; a floor for the backoff. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export interface SendOptions {
  /** Unique per delivery (outbox row): channels that support it pass it on (webhook-id, Message-ID). */
  idempotencyKey: string;
  /** Overall deadline for the send. */
  timeoutMs: number;
}

export interface SendOutcome {
  /** A short receipt for the delivery log ("250 OK queued", "HTTP 200"). */
  detail: string;
}

/**
 * A channel type. `config` is the validated settings of one configured channel (after secrets
 * are resolved). `build` is pure; `send` does the network call and throws DeliveryError.
 */
export interface Channel<Config, Payload> {
  type: string;
  /** zod schema of the channel's settings in status.config.yaml (messages say what to change). */
  configSchema: z.ZodType<Config>;
  /** Settings that are secrets: stored encrypted and shown masked. */
  secretFields: readonly string[];
  build(message: NotificationMessage, config: Config): Payload;
  send(payload: Payload, config: Config, options: SendOptions): Promise<SendOutcome>;
}
