/**
 * "Send test message": one test NotificationMessage to one channel, now, through the channel's
 * real deliverer (not the outbox: the person pressing the button waits for the answer), bounded
 * by a deadline. Testing is not editing, so a channel the config file declares may be tested too.
 */
import type { Db } from "../db/client";
import { recordAudit, type Actor } from "../audit/log";
import { UserError } from "../errors";
import { decryptSecret, isEncrypted } from "../secrets/crypto";
import { readPageSettings } from "../settings/page";
import { deliver, type NotificationMessage, type SendOutcome } from "./index";
import { publicBaseUrl } from "./links";
import { liveChannel } from "./manage";

/** How long the button waits for the receiver. */
export const TEST_SEND_TIMEOUT_MS = 10_000;
/** Test messages per user per minute: enough to fix a typo and retry, too few to spam a channel. */
export const TEST_MESSAGES_PER_MINUTE = 5;
const WINDOW_MS = 60_000;

export interface TestDelivery {
  ok: boolean;
  /** The receiver's receipt ("HTTP 200", "SMTP 250 OK …"), or the error in words. */
  detail: string;
  latencyMs: number;
}

/** Send times per user in the last minute, in this process (a restart forgets them; that is fine for a spam guard). */
const recentSends = new Map<string, number[]>();

/** Counts one test by `who`; throws rate_limited, with the seconds to wait, past the limit. */
function countTest(who: string, now: number): void {
  const recent = (recentSends.get(who) ?? []).filter((at) => at > now - WINDOW_MS);
  if (recent.length >= TEST_MESSAGES_PER_MINUTE) {
    const retryAfterS = Math.max(1, Math.ceil((recent[0] + WINDOW_MS - now) / 1000));
    recentSends.set(who, recent);
    throw new UserError("rate_limited", `At most ${TEST_MESSAGES_PER_MINUTE} test messages a minute: try again in ${retryAfterS} seconds.`, { retryAfterS });
  }
  recent.push(now);
  recentSends.set(who, recent);
  if (recentSends.size > 10_000) for (const [k, v] of recentSends) if (v.every((at) => at <= now - WINDOW_MS)) recentSends.delete(k);
}

/** The message a test sends: says who sent it and that nothing is wrong. */
export function testMessage(channel: { key: string; name: string }, actor: Actor, pageName: string, now: number, env: NodeJS.ProcessEnv = process.env): NotificationMessage {
  return {
    event: "test",
    severity: "info",
    title: `Test message from ${pageName}`,
    summary: `${actor.label} sent this test to the channel "${channel.name}" to check that alerts reach you. Nothing is down; no action is needed.`,
    facts: [
      { label: "Channel", value: channel.key },
      { label: "Sent by", value: actor.label },
    ],
    links: [{ label: "Notifications", url: `${publicBaseUrl(env)}/dashboard/notifications`, kind: "dashboard" }],
    at: now,
    ref: `test:${channel.key}:${now}`,
  };
}

export interface TestOptions {
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Delivers a test message to the live channel `key` and says how it went. A failed delivery is an
 * answer ({ ok: false, detail }), not an error; an unknown channel or too many tests are.
 */
export async function sendTestMessage(db: Db, actor: Actor, key: unknown, opts: TestOptions = {}): Promise<TestDelivery> {
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.timeoutMs ?? TEST_SEND_TIMEOUT_MS;
  const row = await liveChannel(db, key);
  countTest(actor.userId === null ? actor.label : `user:${actor.userId}`, now());
  const page = await readPageSettings(db);
  const sentAt = now();
  const message = testMessage(row, actor, page.name, sentAt);
  const started = performance.now();
  let result: TestDelivery;
  try {
    const config = Object.fromEntries(Object.entries(row.config).map(([k, v]) => [k, isEncrypted(v) ? decryptSecret(v) : v]));
    const outcome = await withDeadline(deliver(row.type, config, message, { idempotencyKey: message.ref, timeoutMs }), timeoutMs);
    result = { ok: true, detail: outcome.detail, latencyMs: Math.round(performance.now() - started) };
  } catch (err) {
    result = { ok: false, detail: (err as Error).message.slice(0, 500), latencyMs: Math.round(performance.now() - started) };
  }
  await recordAudit(db, actor, { action: "channel.test", entity: "channel", entityId: row.key, after: result }, sentAt);
  return result;
}

/** The send, or "timed out after 10 s" if a receiver holds it past the deadline the channel was given. */
function withDeadline(send: Promise<SendOutcome>, timeoutMs: number): Promise<SendOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    // A little grace: the channel's own deadline gives the better message when it fires.
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs + 250);
  });
  return Promise.race([send, deadline]).finally(() => clearTimeout(timer));
}

/** The result in words, for the button: "Delivered in 123 ms: HTTP 200" or "Not delivered (…): <error>". */
export function describeTestDelivery(r: TestDelivery): string {
  return r.ok ? `Delivered in ${r.latencyMs} ms: ${r.detail}` : `Not delivered (after ${r.latencyMs} ms): ${r.detail}`;
}
