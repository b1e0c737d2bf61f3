/**
 * Delivers the outbox: due rows are claimed (so a second deliverer or a restart does not send
 * them at the same time), sent through their channel, and marked delivered, or retried with
 * exponential backoff, or dead after the last attempt. Each attempt is logged with its outcome
 * and latency. A crash after a send but before it is marked delivered sends that one message
 * again after the claim expires; receivers can tell by its idempotency key (webhook-id,
 * Message-ID, Twilio's idempotency token), which is the outbox row's dedupe key.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { decryptSecret, encryptSecret, isEncrypted } from "../secrets/crypto";
import { DeliveryError, type NotificationMessage, type SendOutcome } from "./types";
import { deliver } from "./index";
import { truncate } from "./format";
import { sendEmail, smtpSettingsFromEnv, type EmailPayload } from "./email";
import { DIRECT_WEBHOOK_TYPE, sendDirectWebhook } from "./subscriber-webhook";

/** Attempts before a delivery is dead. */
export const MAX_ATTEMPTS = 8;
/** First retry after this; doubling up to MAX_BACKOFF_MS. */
export const FIRST_BACKOFF_MS = 15_000;
export const MAX_BACKOFF_MS = 30 * 60_000;
/** A claimed row is picked up again after this (the deliverer died mid-send). */
export const CLAIM_MS = 60_000;
export const SEND_TIMEOUT_MS = 15_000;
/**
 * Most characters of an error stored as last_error and as an attempt's detail (the dashboard
 * shows both). Receivers' answers are already quoted at most ANSWER_SNIPPET_CHARS
 * (lib/notify/http.ts); this bounds every other error text too, whatever its source.
 */
export const MAX_STORED_ERROR_CHARS = 500;

export function backoffMs(failedAttempts: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, failedAttempts - 1));
}

/** Sends one message through a channel; the default is lib/notify/index.ts `deliver`. */
export type Sender = (type: string, config: Record<string, unknown>, message: Record<string, unknown>, options: { idempotencyKey: string; timeoutMs: number }) => Promise<SendOutcome>;

/**
 * Outbox rows with this channel id are ready emails to one address (subscriber confirmations and
 * incident emails): message = { direct: "email", payload: EmailPayload }, sent with the SMTP
 * settings from the environment.
 */
export const DIRECT_EMAIL_CHANNEL_ID = 0;
export const DIRECT_EMAIL_TYPE = "direct-email";

export function directEmailMessage(payload: EmailPayload): Record<string, unknown> {
  return { direct: "email", title: payload.subject, payload };
}

/**
 * A direct email whose content is a credential (an invite or password reset link): the payload
 * is stored encrypted (lib/secrets/crypto.ts), so reading the outbox does not hand out the link.
 */
export function sealedEmailMessage(payload: EmailPayload): Record<string, unknown> {
  return { direct: "email", title: payload.subject, sealed: encryptSecret(JSON.stringify(payload)) };
}

/** Channels through lib/notify/index.ts; direct emails through SMTP from the environment. */
export const defaultSender: Sender = async (type, config, message, options) => {
  if (type === DIRECT_EMAIL_TYPE) {
    let settings;
    try {
      settings = smtpSettingsFromEnv(process.env);
    } catch (err) {
      throw new DeliveryError(`email: ${(err as Error).message}`, true);
    }
    const payload = typeof message.sealed === "string" ? (JSON.parse(decryptSecret(message.sealed)) as EmailPayload) : (message.payload as EmailPayload);
    return sendEmail(payload, settings, options);
  }
  // Webhooks to public subscribers: message = { direct: "webhook", url, body, secret } (./subscriber-webhook.ts).
  if (type === DIRECT_WEBHOOK_TYPE) return sendDirectWebhook(message, options);
  return deliver(type, config, message as unknown as NotificationMessage, options);
};

interface Claimed {
  id: number;
  dedupe_key: string;
  message: string;
  attempts: number;
  type: string | null;
  config: string | null;
}

function decryptConfig(config: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, isEncrypted(v) ? decryptSecret(v) : v]));
}

export interface DeliveryOutcome {
  delivered: number;
  retried: number;
  dead: number;
}

