/**
 * What subscribers receive, as pure functions of their data: the confirmation email, the
 * "already subscribed" notice, the email for an incident or maintenance update, and the webhook
 * body. Every email carries the one-click unsubscribe headers (RFC 8058), a text and an HTML part,
 * and manage and unsubscribe links; all text is escaped by lib/notify/email.ts renderEmail, and
 * update bodies are Markdown rendered through the sanitizer.
 */
import { randomBytes } from "node:crypto";
import type { IncidentKind, IncidentStatus } from "../db/schema/incidents";
import { markdownToText, renderMarkdown } from "../incidents/markdown";
import { emailMessageId, renderEmail, type EmailPayload } from "../notify/email";
import { formatUtc, oneLine, truncate } from "../notify/format";
import { incidentUrl } from "../public/feeds";

// --- links --------------------------------------------------------------------------------------

export interface SubscriberLinks {
  confirm: string;
  manage: string;
  /** The page with the unsubscribe button (safe to open: a GET changes nothing). */
  unsubscribePage: string;
  /** RFC 8058 one-click: a POST with List-Unsubscribe=One-Click unsubscribes. */
  oneClick: string;
}

export function subscriberLinks(baseUrl: string, token: string): SubscriberLinks {
  const t = encodeURIComponent(token);
  return {
    confirm: `${baseUrl}/subscribe/confirm/${t}`,
    manage: `${baseUrl}/subscribe/manage/${t}`,
    unsubscribePage: `${baseUrl}/unsubscribe/${t}`,
    oneClick: `${baseUrl}/api/unsubscribe/${t}`,
  };
}

