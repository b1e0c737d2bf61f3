/**
 * Email over SMTP (nodemailer). The server settings come from the environment (one mail server per
 * installation); a channel only says who gets the mail. The transport, `sendEmail` and the layout
 * `renderEmail` are shared with the subscriber emails.
 *
 * The target policy (PROBE_BLOCK_PRIVATE) does not apply to SMTP, on purpose: the one mail
 * server is chosen by whoever runs the installation (SMTP_URL / SMTP_HOST in the environment),
 * never by someone who can add a monitor, a channel or a subscription, and it is usually a
 * relay on the same network (localhost:25, an internal smarthost). Channels and subscribers
 * only name recipient addresses, which the server, not this process, connects onward to.
 */
import nodemailer, { type NodemailerError, type Transporter } from "nodemailer";
import { z } from "zod";
import type { ConfigEnv } from "../config/env";
import { eventLabel, formatUtc, isWebUrl, oneLine, orderedLinks, SEVERITY_COLORS, truncate } from "./format";
import { DeliveryError, type Channel, type NotificationMessage, type SendOptions, type SendOutcome } from "./types";

// --- settings -----------------------------------------------------------------------------------

export const DEFAULT_SMTP_FROM = "Status <status@localhost>";

/** Where and how to send mail; from the environment (`smtpSettingsFromEnv`). */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the first byte (smtps, usually port 465); otherwise STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** The From header: "Name <address>" or an address. */
  from: string;
}

/** The SMTP environment variables are missing or wrong; the message names the variable. */
export class SmtpSettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SmtpSettingsError";
  }
}

const HOW_TO_CONFIGURE = "set SMTP_URL (like smtps://user:password@smtp.example.com:465) or SMTP_HOST with SMTP_PORT, SMTP_USER and SMTP_PASSWORD";

function envValue(env: ConfigEnv, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** The From header must be one address, optionally with a display name, and one line. */
const FROM_PATTERN = /^(?:[^<>\r\n]*<[^<>\s@]+@[^<>\s@]+>|[^<>\s@]+@[^<>\s@]+)$/;

/**
 * Reads SMTP_URL (`smtp://user:pass@host:587`, `smtps://…:465`) or SMTP_HOST, SMTP_PORT,
 * SMTP_USER, SMTP_PASSWORD, SMTP_SECURE, plus SMTP_FROM. Throws SmtpSettingsError naming the
 * variable to fix. User and password in SMTP_URL are URL-encoded (`p%40ss` for `p@ss`).
 */
/** Whether email can be sent at all: SMTP settings present and valid. */
export function emailConfigured(env: ConfigEnv): boolean {
  try {
    smtpSettingsFromEnv(env);
    return true;
  } catch {
    return false;
  }
}

export function smtpSettingsFromEnv(env: ConfigEnv): SmtpSettings {
  const from = envValue(env, "SMTP_FROM") ?? DEFAULT_SMTP_FROM;
  if (!FROM_PATTERN.test(from)) {
    throw new SmtpSettingsError(`SMTP_FROM must be an address like "Status <status@example.com>" or status@example.com, got ${JSON.stringify(from)}`);
  }
  const url = envValue(env, "SMTP_URL");
  const host = envValue(env, "SMTP_HOST");
  if (url && host) throw new SmtpSettingsError("set SMTP_URL or SMTP_HOST, not both: SMTP_URL already names the server");
  if (url) return { ...settingsFromUrl(url), from };
  if (!host) throw new SmtpSettingsError(`SMTP is not configured: ${HOW_TO_CONFIGURE}`);

  const secureText = envValue(env, "SMTP_SECURE");
  let secure: boolean | undefined;
  if (secureText !== undefined) {
    if (/^(true|1|yes)$/i.test(secureText)) secure = true;
    else if (/^(false|0|no)$/i.test(secureText)) secure = false;
    else throw new SmtpSettingsError(`SMTP_SECURE must be true or false, got ${JSON.stringify(secureText)}`);
  }
  const portText = envValue(env, "SMTP_PORT");
  let port: number;
  if (portText !== undefined) {
    port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) throw new SmtpSettingsError(`SMTP_PORT must be a port number like 587 or 465, got ${JSON.stringify(portText)}`);
  } else {
    port = secure ? 465 : 587;
  }
  const user = envValue(env, "SMTP_USER");
  const pass = env.SMTP_PASSWORD; // a password may have meaningful spaces: taken as is
  if (user && !pass) throw new SmtpSettingsError("SMTP_PASSWORD is missing: SMTP_USER is set, so the server needs its password too");
  if (pass && !user) throw new SmtpSettingsError("SMTP_USER is missing: SMTP_PASSWORD is set, so the server needs the user name too");
  return { host, port, secure: secure ?? port === 465, ...(user && pass ? { auth: { user, pass } } : {}), from };
}

