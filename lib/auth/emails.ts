/**
 * The emails of accounts: an invitation and a password reset link, as pure functions of their
 * data, and the statement that queues one in the outbox (sealed: the link is a credential).
 */
import type { InStatement } from "@libsql/client";
import { renderEmail, type EmailPayload } from "../notify/email";
import { formatUtc, oneLine } from "../notify/format";
import { DIRECT_EMAIL_CHANNEL_ID, sealedEmailMessage } from "../notify/outbox";
import { ROLE_LABELS, type Role } from "./roles";

const HEADERS = { "Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All" };

export function inviteEmail(c: { to: string; pageName: string; invitedBy: string; role: Role; url: string; expiresAt: number }): EmailPayload {
  const page = oneLine(c.pageName);
  const { text, html } = renderEmail({
    title: `You are invited to the ${page} dashboard`,
    intro:
      `${c.invitedBy} invited you to the dashboard of ${page} as ${ROLE_LABELS[c.role]}.\n\n` +
      "Open the link to choose your password; it works once. If you did not expect this, ignore this email.",
    facts: [{ label: "Link valid until", value: formatUtc(c.expiresAt) }],
    links: [{ label: "Accept the invitation", url: c.url, primary: true }],
  });
  return { to: [c.to], subject: `Invitation to the ${page} dashboard`, text, html, headers: HEADERS };
}

export function passwordResetEmail(c: { to: string; pageName: string; url: string; expiresAt: number }): EmailPayload {
  const page = oneLine(c.pageName);
  const { text, html } = renderEmail({
    title: "Reset your password",
    intro:
      `Someone, hopefully you, asked to reset the password of ${c.to} on the ${page} dashboard.\n\n` +
      "Open the link to choose a new one; it works once, and signs out your other sessions. If it wasn't you, ignore this email: your password stays as it is.",
    facts: [{ label: "Link valid until", value: formatUtc(c.expiresAt) }],
    links: [{ label: "Choose a new password", url: c.url, primary: true }],
  });
  return { to: [c.to], subject: `Reset your ${page} password`, text, html, headers: HEADERS };
}

/** Queues a ready email under `dedupeKey` (which names no credential: it shows in the delivery log). */
export function queueAccountEmailStatement(dedupeKey: string, payload: EmailPayload, now: number): InStatement {
  return {
    sql: `INSERT INTO notification_outbox (dedupe_key, channel_id, message, alert_id, status, attempts, next_attempt_at, created_at)
          VALUES (?, ?, ?, NULL, 'pending', 0, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING`,
    args: [dedupeKey, DIRECT_EMAIL_CHANNEL_ID, JSON.stringify(sealedEmailMessage(payload)), now, now],
  };
}