/** The headers every subscriber email carries. */
export function subscriberHeaders(links: SubscriberLinks): Record<string, string> {
  return {
    "List-Unsubscribe": `<${links.oneClick}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    // RFC 3834: no vacation auto-replies; the second header is Exchange's variant.
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
  };
}

/** "all components" or "API and Website": what a subscriber chose, public names only. */
export function selectionText(all: boolean, componentNames: readonly string[]): string {
  if (all || componentNames.length === 0) return "all components";
  if (componentNames.length === 1) return componentNames[0];
  return `${componentNames.slice(0, -1).join(", ")} and ${componentNames[componentNames.length - 1]}`;
}

function footerLinks(links: SubscriberLinks) {
  return [
    { label: "Manage subscription", url: links.manage },
    { label: "Unsubscribe", url: links.unsubscribePage },
  ];
}

// --- confirmation -------------------------------------------------------------------------------

export interface SubscriberEmailContext {
  pageName: string;
  baseUrl: string;
  address: string;
  token: string;
}

/** How long a confirmation link works after the latest confirmation email. */
export const CONFIRM_LINK_TTL_MS = 7 * 86_400_000;

export function confirmationEmail(c: SubscriberEmailContext & { selection: string }): EmailPayload {
  const links = subscriberLinks(c.baseUrl, c.token);
  const page = oneLine(c.pageName);
  const { text, html } = renderEmail({
    title: "Confirm your subscription",
    intro:
      `Someone, hopefully you, asked to receive incident and maintenance updates from ${page} at ${c.address}, for ${c.selection}.\n\n` +
      "Confirm to start receiving them; until you do, nothing else is sent to this address. If it wasn't you, ignore this email.",
    links: [{ label: "Confirm subscription", url: links.confirm, primary: true }],
    footer: `The confirmation link works for ${CONFIRM_LINK_TTL_MS / 86_400_000} days.`,
    footerLinks: footerLinks(links),
  });
  return { to: [c.address], subject: truncate(`Confirm your subscription to ${page} updates`, 200), text, html, headers: subscriberHeaders(links) };
}

/** Sent instead of a confirmation when the address is already confirmed (the web form says the same in both cases). */
export function alreadySubscribedEmail(c: SubscriberEmailContext & { selection: string }): EmailPayload {
  const links = subscriberLinks(c.baseUrl, c.token);
  const page = oneLine(c.pageName);
  const { text, html } = renderEmail({
    title: "You are already subscribed",
    intro:
      `Someone, hopefully you, asked to subscribe ${c.address} to updates from ${page}. This address already receives them, for ${c.selection}, so nothing changed.\n\n` +
      "To choose other components or to stop these emails, manage your subscription.",
    links: [{ label: "Manage subscription", url: links.manage, primary: true }],
    footerLinks: footerLinks(links),
  });
  return { to: [c.address], subject: truncate(`Your subscription to ${page} updates`, 200), text, html, headers: subscriberHeaders(links) };
}

// --- incident and maintenance updates -----------------------------------------------------------

/** One timeline entry of a published incident or maintenance, with what a subscriber may see. */
export interface UpdateNotice {
  updateId: number;
  incidentId: number;
  kind: IncidentKind;
  title: string;
  status: IncidentStatus;
  /** Markdown. */
  body: string;
  createdAt: number;
  /** The incident's first timeline entry (its creation or scheduling). */
  isFirst: boolean;
  scheduledFor: number | null;
  scheduledUntil: number | null;
  /** Public affected components only. */
  components: { id: number; name: string }[];
}

const SUBJECT_LABELS: Record<IncidentStatus, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  scheduled: "Scheduled maintenance",
  in_progress: "Maintenance in progress",
  verifying: "Maintenance verifying",
  completed: "Maintenance completed",
};

const STATUS_COLORS: Record<IncidentStatus, string> = {
  investigating: "#d93025",
  identified: "#e37400",
  monitoring: "#1a73e8",
  resolved: "#188038",
  scheduled: "#3b82c4",
  in_progress: "#3b82c4",
  verifying: "#3b82c4",
  completed: "#188038",
};

/** "[Investigating] API is down", "[Scheduled maintenance] Database upgrade". */
export function updateSubject(n: Pick<UpdateNotice, "status" | "title">): string {
  return truncate(`[${SUBJECT_LABELS[n.status]}] ${oneLine(n.title)}`, 200);
}

/** The webhook event type: incident.created / .updated / .resolved, maintenance.scheduled / .started / .updated / .completed. */
export function updateEventType(n: Pick<UpdateNotice, "kind" | "status" | "isFirst">): string {
  if (n.kind === "maintenance") {
    if (n.status === "in_progress") return "maintenance.started";
    if (n.status === "completed") return "maintenance.completed";
    return n.status === "scheduled" && n.isFirst ? "maintenance.scheduled" : "maintenance.updated";
  }
  if (n.status === "resolved") return "incident.resolved";
  return n.isFirst ? "incident.created" : "incident.updated";
}

/**
 * The layout is built once per update with a placeholder where the body goes; each subscriber's
 * email only swaps in its links. The body's HTML is the sanitized Markdown, its text that Markdown as plain text.
 */
export interface UpdateEmailTemplate {
  subject: string;
  text: string;
  html: string;
  /** Placeholders for the subscriber's links, replaced per subscriber. */
  tokenMark: string;
}

export function updateEmailTemplate(n: UpdateNotice, c: { pageName: string; baseUrl: string }): UpdateEmailTemplate {
  const bodyMark = `BODY${randomBytes(8).toString("hex")}`;
  const tokenMark = `TOKEN${randomBytes(8).toString("hex")}`;
  const links = subscriberLinks(c.baseUrl, tokenMark);
  // The text part says what the HTML part shows, not the Markdown it was written in.
  const bodyText = markdownToText(n.body);
  const facts = [{ label: "Status", value: SUBJECT_LABELS[n.status] }];
  if (n.components.length > 0) facts.push({ label: n.components.length === 1 ? "Component" : "Components", value: n.components.map((x) => x.name).join(", ") });
  if (n.kind === "maintenance" && n.scheduledFor !== null && n.scheduledUntil !== null) {
    facts.push({ label: "Window", value: `${formatUtc(n.scheduledFor)} to ${formatUtc(n.scheduledUntil)}` });
  }
  facts.push({ label: "Posted", value: formatUtc(n.createdAt) });
  const layout = renderEmail({
    title: n.title,
    badge: { text: SUBJECT_LABELS[n.status].toUpperCase(), color: STATUS_COLORS[n.status] },
    intro: bodyMark,
    preheader: truncate(oneLine(bodyText), 140),
    facts,
    links: [{ label: "View on the status page", url: incidentUrl(c.baseUrl, n.incidentId) }],
    footer: `You receive this because you subscribed to updates from ${oneLine(c.pageName)}.`,
    footerLinks: footerLinks(links),
  });
  const paragraph = new RegExp(`<p[^>]*>${bodyMark}</p>`);
  if (!layout.text.includes(bodyMark) || !paragraph.test(layout.html)) throw new Error("the email layout no longer holds the update body where expected");
  const bodyHtml = `<div style="margin:0 0 12px;">${renderMarkdown(n.body)}</div>`;
  return {
    subject: updateSubject(n),
    text: layout.text.replace(bodyMark, () => bodyText),
    html: layout.html.replace(paragraph, () => bodyHtml),
    tokenMark,
  };
}

/** One subscriber's copy of an update email. */
export function updateEmailFor(template: UpdateEmailTemplate, n: Pick<UpdateNotice, "incidentId">, subscriber: { address: string; token: string }, baseUrl: string): EmailPayload {
  const t = encodeURIComponent(subscriber.token);
  const fill = (s: string) => s.split(template.tokenMark).join(t);
  return {
    to: [subscriber.address],
    subject: template.subject,
    text: fill(template.text),
    html: fill(template.html),
    headers: {
      ...subscriberHeaders(subscriberLinks(baseUrl, subscriber.token)),
      // One thread per incident in mail clients.
      References: emailMessageId(`incident-${n.incidentId}`, "thread.status-monitor"),
    },
  };
}

/** The webhook body, in the Standard Webhooks envelope { type, timestamp, data }. */
export function updateWebhookBody(n: UpdateNotice, baseUrl: string): string {
  return JSON.stringify({
    type: updateEventType(n),
    timestamp: new Date(n.createdAt).toISOString(),
    data: {
      incident: {
        id: n.incidentId,
        kind: n.kind,
        title: n.title,
        status: n.status,
        url: incidentUrl(baseUrl, n.incidentId),
        components: n.components.map(({ id, name }) => ({ id, name })),
        ...(n.kind === "maintenance" && n.scheduledFor !== null && n.scheduledUntil !== null
          ? { scheduledFor: new Date(n.scheduledFor).toISOString(), scheduledUntil: new Date(n.scheduledUntil).toISOString() }
          : {}),
      },
      update: { id: n.updateId, status: n.status, body: n.body, createdAt: new Date(n.createdAt).toISOString() },
    },
  });
}
