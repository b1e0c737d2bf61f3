/**
 * Public subscriptions to incident and maintenance updates, by email or webhook: subscribe,
 * confirm, change components, unsubscribe. The one place where subscribers change; routes and
 * pages only parse input and call these.
 *
 * - Email is double opt-in: subscribing queues only a confirmation email; nothing else is sent
 *   until its link is opened. Subscribing an address again answers exactly the same, whether it
 *   was new, pending or confirmed: a pending one gets its confirmation again (at most once per
 *   RESEND_AFTER_MS), a confirmed one a "you are already subscribed, manage here" email (as
 *   often), so the form never tells a stranger who is subscribed.
 * - Webhooks need no opt-in (there is no inbox to confirm), but they get a Standard Webhooks
 *   signing secret, shown once when the subscription is activated (`confirm`).
 * - Tokens are 32 random bytes; a token is the whole credential of its manage, confirm and
 *   unsubscribe links, so none of them needs a sign-in.
 * - Abuse: per client and per address rate limits (fixed windows), counted before any work.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { InStatement } from "@libsql/client";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { componentGroups, components, subscriberComponents, subscribers, type SubscriberKind } from "../db/schema";
import { UserError, type UserErrorCode } from "../errors";
import { type EmailPayload } from "../notify/email";
import { endpointUrlSchema } from "../notify/http";
import { publicBaseUrl } from "../notify/links";
import { maskSecret } from "../notify/mask";
import { DIRECT_EMAIL_CHANNEL_ID, directEmailMessage } from "../notify/outbox";
import { emailConfigured } from "../notify/email";
import { literalTargetProblem } from "../notify/subscriber-webhook";
import { publicComponent } from "../public/scope";
import { secretKey } from "../secrets/crypto";
import { readPageSettings } from "../settings/page";
import { alreadySubscribedEmail, CONFIRM_LINK_TTL_MS, confirmationEmail, selectionText } from "./messages";
import { hitRateLimit, type RateLimit } from "./rate-limit";

// ---------------------------------------------------------------------------------------------
// Limits

/** Subscribe requests per client address (IP) per hour: enough for a family behind one router. */
export const CLIENT_RATE_LIMIT: RateLimit = { limit: 10, windowMs: 3_600_000 };
/** Subscribe requests per email address or webhook URL per hour: a stranger cannot flood an inbox. */
export const ADDRESS_RATE_LIMIT: RateLimit = { limit: 3, windowMs: 3_600_000 };
/** A pending subscriber gets the confirmation again (a confirmed one the notice) at most this often. */
export const RESEND_AFTER_MS = 10 * 60_000;
const RATE_LIMIT_PREFIX = "subscribe:";
const MAX_EMAIL_LENGTH = 254;
const MAX_URL_LENGTH = 2_000;
const MAX_COMPONENTS = 500;

// ---------------------------------------------------------------------------------------------
// Errors

export type SubscriptionErrorReason =
  | "kind"
  | "email"
  | "url"
  | "components"
  | "too_many_from_client"
  | "too_many_for_address"
  | "webhook_exists"
  | "not_found"
  | "unsubscribed"
  | "email_unavailable";

/** What each reason is, for every adapter (the API answers its status, the form its message). */
const CODE_OF: Record<SubscriptionErrorReason, UserErrorCode> = {
  email_unavailable: "unavailable",
  kind: "invalid_input",
  email: "invalid_input",
  url: "invalid_input",
  components: "invalid_input",
  too_many_from_client: "rate_limited",
  too_many_for_address: "rate_limited",
  webhook_exists: "conflict",
  not_found: "not_found",
  unsubscribed: "gone",
};

function inMinutes(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? "in a minute" : `in ${minutes} minutes`;
}

/**
 * The message for a reason, as the web form shows it after a redirect (only the reason and the
 * minutes travel in the URL, so a crafted link cannot put other words on the page).
 */
export function subscriptionErrorMessage(reason: SubscriptionErrorReason, opts: { retryAfterMs?: number; detail?: string } = {}): string {
  const later = inMinutes(opts.retryAfterMs ?? 60_000);
  switch (reason) {
    case "kind":
      return "Choose how to receive updates: by email or by webhook.";
    case "email":
      return opts.detail ?? "That doesn't look like an email address. Write it like name@example.com.";
    case "url":
      return opts.detail ?? "That webhook URL can't be used. Give an https URL like https://example.com/hooks/status.";
    case "components":
      return opts.detail ?? "Choose at least one component, or all components.";
    case "too_many_from_client":
      return `Too many subscription requests from your network. Try again ${later}.`;
    case "too_many_for_address":
      return `Too many subscription requests for this address. Try again ${later}.`;
    case "webhook_exists":
      return "This webhook URL is already subscribed. Use the manage link you got when you subscribed it to change or remove it.";
    case "not_found":
      return "This link is not valid. Use the link from your email as it was sent, or subscribe again.";
    case "unsubscribed":
      return "This subscription was cancelled. Subscribe again to receive updates.";
    case "email_unavailable":
      return "Email updates are not available on this page yet. Subscribe by webhook, or follow the RSS or Atom feed.";
  }
}

