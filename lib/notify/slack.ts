/**
 * Slack through an incoming webhook (Block Kit). Slack-compatible receivers (Mattermost,
 * Rocket.Chat) read the `text` fallback.
 */
import { z } from "zod";
import { eventLabel, formatUtc, isWebUrl, oneLine, orderedLinks, truncate } from "./format";
import { endpointUrlSchema, postJson } from "./http";
import type { Channel, NotificationMessage } from "./types";

export const slackConfigSchema = z.object(
  {
    /** The incoming webhook URL (Slack app → Incoming Webhooks); it is the credential. */
    webhookUrl: endpointUrlSchema({ example: "https://hooks.slack.com/services/T000/B000/XXXX", httpsOnly: true, secret: true }),
  },
  { error: "expected settings with webhookUrl" },
);

export type SlackConfig = z.output<typeof slackConfigSchema>;

type PlainText = { type: "plain_text"; text: string; emoji?: boolean };
type Mrkdwn = { type: "mrkdwn"; text: string };

export type SlackBlock =
  | { type: "header"; text: PlainText }
  | { type: "section"; text?: Mrkdwn; fields?: Mrkdwn[] }
  | { type: "actions"; elements: { type: "button"; text: PlainText; url: string; action_id: string; style?: "primary" | "danger" }[] }
  | { type: "context"; elements: Mrkdwn[] };

export interface SlackPayload {
  /** Shown in notifications and by clients without Block Kit. */
  text: string;
  blocks: SlackBlock[];
}

// Block Kit limits (api.slack.com/reference/block-kit/blocks).
const HEADER_MAX = 150;
const SECTION_TEXT_MAX = 3000;
const FIELD_TEXT_MAX = 2000;
const FIELDS_PER_SECTION = 10;
const BUTTON_TEXT_MAX = 75;
const BUTTON_URL_MAX = 3000;
const FALLBACK_TEXT_MAX = 500;

const EMOJI: Record<NotificationMessage["severity"], string> = {
  critical: ":red_circle:",
  warning: ":warning:",
  info: ":information_source:",
  resolved: ":white_check_mark:",
};

/**
 * Slack reads `<…>` in mrkdwn as links and mentions (`<!channel>`, `<@U123>`), so incident text
 * is escaped: it may come from anyone who can make a target fail.
 */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cut escaped text to `max` without leaving half an entity ("&am…") at the end. */
function truncateEscaped(escaped: string, max: number): string {
  return truncate(escaped, max).replace(/&(?:a|am|amp|l|lt|g|gt)?…$/, "…");
}

export function buildSlackPayload(message: NotificationMessage): SlackPayload {
  const heading = `[${eventLabel(message)}] ${oneLine(message.title)}`;
  const blocks: SlackBlock[] = [
    { type: "header", text: { type: "plain_text", text: truncate(`${EMOJI[message.severity]} ${heading}`, HEADER_MAX), emoji: true } },
  ];
  if (message.summary.trim()) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: truncateEscaped(escapeSlack(message.summary), SECTION_TEXT_MAX) } });
  }
  for (let i = 0; i < message.facts.length; i += FIELDS_PER_SECTION) {
    blocks.push({
      type: "section",
      fields: message.facts.slice(i, i + FIELDS_PER_SECTION).map((fact) => ({
        type: "mrkdwn",
        text: truncateEscaped(`*${escapeSlack(oneLine(fact.label))}*\n${escapeSlack(fact.value)}`, FIELD_TEXT_MAX),
      })),
    });
  }
  const buttons = orderedLinks(message.links)
    .filter((link) => isWebUrl(link.url) && link.url.length <= BUTTON_URL_MAX)
    .map((link, i) => ({
      type: "button" as const,
      text: { type: "plain_text" as const, text: truncate(oneLine(link.label), BUTTON_TEXT_MAX) },
      url: link.url,
      action_id: `link-${i}`,
      ...(link.kind === "acknowledge" ? { style: "primary" as const } : {}),
    }));
  if (buttons.length > 0) blocks.push({ type: "actions", elements: buttons });
  // Slack shows the date in the reader's own time zone; the text after | is for old clients.
  const seconds = Math.floor(message.at / 1000);
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `<!date^${seconds}^{date_short_pretty} {time}|${formatUtc(message.at)}>` }] });

  const fallback = message.summary.trim() ? `${heading}: ${oneLine(message.summary)}` : heading;
  return { text: truncateEscaped(escapeSlack(fallback), FALLBACK_TEXT_MAX), blocks };
}

export const slackChannel: Channel<SlackConfig, SlackPayload> = {
  type: "slack",
  configSchema: slackConfigSchema,
  secretFields: ["webhookUrl"],
  build: (message) => buildSlackPayload(message),
  // Slack answers errors in plain text ("invalid_payload", "channel_is_archived"), quoted as is.
  send: (payload, config, options) => postJson("slack", config.webhookUrl, payload, options),
};