/**
 * Two lanes, claimed and delivered apart: alerts to the team's channels, and mail and webhooks
 * to public subscribers (channel 0). No public form can fill the queue in front of a page to the
 * on-call person: a backlog of subscriber mail neither takes the team lane's claims nor its
 * senders. The channel id literal in each lane's WHERE lets SQLite use that lane's partial index.
 */
export const OUTBOX_LANES = ["team", "subscribers"] as const;
export type OutboxLane = (typeof OUTBOX_LANES)[number];
const LANE_SQL: Record<OutboxLane, { index: string; where: string }> = {
  team: { index: "notification_outbox_team_due_idx", where: "channel_id <> 0" },
  subscribers: { index: "notification_outbox_subscriber_due_idx", where: "channel_id = 0" },
};

export interface DeliverOptions {
  now?: () => number;
  /** Most rows claimed per lane and pass. */
  limit?: number;
  /** Sends in flight per lane. */
  concurrency?: number;
  /** One lane, or both at once (the default). */
  lane?: OutboxLane;
  /** Told of every attempt's outcome, by channel type (the worker's metrics). */
  onAttempt?: (channelType: string, outcome: "delivered" | "retry" | "dead") => void;
}

export async function deliverDue(db: Db, send: Sender, opts: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const lanes = opts.lane ? [opts.lane] : OUTBOX_LANES;
  const outcomes = await Promise.all(lanes.map((lane) => deliverLane(db, send, lane, opts)));
  return outcomes.reduce((a, b) => ({ delivered: a.delivered + b.delivered, retried: a.retried + b.retried, dead: a.dead + b.dead }));
}

async function deliverLane(db: Db, send: Sender, lane: OutboxLane, opts: DeliverOptions): Promise<DeliveryOutcome> {
  const clock = opts.now ?? Date.now;
  const now = clock();
  const claimedUntil = now + CLAIM_MS;
  const { index, where } = LANE_SQL[lane];
  const claimed = await db.all<Claimed>(sql`
    UPDATE notification_outbox SET claimed_until = ${claimedUntil}
    WHERE id IN (SELECT id FROM notification_outbox INDEXED BY ${sql.raw(index)}
                 WHERE status = 'pending' AND ${sql.raw(where)} AND next_attempt_at <= ${now} AND (claimed_until IS NULL OR claimed_until < ${now})
                 ORDER BY next_attempt_at LIMIT ${opts.limit ?? 50})
    RETURNING id, dedupe_key, message, attempts,
      CASE WHEN channel_id = ${DIRECT_EMAIL_CHANNEL_ID} THEN (CASE WHEN message ->> '$.direct' = 'webhook' THEN ${DIRECT_WEBHOOK_TYPE} ELSE ${DIRECT_EMAIL_TYPE} END)
        ELSE (SELECT type FROM notification_channels c WHERE c.id = notification_outbox.channel_id) END AS type,
      CASE WHEN channel_id = ${DIRECT_EMAIL_CHANNEL_ID} THEN '{}'
        ELSE (SELECT config FROM notification_channels c WHERE c.id = notification_outbox.channel_id) END AS config`);
  const outcome: DeliveryOutcome = { delivered: 0, retried: 0, dead: 0 };
  let next = 0;
  const worker = async () => {
    while (next < claimed.length) {
      const row = claimed[next++];
      await deliverOne(db, row, send, clock, outcome, opts.onAttempt);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 4, claimed.length) }, worker));
  return outcome;
}