/** Throws the UserError of `reason`, carrying the reason for the public form's redirect. */
function fail(reason: SubscriptionErrorReason, opts: { retryAfterMs?: number; detail?: string } = {}): never {
  const retryAfterS = opts.retryAfterMs === undefined ? undefined : Math.ceil(opts.retryAfterMs / 1000);
  throw new UserError(CODE_OF[reason], subscriptionErrorMessage(reason, opts), { reason, retryAfterS });
}

// ---------------------------------------------------------------------------------------------
// Input

const shown = (value: unknown) => JSON.stringify(String(value).length > 80 ? `${String(value).slice(0, 79)}…` : String(value));

const emailAddress = z
  .string({ error: "Enter your email address." })
  .trim()
  .min(1, { error: "Enter your email address." })
  .max(MAX_EMAIL_LENGTH, { error: `That email address is too long: at most ${MAX_EMAIL_LENGTH} characters.` })
  .transform((s) => s.toLowerCase())
  .pipe(z.email({ error: (iss) => `That doesn't look like an email address: ${shown(iss.input)}. Write it like name@example.com.` }));

const webhookUrl = z
  .string({ error: "Enter the webhook URL." })
  .trim()
  .min(1, { error: "Enter the webhook URL." })
  .max(MAX_URL_LENGTH, { error: `That URL is too long: at most ${MAX_URL_LENGTH} characters.` })
  .pipe(endpointUrlSchema({ example: "https://example.com/hooks/status", httpsOnly: true, secret: true }))
  .superRefine((value, ctx) => {
    // Runs even when the URL schema found an issue: only a parseable URL is judged further.
    const problem = URL.canParse(value) ? literalTargetProblem(new URL(value)) : undefined;
    if (problem) ctx.addIssue({ code: "custom", message: `${problem}, got ${maskSecret(value)}` });
  });

const componentIdList = z
  .array(z.coerce.number({ error: "Choose components from the list." }).int({ error: "Choose components from the list." }).positive({ error: "Choose components from the list." }), {
    error: "Choose components from the list.",
  })
  .max(MAX_COMPONENTS, { error: "Choose components from the list." })
  .transform((ids) => [...new Set(ids)]);

/** What a subscriber chose: every public component (including later ones), or some. */
export type ComponentSelection = { all: true } | { all: false; componentIds: number[] };

export interface SubscribeInput {
  kind: SubscriberKind;
  /** Email address or webhook URL. */
  address: string;
  /** Every public component; when false, `componentIds`. Defaults to true when no ids are given. */
  all?: boolean;
  componentIds?: number[];
}

function parseSelection(input: { all?: boolean; componentIds?: unknown }): ComponentSelection {
  const ids = input.componentIds === undefined ? [] : componentIdList.safeParse(input.componentIds);
  if (!Array.isArray(ids) && !ids.success) fail("components", { detail: ids.error.issues[0]?.message });
  const list = Array.isArray(ids) ? ids : ids.data;
  const all = input.all ?? list.length === 0;
  if (all) return { all: true };
  if (list.length === 0) fail("components");
  return { all: false, componentIds: list };
}

function parseAddress(kind: unknown, address: unknown): { kind: SubscriberKind; address: string } {
  if (kind === "email") {
    const r = emailAddress.safeParse(address);
    if (!r.success) fail("email", { detail: r.error.issues[0]?.message });
    return { kind, address: r.data };
  }
  if (kind === "webhook") {
    const r = webhookUrl.safeParse(address);
    if (!r.success) {
      // The URL schema's messages continue a sentence ("must be an https URL …"); ours are sentences.
      const message = r.error.issues[0]?.message ?? "is not a URL";
      fail("url", { detail: /^[a-z]/.test(message) ? `That webhook URL can't be used: it ${message}.` : message });
    }
    return { kind, address: r.data };
  }
  fail("kind");
}

