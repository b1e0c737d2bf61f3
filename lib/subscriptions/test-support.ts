/**
 * Test-only: a fresh database, a real SMTP server on loopback, the real outbox deliverer, and
 * helpers to read what subscribers received.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { defaultSender, deliverDue } from "../notify/outbox";
import { startSmtpRecorder, type ReceivedMail, type SmtpRecorder } from "../notify/test-smtp";
import { getByToken, subscribe, confirm, type SubscribeInput } from "./manage";

export const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
export const MIN = 60_000;
export const HOUR = 3_600_000;
export const BASE = "https://status.example.com";

export interface World {
  db: Db;
  smtp: SmtpRecorder;
  /** Delivers everything due at `now` through the real sender; returns the mails received meanwhile. */
  deliver(now: number): Promise<ReceivedMail[]>;
}

/** Sets up the world for a describe block: env, SMTP recorder once, a fresh database per test. */
export function useWorld(): World {
  const world = {} as World;
  const env = { ...process.env };
  beforeAll(async () => {
    world.smtp = await startSmtpRecorder();
    process.env.SMTP_URL = world.smtp.url;
    process.env.SMTP_FROM = "Example Status <status@example.com>";
    process.env.PUBLIC_URL = BASE;
    process.env.SUBSCRIBER_WEBHOOKS_ALLOW_PRIVATE = "1";
  });
  afterAll(async () => {
    process.env = env;
    await world.smtp.close();
  });
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db: world.db, cleanup } = await createTestDb());
    world.smtp.mails.length = 0;
    world.smtp.rejectWith = null;
  });
  afterEach(() => cleanup());
  world.deliver = async (now: number) => {
    const before = world.smtp.mails.length;
    let out;
    do {
      out = await deliverDue(world.db, defaultSender, { now: () => now, limit: 500 });
      if (out.retried || out.dead) throw new Error(`delivery failed: ${JSON.stringify(out)}`);
    } while (out.delivered > 0);
    return world.smtp.mails.slice(before);
  };
  return world;
}

/** The token of a link of the kind given, found in a mail's text part. */
export function linkToken(mail: ReceivedMail, path: "subscribe/confirm" | "subscribe/manage" | "unsubscribe" | "api/unsubscribe"): string {
  const m = new RegExp(`${BASE.replace(/\./g, "\\.")}/${path}/([A-Za-z0-9_-]+)`).exec(String(mail.parsed.text));
  if (!m) throw new Error(`no ${path} link in:\n${mail.parsed.text}`);
  return m[1];
}

/** A header as sent (mailparser folds List-* headers into a structure; the raw line is what clients read). */
export function header(mail: ReceivedMail, name: string): string | undefined {
  const line = mail.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line?.slice(line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim();
}

let clients = 0;
/** A fresh client address per call, so the per-client limit does not get in the way. */
export const client = () => ({ clientKey: `203.0.113.${++clients % 250}:${clients}` });

/** Subscribes an email address and confirms it through the link in the confirmation email. */
export async function confirmedEmailSubscriber(world: World, address: string, selection: Omit<SubscribeInput, "kind" | "address"> = {}, now = T0) {
  await subscribe(world.db, { kind: "email", address, ...selection }, client(), now);
  const mails = await world.deliver(now);
  const mail = mails.find((m) => m.to.includes(address));
  if (!mail) throw new Error(`no confirmation email for ${address}`);
  const token = linkToken(mail, "subscribe/confirm");
  const outcome = await confirm(world.db, token, now);
  if (outcome.status !== "confirmed") throw new Error(`confirm: ${outcome.status}`);
  return (await getByToken(world.db, token))!;
}
