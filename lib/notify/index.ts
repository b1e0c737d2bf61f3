/**
 * Every channel type, and `deliver`: the one call the outbox makes. A new channel is a file in
 * this folder plus one entry in CHANNEL_TYPES.
 */
import type { z } from "zod";
import { discordChannel } from "./discord";
import { emailChannel } from "./email";
import { ntfyChannel } from "./ntfy";
import { slackChannel } from "./slack";
import { smsChannel } from "./sms";
import { DeliveryError, type Channel, type NotificationMessage, type SendOptions, type SendOutcome } from "./types";
import { webhookChannel } from "./webhook";

export const CHANNEL_TYPES = {
  email: emailChannel,
  slack: slackChannel,
  discord: discordChannel,
  webhook: webhookChannel,
  sms: smsChannel,
  ntfy: ntfyChannel,
} as const;

export type ChannelType = keyof typeof CHANNEL_TYPES;

/** The validated settings of a channel of type T. */
export type ChannelConfig<T extends ChannelType> = z.output<(typeof CHANNEL_TYPES)[T]["configSchema"]>;

export function isChannelType(type: string): type is ChannelType {
  return Object.hasOwn(CHANNEL_TYPES, type);
}

/** "to[1]: expected an email address …; webhookUrl: is required", for a DeliveryError or a log line. */
export function describeConfigIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((segment, i) => (typeof segment === "number" ? `[${segment}]` : `${i === 0 ? "" : "."}${String(segment)}`)).join("");
      return path ? `${path}: ${issue.message}` : issue.message;
    })
    .join("; ");
}

/**
 * Validates the settings, builds the payload and sends it. Throws DeliveryError: settings that do
 * not validate, and payloads that cannot be built, are not retryable; a send that failed for an
 * unforeseen reason is (an alert is worth another attempt).
 */
export async function deliver(type: string, config: unknown, message: NotificationMessage, options: SendOptions): Promise<SendOutcome> {
  if (!isChannelType(type)) {
    throw new DeliveryError(`unknown channel type ${JSON.stringify(type)}: expected one of ${Object.keys(CHANNEL_TYPES).join(", ")}`, false);
  }
  const channel = CHANNEL_TYPES[type] as unknown as Channel<unknown, unknown>;
  const parsed = channel.configSchema.safeParse(config);
  if (!parsed.success) throw new DeliveryError(`${type} channel settings: ${describeConfigIssues(parsed.error)}`, false);
  let payload: unknown;
  try {
    payload = channel.build(message, parsed.data);
  } catch (err) {
    throw new DeliveryError(`${type}: could not build the message: ${(err as Error).message}`, false);
  }
  try {
    return await channel.send(payload, parsed.data, options);
  } catch (err) {
    if (err instanceof DeliveryError) throw err;
    throw new DeliveryError(`${type}: ${(err as Error).message}`, true);
  }
}

export { DeliveryError } from "./types";
export type { Channel, NotificationMessage, SendOptions, SendOutcome } from "./types";
export { maskSecret } from "./mask";