function settingsFromUrl(text: string): Omit<SmtpSettings, "from"> {
  const shown = () => JSON.stringify(text.replace(/^([a-z]+:\/\/[^:@/]*:)[^@/]*@/i, "$1****@"));
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SmtpSettingsError(`SMTP_URL must look like smtp://user:password@smtp.example.com:587 or smtps://…:465, got ${shown()}`);
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new SmtpSettingsError(`SMTP_URL must start with smtp:// (STARTTLS) or smtps:// (TLS), got ${shown()}`);
  }
  if (!url.hostname) throw new SmtpSettingsError(`SMTP_URL has no server name; it must look like smtp://user:password@smtp.example.com:587, got ${shown()}`);
  const secure = url.protocol === "smtps:";
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
  } catch {
    throw new SmtpSettingsError("SMTP_URL has a badly encoded user name or password: write special characters as %XX (%40 for @, %2F for /)");
  }
  if (user && !pass) throw new SmtpSettingsError(`SMTP_URL names user ${JSON.stringify(user)} but no password; write smtp://user:password@host`);
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user ? { auth: { user, pass } } : {}),
  };
}

// --- layout -------------------------------------------------------------------------------------

export interface EmailLink {
  label: string;
  url: string;
  /** Drawn as the big coloured button, before the others (acknowledge, confirm subscription). */
  primary?: boolean;
}

/** The content of one email; every text is plain text and is escaped, never trusted as HTML. */
export interface EmailLayout {
  /** The headline (and the HTML document title). */
  title: string;
  /** A small coloured label above the title ("DOWN"); its colour also marks the top edge and the main button. */
  badge?: { text: string; color: string };
  /** The body text; blank lines separate paragraphs. */
  intro: string;
  /** Shown as a two-column table. */
  facts?: readonly { label: string; value: string }[];
  /** Shown as buttons; only http(s) URLs are clickable, anything else is shown as text. */
  links?: readonly EmailLink[];
  /** Small print: why the reader gets this, how to stop it. */
  footer?: string;
  footerLinks?: readonly { label: string; url: string }[];
  /** The preview line mail clients show next to the subject; the start of `intro` when absent. */
  preheader?: string;
}

