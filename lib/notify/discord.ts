/** Discord through a channel webhook: one line of content and one embed. */
import { z } from "zod";
import { eventLabel, formatUtc, isWebUrl, linkOfKind, oneLine, orderedLinks, SEVERITY_COLORS, truncate } from "./format";
import { answerSnippet, endpointUrlSchema, postJson, type HttpAnswer } from "./http";
import type { Channel, NotificationMessage } from "./types";

export const discordConfigSchema = z.object(
  {
    /** The channel webhook URL (channel settings → Integrations → Webhooks); it is the credential. */
    webhookUrl: endpointUrlSchema({ example: "https://discord.com/api/webhooks/123456/abcdef", httpsOnly: true, secret: true }),
  },
  { error: "expected settings with webhookUrl" },
);

export type DiscordConfig = z.output<typeof discordConfigSchema>;

export interface DiscordEmbed {
  title: string;
  description: string;
  color: number;
  fields: { name: string; value: string; inline?: boolean }[];
  url?: string;
  /** ISO 8601. */
  timestamp: string;
  footer?: { text: string };
}

export interface DiscordPayload {
  content: string;
  embeds: DiscordEmbed[];
  /** Always `{ parse: [] }`: nothing in incident text may ping @everyone, a role or a user. */
  allowed_mentions: { parse: never[] };
}

// Discord limits (discord.com/developers/docs/resources/message#embed-object-embed-limits): an
// embed's texts must total at most 6000 characters; these caps keep the worst case at 5945.
const CONTENT_MAX = 2000;
const TITLE_MAX = 256;
const DESCRIPTION_MAX = 2000;
const MAX_FACT_FIELDS = 8;
const FIELD_NAME_MAX = 64;
const FIELD_VALUE_MAX = 256;
const LINKS_VALUE_MAX = 1024;
const FOOTER_MAX = 100;

/**
 * Backslash-escapes Discord markdown, so incident text cannot make masked links ("[Login](…)"),
 * headings or mentions; the backslashes themselves are not shown.
 */
export function escapeDiscord(text: string): string {
  return text.replace(/[\\*_~`|>#\-[\]()<@:]/g, (c) => `\\${c}`);
}

/** Truncate escaped text without leaving a lone escaping backslash at the cut. */
function truncateEscaped(escaped: string, max: number): string {
  return truncate(escaped, max).replace(/(?<!\\)((?:\\\\)*)\\…$/, "$1…");
}

function colorNumber(hex: string): number {
  return Number.parseInt(hex.slice(1), 16);
}

/** A masked link whose URL cannot end the markdown early. */
function markdownLink(label: string, url: string): string {
  const safeUrl = url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
  return `[${escapeDiscord(oneLine(label))}](${safeUrl})`;
}

export function buildDiscordPayload(message: NotificationMessage): DiscordPayload {
  const label = eventLabel(message);
  const title = oneLine(message.title);
  const fields: DiscordEmbed["fields"] = message.facts.slice(0, MAX_FACT_FIELDS).map((fact) => ({
    name: truncate(oneLine(fact.label), FIELD_NAME_MAX) || "—",
    value: truncateEscaped(escapeDiscord(fact.value), FIELD_VALUE_MAX) || "—",
    inline: true,
  }));
  // Webhooks cannot send link buttons, so the links are one field, acknowledge first.
  const links: string[] = [];
  let linksLength = 0;
  for (const link of orderedLinks(message.links).filter((l) => isWebUrl(l.url))) {
    const md = markdownLink(link.label, link.url);
    if (linksLength + md.length + 3 > LINKS_VALUE_MAX) break;
    links.push(md);
    linksLength += md.length + 3;
  }
  if (links.length > 0) fields.push({ name: "Links", value: links.join(" · "), inline: false });

  const dashboard = linkOfKind(message, "dashboard") ?? linkOfKind(message, "incident");
  const embed: DiscordEmbed = {
    title: truncate(`[${label}] ${title}`, TITLE_MAX),
    description: truncateEscaped(escapeDiscord(message.summary), DESCRIPTION_MAX),
    color: colorNumber(SEVERITY_COLORS[message.severity]),
    fields,
    timestamp: new Date(message.at).toISOString(),
    footer: { text: truncate(`${formatUtc(message.at)} · ${oneLine(message.ref)}`, FOOTER_MAX) },
  };
  if (dashboard && isWebUrl(dashboard.url)) embed.url = dashboard.url;
  return {
    content: truncateEscaped(`**${escapeDiscord(label)}** ${escapeDiscord(title)}`, CONTENT_MAX),
    embeds: [embed],
    allowed_mentions: { parse: [] },
  };
}

/** Discord's errors are JSON: { message, code, errors }. */
function describeDiscordError(answer: HttpAnswer): string | undefined {
  try {
    const body = JSON.parse(answer.text) as { message?: unknown; code?: unknown; errors?: unknown };
    if (typeof body.message !== "string") return undefined;
    const details = body.errors ? ` ${answerSnippet(JSON.stringify(body.errors))}` : "";
    return `${body.message}${typeof body.code === "number" ? ` (code ${body.code})` : ""}${details}`;
  } catch {
    return undefined;
  }
}

export const discordChannel: Channel<DiscordConfig, DiscordPayload> = {
  type: "discord",
  configSchema: discordConfigSchema,
  secretFields: ["webhookUrl"],
  build: (message) => buildDiscordPayload(message),
  send: (payload, config, options) => postJson("discord", config.webhookUrl, payload, options, describeDiscordError),
};