async function deliverOne(db: Db, row: Claimed, send: Sender, clock: () => number, outcome: DeliveryOutcome, onAttempt: DeliverOptions["onAttempt"]): Promise<void> {
  const attempt = Number(row.attempts) + 1;
  const started = clock();
  const t0 = performance.now();
  let ok = false;
  let detail: string;
  let retryable = false;
  let retryAfterMs = 0;
  try {
    if (row.type === null || row.config === null) throw new DeliveryError("the channel no longer exists", false);
    const result = await send(row.type, decryptConfig(JSON.parse(row.config)), JSON.parse(row.message), { idempotencyKey: row.dedupe_key, timeoutMs: SEND_TIMEOUT_MS });
    ok = true;
    detail = truncate(result.detail, MAX_STORED_ERROR_CHARS);
  } catch (err) {
    retryable = err instanceof DeliveryError ? err.retryable : true;
    // A receiver that says when to come back (Retry-After) is not asked sooner.
    retryAfterMs = err instanceof DeliveryError ? (err.retryAfterMs ?? 0) : 0;
    detail = truncate(err instanceof Error ? err.message : String(err), MAX_STORED_ERROR_CHARS);
  }
  const latencyMs = Math.round(performance.now() - t0);
  const at = clock();
  const dead = !ok && (!retryable || attempt >= MAX_ATTEMPTS);
  const status = ok ? "delivered" : dead ? "dead" : "pending";
  const lastError = ok ? null : dead ? `${detail} (gave up after ${attempt} attempt${attempt === 1 ? "" : "s"}${retryable ? "" : ": not retryable"})` : detail;
  await db.$client.batch(
    [
      {
        sql: `UPDATE notification_outbox SET status = ?, attempts = ?, next_attempt_at = ?, claimed_until = NULL, last_error = ?, delivered_at = ? WHERE id = ?`,
        args: [status, attempt, ok || dead ? started : at + Math.max(backoffMs(attempt), Math.min(retryAfterMs, MAX_BACKOFF_MS)), lastError, ok ? at : null, row.id],
      },
      { sql: "INSERT INTO notification_attempts (outbox_id, attempt, at, ok, detail, latency_ms) VALUES (?, ?, ?, ?, ?, ?)", args: [row.id, attempt, started, ok ? 1 : 0, detail, latencyMs] },
    ],
    "write",
  );
  if (ok) outcome.delivered++;
  else if (dead) outcome.dead++;
  else outcome.retried++;
  onAttempt?.(row.type ?? "removed", ok ? "delivered" : dead ? "dead" : "retry");
}

export interface DeliveryLogEntry {
  id: number;
  dedupeKey: string;
  channel: string;
  channelType: string;
  title: string;
  status: "pending" | "delivered" | "dead";
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  deliveredAt: number | null;
  log: { attempt: number; at: number; ok: boolean; detail: string; latencyMs: number }[];
}

/** The newest deliveries with their attempts, for the dashboard. */
export async function deliveryLog(db: Db, limit = 50): Promise<DeliveryLogEntry[]> {
  const rows = await db.all<Record<string, unknown>>(sql`
    SELECT o.id, o.dedupe_key, o.status, o.attempts, o.next_attempt_at, o.last_error, o.created_at, o.delivered_at, o.message ->> '$.title' AS title,
      CASE WHEN o.channel_id = ${DIRECT_EMAIL_CHANNEL_ID} THEN 'subscribers' ELSE c.key END AS channel,
      CASE WHEN o.channel_id = ${DIRECT_EMAIL_CHANNEL_ID} THEN coalesce(o.message ->> '$.direct', 'email') ELSE c.type END AS channel_type,
      (SELECT json_group_array(json_array(t.attempt, t.at, t.ok, t.detail, t.latency_ms)) FROM notification_attempts t WHERE t.outbox_id = o.id) AS log
    FROM notification_outbox o LEFT JOIN notification_channels c ON c.id = o.channel_id
    ORDER BY o.id DESC LIMIT ${limit}`);
  return rows.map((r) => ({
    id: Number(r.id),
    dedupeKey: String(r.dedupe_key),
    channel: String(r.channel ?? "(removed)"),
    channelType: String(r.channel_type ?? "?"),
    title: String(r.title ?? r.dedupe_key),
    status: r.status as DeliveryLogEntry["status"],
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastError: (r.last_error as string | null) ?? null,
    createdAt: Number(r.created_at),
    deliveredAt: r.delivered_at == null ? null : Number(r.delivered_at),
    log: (JSON.parse(String(r.log ?? "[]")) as [number, number, number, string, number][]).map(([attempt, at, ok, detail, latencyMs]) => ({ attempt, at, ok: ok === 1, detail, latencyMs })),
  }));
}

export type { NotificationMessage };