const DEFAULT_ACCENT = "#1a73e8";
const FONT = "-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Paragraphs split on blank lines, line breaks kept. */
function paragraphsHtml(text: string): string {
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p style="margin:0 0 12px;">${escapeHtml(p).replace(/\r?\n/g, "<br>")}</p>`)
    .join("");
}

/**
 * The text and HTML parts of an email. The HTML is table-based with inline styles only (mail
 * clients drop <style> and most CSS), and everything given is escaped.
 */
export function renderEmail(layout: EmailLayout): { text: string; html: string } {
  const accent = layout.badge && /^#[0-9a-f]{3,8}$/i.test(layout.badge.color) ? layout.badge.color : DEFAULT_ACCENT;
  const facts = layout.facts ?? [];
  const links = [...(layout.links ?? [])].sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)));
  const footerLinks = layout.footerLinks ?? [];
  const title = oneLine(layout.title);
  const preheader = layout.preheader ?? truncate(oneLine(layout.intro), 140);

  // Text part.
  const labelWidth = Math.min(20, Math.max(0, ...facts.map((f) => oneLine(f.label).length + 1)));
  const textSections = [
    layout.badge ? `[${oneLine(layout.badge.text)}] ${title}` : title,
    layout.intro.trim(),
    facts.map((f) => `${`${oneLine(f.label)}:`.padEnd(labelWidth)} ${f.value}`).join("\n"),
    links.map((l) => `${oneLine(l.label)}: ${l.url}`).join("\n"),
    [layout.footer?.trim() ?? "", ...footerLinks.map((l) => `${oneLine(l.label)}: ${l.url}`)].filter(Boolean).join("\n"),
  ];
  const footerIndex = textSections.length - 1;
  const text =
    textSections
      .map((section, i) => (i === footerIndex && section ? `-- \n${section}` : section))
      .filter(Boolean)
      .join("\n\n") + "\n";

  // HTML part.
  const button = (link: EmailLink) => {
    if (!isWebUrl(link.url)) {
      return `<p style="margin:0 0 8px;font-size:14px;">${escapeHtml(link.label)}: ${escapeHtml(link.url)}</p>`;
    }
    const style = link.primary
      ? `display:inline-block;margin:0 8px 8px 0;padding:12px 22px;border-radius:6px;background:${accent};color:#ffffff;font-size:16px;font-weight:700;text-decoration:none;`
      : "display:inline-block;margin:0 8px 8px 0;padding:10px 16px;border-radius:6px;background:#ffffff;border:1px solid #d0d7de;color:#1f2328;font-size:14px;font-weight:600;text-decoration:none;";
    return `<a href="${escapeHtml(link.url)}" style="${style}">${escapeHtml(oneLine(link.label))}</a>`;
  };
  const rows: string[] = [];
  rows.push(
    `<tr><td style="padding:24px 24px 8px;">` +
      (layout.badge
        ? `<span style="display:inline-block;padding:2px 8px;border-radius:4px;background:${accent};color:#ffffff;font-size:12px;font-weight:700;letter-spacing:0.04em;">${escapeHtml(oneLine(layout.badge.text))}</span>`
        : "") +
      `<h1 style="margin:12px 0 0;font-size:20px;line-height:1.3;font-weight:700;color:#1f2328;">${escapeHtml(title)}</h1></td></tr>`,
  );
  if (layout.intro.trim()) rows.push(`<tr><td style="padding:8px 24px 4px;font-size:15px;line-height:1.5;color:#1f2328;">${paragraphsHtml(layout.intro)}</td></tr>`);
  if (facts.length > 0) {
    const factRows = facts
      .map(
        (f) =>
          `<tr><th align="left" valign="top" style="padding:6px 16px 6px 0;border-top:1px solid #eaecef;color:#57606a;font-weight:600;white-space:nowrap;">${escapeHtml(oneLine(f.label))}</th>` +
          `<td valign="top" style="padding:6px 0;border-top:1px solid #eaecef;color:#1f2328;">${escapeHtml(f.value).replace(/\r?\n/g, "<br>")}</td></tr>`,
      )
      .join("");
    rows.push(
      `<tr><td style="padding:4px 24px 8px;"><table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="border-collapse:collapse;font-size:14px;line-height:1.4;">${factRows}</table></td></tr>`,
    );
  }
  if (links.length > 0) rows.push(`<tr><td style="padding:16px 24px 16px;">${links.map(button).join("")}</td></tr>`);
  if (layout.footer?.trim() || footerLinks.length > 0) {
    const small = footerLinks
      .filter((l) => isWebUrl(l.url))
      .map((l) => `<a href="${escapeHtml(l.url)}" style="color:#57606a;text-decoration:underline;">${escapeHtml(oneLine(l.label))}</a>`)
      .join(" · ");
    rows.push(
      `<tr><td style="padding:16px 24px 20px;border-top:1px solid #eaecef;font-size:12px;line-height:1.5;color:#57606a;">` +
        (layout.footer?.trim() ? `<p style="margin:0 0 6px;">${escapeHtml(layout.footer.trim()).replace(/\r?\n/g, "<br>")}</p>` : "") +
        (small ? `<p style="margin:0;">${small}</p>` : "") +
        `</td></tr>`,
    );
  }

  const html =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)}</title></head>` +
    `<body style="margin:0;padding:0;background:#f4f5f7;">` +
    `<div style="display:none;max-height:0;overflow:hidden;opacity:0;">${escapeHtml(preheader)}</div>` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f5f7;"><tr><td align="center" style="padding:24px 12px;">` +
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px;border-top:4px solid ${accent};font-family:${FONT};">` +
    rows.join("") +
    `</table></td></tr></table></body></html>`;
  return { text, html };
}