/** Public, live components among `ids`, or a UserError naming none of the others. */
async function assertPublicComponents(db: Db, selection: ComponentSelection): Promise<void> {
  if (selection.all) return;
  const found = await db
    .select({ id: components.id })
    .from(components)
    .where(and(inArray(components.id, selection.componentIds), publicComponent));
  // One message for unknown and private ids alike: private components are never confirmed to exist.
  if (found.length !== selection.componentIds.length) fail("components", { detail: "Choose components from the list: one of them is no longer offered." });
}

// ---------------------------------------------------------------------------------------------
// Tokens and secrets

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newSubscriberToken(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * The Standard Webhooks secret of a webhook subscriber: derived from its token with the product's
 * secret key (HMAC), so it is never stored; whoever holds the token (the manage link) could see it
 * anyway. It changes only with a new subscription.
 */
export function webhookSecretFor(token: string, env?: NodeJS.ProcessEnv): string {
  const key = createHmac("sha256", secretKey(env)).update("subscriber-webhook-secret").digest();
  return "whsec_" + createHmac("sha256", key).update(token).digest("base64");
}

// ---------------------------------------------------------------------------------------------
// Reads

export interface SubscribableComponent {
  id: number;
  name: string;
  group: string | null;
}

/** The public components a visitor may choose, in page order. */
export async function subscribableComponents(db: Db): Promise<SubscribableComponent[]> {
  return db
    .select({ id: components.id, name: components.name, group: componentGroups.name })
    .from(components)
    .leftJoin(componentGroups, eq(componentGroups.id, components.groupId))
    .where(publicComponent)
    .orderBy(sql`${componentGroups.displayOrder} IS NULL`, asc(componentGroups.displayOrder), asc(components.displayOrder), asc(components.name));
}

export interface Subscription {
  id: number;
  kind: SubscriberKind;
  address: string;
  token: string;
  allComponents: boolean;
  /** Chosen public components (private or archived ones are left out). */
  components: { id: number; name: string }[];
  confirmedAt: number | null;
  unsubscribedAt: number | null;
  confirmationSentAt: number | null;
  createdAt: number;
}

async function chosenComponents(db: Db, subscriberId: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: components.id, name: components.name })
    .from(subscriberComponents)
    .innerJoin(components, eq(components.id, subscriberComponents.componentId))
    .where(and(eq(subscriberComponents.subscriberId, subscriberId), publicComponent))
    .orderBy(asc(components.displayOrder), asc(components.name));
}

/** The subscription a link's token belongs to (cancelled ones too), or null. */
export async function getByToken(db: Db, token: string): Promise<Subscription | null> {
  if (!TOKEN_PATTERN.test(token)) return null;
  const [row] = await db.select().from(subscribers).where(eq(subscribers.token, token));
  if (!row) return null;
  return { ...row, components: await chosenComponents(db, row.id) };
}

// ---------------------------------------------------------------------------------------------
// Subscribe

export interface ClientContext {
  /** The client's address (IP) for the per-client rate limit. */
  clientKey: string;
  /** Where SMTP settings are read (default process.env). */
  env?: Record<string, string | undefined>;
}

export type SubscribeOutcome =
  /** The same for new, pending and confirmed addresses. */
  | { kind: "email" }
  /** A new webhook subscription, not active until `confirm(token)` shows its secret. */
  | { kind: "webhook"; token: string };

async function checkRate(db: Db, key: string, rule: RateLimit, reason: "too_many_from_client" | "too_many_for_address", now: number) {
  const check = await hitRateLimit(db, RATE_LIMIT_PREFIX + key, rule, now, RATE_LIMIT_PREFIX);
  if (!check.allowed) fail(reason, { retryAfterMs: check.retryAfterMs });
}

async function liveSubscriber(db: Db, kind: SubscriberKind, address: string) {
  const [row] = await db
    .select()
    .from(subscribers)
    .where(and(eq(subscribers.kind, kind), eq(subscribers.address, address), isNull(subscribers.unsubscribedAt)));
  return row;
}

/** Queues a ready email to a subscriber, keyed by `${what}` so a retried request cannot queue it twice. */
function queueEmailStatement(subscriberToken: string, what: string, payload: EmailPayload, now: number): InStatement {
  // The dedupe key names the subscriber by id (the token is a credential and stays out of the log).
  return {
    sql: `INSERT INTO notification_outbox (dedupe_key, channel_id, message, alert_id, status, attempts, next_attempt_at, created_at)
          SELECT 'subscriber:' || id || ':' || ?, ?, ?, NULL, 'pending', 0, ?, ? FROM subscribers WHERE token = ?
          ON CONFLICT (dedupe_key) DO NOTHING`,
    args: [what, DIRECT_EMAIL_CHANNEL_ID, JSON.stringify(directEmailMessage(payload)), now, now, subscriberToken],
  };
}

