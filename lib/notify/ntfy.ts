/**
 * ntfy (ntfy.sh or self-hosted): push notifications to phones with one POST to a topic URL. The
 * message is the body; title, priority, tags and buttons are headers (docs.ntfy.sh/publish).
 */
import { z } from "zod";
import { eventLabel, isWebUrl, linkOfKind, oneLine, orderedLinks, truncate } from "./format";
import { endpointUrlSchema, expectSuccess, postHttp } from "./http";
import type { Channel, NotificationMessage } from "./types";

export const ntfyConfigSchema = z.object(
  {
    /** The topic URL, like https://ntfy.sh/my-team-alerts (on ntfy.sh the topic name is the password: make it long). */
    url: endpointUrlSchema({ example: "https://ntfy.sh/my-team-alerts", httpsOnly: false, secret: false }).superRefine((value, ctx) => {
      if (URL.canParse(value) && new URL(value).pathname.replace(/\/+$/, "") === "") {
        ctx.addIssue({ code: "custom", message: `must end with the topic, like https://ntfy.sh/my-team-alerts, got ${JSON.stringify(value)}` });
      }
    }),
    /** An access token ("tk_…") for protected topics. */
    token: z.string({ error: 'expected an access token like "tk_…"' }).min(1, { error: "must not be empty; leave token out for an open topic" }).optional(),
  },
  { error: "expected settings with url" },
);

export type NtfyConfig = z.output<typeof ntfyConfigSchema>;

export interface NtfyPayload {
  /** The notification text (POST body). */
  body: string;
  /** Title, Priority, Tags, Click, Actions; Authorization is added when sending. */
  headers: Record<string, string>;
}

const PRIORITY: Record<NotificationMessage["severity"], number> = { critical: 5, warning: 4, info: 3, resolved: 3 };
const TAGS: Record<NotificationMessage["severity"], string> = {
  critical: "rotating_light",
  warning: "warning",
  info: "information_source",
  resolved: "white_check_mark",
};
const TITLE_MAX = 250;
const BODY_MAX = 4000; // ntfy's message limit is 4096 bytes by default
const MAX_ACTIONS = 3; // ntfy shows at most three buttons

/**
 * HTTP header values must be plain ASCII here; ntfy decodes RFC 2047 encoded words ("=?UTF-8?B?…?=")
 * in its headers, so any other text is sent that way.
 */
export function headerText(text: string): string {
  const line = oneLine(text);
  return /^[\x20-\x7e]*$/.test(line) ? line : `=?UTF-8?B?${Buffer.from(line, "utf8").toString("base64")}?=`;
}

/** One action in ntfy's short format; quoted, because labels and URLs may contain commas. */
function viewAction(label: string, url: string, clear: boolean): string {
  const quote = (value: string) => `"${oneLine(value).replace(/["\\]/g, "")}"`;
  return `view, ${quote(label)}, ${quote(url)}${clear ? ", clear=true" : ""}`;
}

export function buildNtfyPayload(message: NotificationMessage): NtfyPayload {
  const maintenance = message.event === "maintenance_started" || message.event === "maintenance_completed";
  const headers: Record<string, string> = {
    Title: headerText(truncate(`[${eventLabel(message)}] ${oneLine(message.title)}`, TITLE_MAX)),
    Priority: String(PRIORITY[message.severity]),
    Tags: maintenance ? `${TAGS[message.severity]},wrench` : TAGS[message.severity],
  };
  const click = linkOfKind(message, "dashboard") ?? linkOfKind(message, "incident");
  if (click && isWebUrl(click.url)) headers.Click = click.url;
  const actions = orderedLinks(message.links)
    .filter((link) => isWebUrl(link.url))
    .slice(0, MAX_ACTIONS)
    // Acknowledging clears the notification: it has been dealt with.
    .map((link) => viewAction(link.label, link.url, link.kind === "acknowledge"));
  if (actions.length > 0) headers.Actions = headerText(actions.join("; "));

  const facts = message.facts.map((fact) => `${oneLine(fact.label)}: ${fact.value}`).join("\n");
  const body = [message.summary.trim(), facts].filter(Boolean).join("\n\n") || oneLine(message.title);
  return { body: truncate(body, BODY_MAX), headers };
}

export const ntfyChannel: Channel<NtfyConfig, NtfyPayload> = {
  type: "ntfy",
  configSchema: ntfyConfigSchema,
  secretFields: ["token"],
  build: (message) => buildNtfyPayload(message),
  async send(payload, config, options) {
    const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8", ...payload.headers };
    if (config.token) headers.Authorization = `Bearer ${config.token}`;
    const answer = await postHttp("ntfy", config.url, { headers, body: payload.body }, options);
    return expectSuccess("ntfy", answer);
  },
};