// --- sending ------------------------------------------------------------------------------------

/** A ready email; JSON-serialisable, so the outbox can hold it as is. */
export interface EmailPayload {
  /** When absent, SMTP_FROM. */
  from?: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  /** When absent, derived from the delivery's idempotency key (`emailMessageId`). */
  messageId?: string;
}

/**
 * `<key@status-monitor>`: the same delivery sent twice carries the same Message-ID, so the second
 * is recognisable. Characters a Message-ID may not hold (":" in "alert:12:…") are %-encoded.
 */
export function emailMessageId(idempotencyKey: string, domain = "status-monitor"): string {
  const local = Array.from(new TextEncoder().encode(idempotencyKey), (byte) => {
    const c = String.fromCharCode(byte);
    return /[A-Za-z0-9!#$&'*+\-/=?^_`{|}~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
  return `<${local}@${domain}>`;
}

/** Transports by settings and deadline; a non-pooled transport holds no connection, only its options. */
const transports = new Map<string, Transporter>();
const MAX_CACHED_TRANSPORTS = 8;

function transportFor(settings: SmtpSettings, timeoutMs: number): Transporter {
  const key = JSON.stringify([settings.host, settings.port, settings.secure, settings.auth?.user, settings.auth?.pass, timeoutMs]);
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.auth ? { auth: { user: settings.auth.user, pass: settings.auth.pass } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      dnsTimeout: timeoutMs,
      // Mail content never names files or URLs to fetch; refuse if some ever tried.
      disableFileAccess: true,
      disableUrlAccess: true,
    });
    if (transports.size >= MAX_CACHED_TRANSPORTS) {
      const [oldestKey, oldest] = transports.entries().next().value as [string, Transporter];
      oldest.close();
      transports.delete(oldestKey);
    }
    transports.set(key, transport);
  }
  return transport;
}

/** Codes of failures that a retry cannot fix: settings or the message itself are wrong. */
const PERMANENT_CODES = new Set(["EAUTH", "ENOAUTH", "ECONFIG", "EENVELOPE", "EMESSAGE", "EREQUIRETLS", "EFILEACCESS", "EURLACCESS", "EMAXRECIPIENTS"]);

/**
 * An SMTP failure as a DeliveryError. With a reply from the server: 5xx is a permanent rejection
 * (except 503, bad command sequence, which a new connection fixes; nodemailer's `permanent` says
 * so), 4xx is "try later". Without one: the network (retryable) or our settings (not).
 */
export function smtpDeliveryError(err: unknown, settings: Pick<SmtpSettings, "host" | "port">, timeoutMs: number): DeliveryError {
  const e = err as NodemailerError;
  const server = `${settings.host}:${settings.port}`;
  const hint = e.code === "EAUTH" ? " (check SMTP_USER and SMTP_PASSWORD)" : "";
  if (typeof e.responseCode === "number") {
    const permanent = e.permanent ?? e.responseCode >= 500;
    const said = oneLine(e.response ?? e.message);
    return new DeliveryError(`email: SMTP server ${server} answered ${e.command ? `${e.command} with ` : ""}${said}${hint}`, !permanent);
  }
  if (e.code === "EABORT" || e.code === "ETIMEDOUT") return new DeliveryError(`email: no answer from SMTP server ${server} within ${timeoutMs} ms`, true);
  const reason = oneLine(`${e.code && !e.message.includes(e.code) ? `${e.code}: ` : ""}${e.message}`);
  if (e.code && PERMANENT_CODES.has(e.code)) return new DeliveryError(`email: ${reason}${hint}`, false);
  return new DeliveryError(`email: could not deliver to SMTP server ${server}: ${reason}`, true);
}

/**
 * Sends one email over SMTP within `options.timeoutMs`; throws DeliveryError. The Message-ID is
 * `payload.messageId`, or derived from `options.idempotencyKey`.
 */
export async function sendEmail(payload: EmailPayload, settings: SmtpSettings, options: SendOptions): Promise<SendOutcome> {
  const transport = transportFor(settings, options.timeoutMs);
  try {
    const info = await transport.sendMail({
      from: payload.from ?? settings.from,
      to: payload.to,
      subject: payload.subject,
      text: payload.text,
      html: payload.html,
      headers: payload.headers,
      messageId: payload.messageId ?? emailMessageId(options.idempotencyKey),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    // Some recipients refused and others accepted: delivered (a retry would repeat it to the
    // others); the receipt says who was refused.
    const rejected = (info.rejected as unknown[] | undefined)?.map(String) ?? [];
    const response = oneLine(String(info.response ?? "accepted"));
    return { detail: `SMTP ${response}${rejected.length > 0 ? `; refused: ${rejected.join(", ")}` : ""}` };
  } catch (err) {
    throw smtpDeliveryError(err, settings, options.timeoutMs);
  }
}

// --- the channel --------------------------------------------------------------------------------

export const emailConfigSchema = z.object(
  {
    /** Who gets the alert; one email goes to all of them. */
    to: z
      .array(z.email({ error: (iss) => `expected an email address like ops@example.com, got ${JSON.stringify(iss.input)}` }), {
        error: "expected a list of email addresses, like [ops@example.com]",
      })
      .min(1, { error: "must list at least one email address" }),
  },
  { error: "expected settings with to: a list of email addresses" },
);

export type EmailConfig = z.output<typeof emailConfigSchema>;

/** A thread id per event, so the alert, its reminders and its recovery are one thread in mail clients. */
function threadId(ref: string): string {
  return emailMessageId(ref, "thread.status-monitor");
}

export function buildEmailPayload(message: NotificationMessage, config: EmailConfig): EmailPayload {
  const label = eventLabel(message);
  const title = oneLine(message.title);
  const { text, html } = renderEmail({
    title,
    badge: { text: label, color: SEVERITY_COLORS[message.severity] },
    intro: message.summary,
    facts: message.facts,
    links: orderedLinks(message.links).map((link) => ({ label: link.label, url: link.url, primary: link.kind === "acknowledge" })),
    footer: `${formatUtc(message.at)} · reference ${oneLine(message.ref)}\nYou get this email because this address is on an alert channel of the status monitor.`,
  });
  const headers: Record<string, string> = {
    // RFC 3834: no vacation auto-replies to alerts; the second header is Exchange's variant.
    "Auto-Submitted": "auto-generated",
    "X-Auto-Response-Suppress": "All",
    References: threadId(message.ref),
    "X-Status-Event": message.event,
    "X-Status-Severity": message.severity,
  };
  if (message.severity === "critical") {
    headers.Importance = "high";
    headers["X-Priority"] = "1";
  }
  return { to: [...config.to], subject: truncate(`[${label}] ${title}`, 200), text, html, headers };
}

export const emailChannel: Channel<EmailConfig, EmailPayload> = {
  type: "email",
  configSchema: emailConfigSchema,
  secretFields: [],
  build: buildEmailPayload,
  async send(payload, _config, options) {
    let settings: SmtpSettings;
    try {
      settings = smtpSettingsFromEnv(process.env);
    } catch (err) {
      throw new DeliveryError(`email: ${(err as Error).message}`, false);
    }
    return sendEmail(payload, settings, options);
  },
};