function replaceComponentsStatements(subscriberToken: string, selection: ComponentSelection): InStatement[] {
  const out: InStatement[] = [
    { sql: "UPDATE subscribers SET all_components = ? WHERE token = ?", args: [selection.all ? 1 : 0, subscriberToken] },
    { sql: "DELETE FROM subscriber_components WHERE subscriber_id = (SELECT id FROM subscribers WHERE token = ?)", args: [subscriberToken] },
  ];
  if (!selection.all) {
    out.push({
      sql: `INSERT INTO subscriber_components (subscriber_id, component_id)
            SELECT s.id, j.value FROM subscribers s, json_each(?) j WHERE s.token = ?`,
      args: [JSON.stringify(selection.componentIds), subscriberToken],
    });
  }
  return out;
}

async function selectionNames(db: Db, selection: ComponentSelection): Promise<string> {
  if (selection.all) return selectionText(true, []);
  const rows = await db
    .select({ name: components.name })
    .from(components)
    .where(and(inArray(components.id, selection.componentIds), publicComponent))
    .orderBy(asc(components.displayOrder), asc(components.name));
  return selectionText(false, rows.map((r) => r.name));
}

/**
 * Subscribes an email address (double opt-in) or a webhook URL to updates of all public
 * components or some. Throws UserError (rate limit, malformed address, unknown
 * components, a webhook URL already subscribed). For email, the outcome never says whether the
 * address was known.
 */
export async function subscribe(db: Db, input: SubscribeInput, ctx: ClientContext, now = Date.now()): Promise<SubscribeOutcome> {
  await checkRate(db, `client:${ctx.clientKey}`, CLIENT_RATE_LIMIT, "too_many_from_client", now);
  const { kind, address } = parseAddress(input.kind, input.address);
  // Without SMTP no confirmation could be sent: say so instead of "check your inbox".
  if (kind === "email" && !emailConfigured(ctx.env ?? process.env)) fail("email_unavailable");
  const selection = parseSelection(input);
  await checkRate(db, `${kind}:${address}`, ADDRESS_RATE_LIMIT, "too_many_for_address", now);
  await assertPublicComponents(db, selection);
  return kind === "email" ? subscribeEmail(db, address, selection, now) : subscribeWebhook(db, address, selection, now);
}

async function subscribeEmail(db: Db, address: string, selection: ComponentSelection, now: number, retried = false): Promise<SubscribeOutcome> {
  const [page, selectionLabel] = await Promise.all([readPageSettings(db), selectionNames(db, selection)]);
  const context = (token: string) => ({ pageName: page.name, baseUrl: publicBaseUrl(), address, token, selection: selectionLabel });
  const existing = await liveSubscriber(db, "email", address);
  if (!existing) {
    const token = newSubscriberToken();
    const [inserted] = await db.$client.batch(
      [
        {
          sql: `INSERT INTO subscribers (kind, address, token, all_components, confirmation_sent_at, created_at) VALUES ('email', ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING`,
          args: [address, token, selection.all ? 1 : 0, now, now],
        },
        ...replaceComponentsStatements(token, selection).slice(1),
        queueEmailStatement(token, `confirm:${now}`, confirmationEmail(context(token)), now),
      ],
      "write",
    );
    if (inserted.rowsAffected === 1) return { kind: "email" };
    // Someone subscribed the same address in between: answer as for an existing one.
    if (!retried) return subscribeEmail(db, address, selection, now, true);
    return { kind: "email" };
  }
  const due = existing.confirmationSentAt === null || existing.confirmationSentAt <= now - RESEND_AFTER_MS;
  const statements: InStatement[] = [];
  if (existing.confirmedAt === null) {
    // Pending: the latest choice counts (the confirmation email shows it); the link is sent again.
    statements.push(...replaceComponentsStatements(existing.token, selection));
    if (due) statements.push(queueEmailStatement(existing.token, `confirm:${now}`, confirmationEmail(context(existing.token)), now));
  } else if (due) {
    // Confirmed: the choice is left alone (a stranger must not change it); the owner is told how to manage it.
    const current = await getByToken(db, existing.token);
    const label = selectionText(existing.allComponents, current?.components.map((c) => c.name) ?? []);
    statements.push(queueEmailStatement(existing.token, `already:${now}`, alreadySubscribedEmail({ ...context(existing.token), selection: label }), now));
  }
  if (due) statements.push({ sql: "UPDATE subscribers SET confirmation_sent_at = ? WHERE id = ?", args: [now, existing.id] });
  if (statements.length > 0) await db.$client.batch(statements, "write");
  return { kind: "email" };
}

