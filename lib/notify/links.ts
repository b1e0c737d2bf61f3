import { signToken, verifyToken } from "../secrets/crypto";
import { siteUrlFromEnv } from "../public/site-url";

/** Absolute base URL for links in notifications (lib/public/site-url.ts). */
export const publicBaseUrl = siteUrlFromEnv;

/** How long an acknowledge link in an alert works. */
export const ACK_LINK_TTL_MS = 24 * 3_600_000;
const ACK_PURPOSE = "ack-alert";

/** A signed, expiring link that acknowledges one alert without a sign-in (after a confirm click). */
export function ackUrl(alertId: number, now: number, env: NodeJS.ProcessEnv = process.env): string {
  return `${publicBaseUrl(env)}/ack/${signToken(ACK_PURPOSE, String(alertId), now + ACK_LINK_TTL_MS, env)}`;
}

export type AckTokenCheck = { ok: true; alertId: number } | { ok: false; message: string };

export function readAckToken(token: string, now = Date.now(), env?: NodeJS.ProcessEnv): AckTokenCheck {
  const check = verifyToken(ACK_PURPOSE, token, now, env);
  if (!check.ok) {
    return {
      ok: false,
      message:
        check.reason === "expired"
          ? "This acknowledge link has expired (links work for 24 hours). Acknowledge the alert from the dashboard."
          : "This acknowledge link is not valid. Use the link from the alert as it was sent, or acknowledge from the dashboard.",
    };
  }
  const alertId = Number(check.payload);
  return Number.isInteger(alertId) && alertId > 0 ? { ok: true, alertId } : { ok: false, message: "This acknowledge link is not valid." };
}