async function subscribeWebhook(db: Db, url: string, selection: ComponentSelection, now: number): Promise<SubscribeOutcome> {
  const existing = await liveSubscriber(db, "webhook", url);
  // An active webhook cannot be answered like a new one: that would mean showing its secret, or
  // replacing it under its owner. One never activated (its secret never shown) is replaced.
  if (existing && existing.confirmedAt !== null) fail("webhook_exists");
  const token = newSubscriberToken();
  const statements: InStatement[] = [];
  if (existing) statements.push({ sql: "UPDATE subscribers SET unsubscribed_at = ? WHERE id = ? AND confirmed_at IS NULL AND unsubscribed_at IS NULL", args: [now, existing.id] });
  const insertAt = statements.length;
  statements.push(
    {
      sql: "INSERT INTO subscribers (kind, address, token, all_components, created_at) VALUES ('webhook', ?, ?, ?, ?) ON CONFLICT DO NOTHING",
      args: [url, token, selection.all ? 1 : 0, now],
    },
    ...replaceComponentsStatements(token, selection).slice(1),
  );
  const inserted = (await db.$client.batch(statements, "write"))[insertAt];
  // Activated by someone else in between.
  if (inserted.rowsAffected !== 1) fail("webhook_exists");
  return { kind: "webhook", token };
}

// ---------------------------------------------------------------------------------------------
// Links: confirm, change, unsubscribe

export type ConfirmOutcome =
  /** Confirmed by this call; a webhook's secret is in `webhookSecret`, shown this once. */
  | { status: "confirmed"; subscription: Subscription; webhookSecret?: string }
  | { status: "already_confirmed"; subscription: Subscription }
  | { status: "expired" }
  | { status: "unsubscribed" }
  | { status: "not_found" };

/** Opens a confirmation link (a GET: the standard for double opt-in). Idempotent. */
export async function confirm(db: Db, token: string, now = Date.now()): Promise<ConfirmOutcome> {
  if (!TOKEN_PATTERN.test(token)) return { status: "not_found" };
  const rs = await db.$client.execute({
    sql: `UPDATE subscribers SET confirmed_at = ?
          WHERE token = ? AND unsubscribed_at IS NULL AND confirmed_at IS NULL AND (kind = 'webhook' OR confirmation_sent_at >= ?)
          RETURNING id`,
    args: [now, token, now - CONFIRM_LINK_TTL_MS],
  });
  const subscription = await getByToken(db, token);
  if (!subscription) return { status: "not_found" };
  if (rs.rows.length === 1) {
    return { status: "confirmed", subscription, ...(subscription.kind === "webhook" ? { webhookSecret: webhookSecretFor(token) } : {}) };
  }
  if (subscription.unsubscribedAt !== null) return { status: "unsubscribed" };
  if (subscription.confirmedAt !== null) return { status: "already_confirmed", subscription };
  return { status: "expired" };
}

export type UnsubscribeOutcome = { status: "unsubscribed" | "already_unsubscribed"; subscription: Subscription } | { status: "not_found" };

/** Cancels a subscription (one-click, no sign-in). Idempotent: a second call says so and changes nothing. */
export async function unsubscribe(db: Db, token: string, now = Date.now()): Promise<UnsubscribeOutcome> {
  if (!TOKEN_PATTERN.test(token)) return { status: "not_found" };
  const rs = await db.$client.execute({ sql: "UPDATE subscribers SET unsubscribed_at = ? WHERE token = ? AND unsubscribed_at IS NULL RETURNING id", args: [now, token] });
  const subscription = await getByToken(db, token);
  if (!subscription) return { status: "not_found" };
  return { status: rs.rows.length === 1 ? "unsubscribed" : "already_unsubscribed", subscription };
}

/** Changes which components a live subscription follows. Throws UserError. */
export async function updateComponents(db: Db, token: string, input: { all?: boolean; componentIds?: number[] }): Promise<Subscription> {
  const current = await getByToken(db, token);
  if (!current) fail("not_found");
  if (current.unsubscribedAt !== null) fail("unsubscribed");
  const selection = parseSelection(input);
  await assertPublicComponents(db, selection);
  await db.$client.batch(replaceComponentsStatements(token, selection), "write");
  return (await getByToken(db, token))!;
}
