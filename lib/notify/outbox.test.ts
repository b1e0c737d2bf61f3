import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { alerts, notificationAttempts, notificationOutbox } from "../db/schema";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { processResultBatch } from "../coordinator/fold";
import { listActiveMonitors } from "../monitors/store";
import { escalate } from "./escalation";
import { backoffMs, DIRECT_EMAIL_CHANNEL_ID, DIRECT_EMAIL_TYPE, directEmailMessage, defaultSender as send, deliverDue, deliveryLog, MAX_ATTEMPTS, MAX_STORED_ERROR_CHARS, type Sender } from "./outbox";
import { enqueueStatement } from "./escalation";
import { readAckToken } from "./links";
import { startRecorder, type Recorder } from "./test-fixtures";
import { startSmtpRecorder, type SmtpRecorder } from "./test-smtp";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const SECRET = "whsec_" + Buffer.alloc(32, 7).toString("base64");

describe("the outbox, delivered to real receivers", () => {
  let smtp: SmtpRecorder;
  let hook: Recorder;
  let hookStatus = 200;
  let db: Db;
  let cleanup: () => void;
  const env = { ...process.env };

  beforeAll(async () => {
    smtp = await startSmtpRecorder();
    hook = await startRecorder(() => ({ status: hookStatus, body: hookStatus === 200 ? "ok" : "busy" }));
    process.env.SMTP_URL = smtp.url;
    process.env.SMTP_FROM = "Status <status@example.com>";
    process.env.PUBLIC_URL = "https://status.example.com";
  });
  afterAll(async () => {
    process.env = env;
    await smtp.close();
    await hook.close();
  });
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    smtp.mails.length = 0;
    hook.requests.length = 0;
    smtp.rejectWith = null;
    hookStatus = 200;
    await applyConfig(
      db,
      parseConfig(
        `page:\n  name: T\nmonitors:\n  - key: api\n    name: API\n    type: http\n    url: http://127.0.0.1:9/\n` +
          `channels:\n  - key: ops-email\n    type: email\n    to: [ops@example.com, cto@example.com]\n` +
          `  - key: hook\n    type: webhook\n    url: ${hook.url}/status\n    secret: ${SECRET}\n` +
          `escalation:\n  - key: default\n    steps:\n      - channels: [ops-email, hook]\n`,
        {},
      ),
      T0 - 60_000,
    );
    const [m] = await listActiveMonitors(db);
    const region = await ensureRegion(db, "local");
    for (const [i, up] of [true, false, false].entries()) {
      await insertResults(db, [toResultRow(m.id, region, { status: up ? "up" : "down", startedAt: T0 + i * 30_000, totalUs: 1000, phases: {}, message: up ? undefined : "status 503, expected 200-299", assertions: [] })]);
      await processResultBatch(db, new Map([[m.id, m]]), T0 + i * 30_000 + 500);
    }
    await escalate(db, T0 + 61_000);
  });
  afterEach(() => cleanup());

  it("delivers the team's alerts ahead of, and apart from, a backlog of subscriber mail", async () => {
    // 200 subscriber emails, due before the alert (a flood through the public subscribe form).
    await db.$client.batch(
      Array.from({ length: 200 }, (_, i) =>
        enqueueStatement(`sub:${i}`, DIRECT_EMAIL_CHANNEL_ID, directEmailMessage({ to: [`reader${i}@example.com`], subject: "Confirm", text: "t", html: "<p>t</p>", headers: {} }), null, T0),
      ),
      "write",
    );
    // Subscriber mail is stuck (a slow SMTP relay) until released; team channels are not.
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    const slowSubscribers: Sender = async (type, config, message, options) => {
      if (type === DIRECT_EMAIL_TYPE) await stuck;
      return send(type, config, message, options);
    };
    const now = () => T0 + 62_000;
    const subscriberPass = deliverDue(db, slowSubscribers, { now, lane: "subscribers" });
    // The team lane finishes while every subscriber send still waits.
    expect(await deliverDue(db, slowSubscribers, { now, lane: "team" })).toEqual({ delivered: 2, retried: 0, dead: 0 });
    expect(hook.requests).toHaveLength(1);
    expect(smtp.mails.map((m) => m.to).flat()).toEqual(expect.arrayContaining(["ops@example.com"]));
    release();
    expect((await subscriberPass).delivered).toBe(50); // one pass claims at most 50 per lane
  });

  it("sends the alert email (both parts, links that work) and the signed webhook, and logs each attempt", async () => {
    const out = await deliverDue(db, send, { now: () => T0 + 62_000 });
    expect(out).toEqual({ delivered: 2, retried: 0, dead: 0 });

    const [mail] = await smtp.waitFor(1);
    expect(mail.to.sort()).toEqual(["cto@example.com", "ops@example.com"]);
    expect(mail.parsed.subject).toMatch(/API is down/);
    expect(mail.parsed.text).toContain("status 503, expected 200-299");
    expect(mail.parsed.html).toContain("status 503, expected 200-299");
    const ack = /https:\/\/status\.example\.com\/ack\/([A-Za-z0-9._-]+)/.exec(String(mail.parsed.text));
    expect(ack).not.toBeNull();
    const [alert] = await db.select().from(alerts);
    expect(readAckToken(ack![1], T0 + 62_000)).toEqual({ ok: true, alertId: alert.id });
    expect(mail.parsed.text).toContain("https://status.example.com/dashboard/monitors/api");

    expect(hook.requests).toHaveLength(1);
    const req = hook.requests[0];
    const payload = new Webhook(SECRET).verify(req.body, req.headers as Record<string, string>) as { type: string; data: { title: string } };
    expect(payload).toMatchObject({ type: "alert.opened", data: { title: "API is down" } });
    expect(req.headers["webhook-id"]).toBe(`alert:${alert.id}:step:0:hook`);

    const log = await deliveryLog(db);
    expect(log.map((d) => [d.channel, d.status, d.log.length, d.log[0].ok])).toEqual([
      ["hook", "delivered", 1, true],
      ["ops-email", "delivered", 1, true],
    ]);
    // Nothing is due any more: a second pass sends nothing.
    expect(await deliverDue(db, send, { now: () => T0 + 63_000 })).toEqual({ delivered: 0, retried: 0, dead: 0 });
    expect(smtp.mails).toHaveLength(1);
  });

  it("retries a failing receiver with exponential backoff and delivers once it answers", async () => {
    hookStatus = 503;
    let now = T0 + 62_000;
    // Each attempt's outcome is told by channel type (the worker's metrics count them).
    const told: string[] = [];
    expect(await deliverDue(db, send, { now: () => now, onAttempt: (type, outcome) => told.push(`${type}:${outcome}`) })).toEqual({ delivered: 1, retried: 1, dead: 0 });
    expect(told.sort()).toEqual(["email:delivered", "webhook:retry"]);
    const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `alert:1:step:0:hook`));
    expect(row).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: now + backoffMs(1) });
    expect(row.lastError).toMatch(/503/);
    // Not due yet: nothing is sent.
    now += backoffMs(1) - 1;
    expect(await deliverDue(db, send, { now: () => now })).toEqual({ delivered: 0, retried: 0, dead: 0 });
    now += 1;
    expect(await deliverDue(db, send, { now: () => now })).toEqual({ delivered: 0, retried: 1, dead: 0 });
    expect(backoffMs(2)).toBe(2 * backoffMs(1));
    hookStatus = 200;
    now += backoffMs(2);
    expect(await deliverDue(db, send, { now: () => now })).toEqual({ delivered: 1, retried: 0, dead: 0 });
    expect(hook.requests).toHaveLength(3);
    // Every attempt carried the same idempotency key, so the receiver can tell a retry.
    expect(new Set(hook.requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    const attempts = await db.select().from(notificationAttempts).where(eq(notificationAttempts.outboxId, row.id));
    expect(attempts.map((a) => a.ok)).toEqual([false, false, true]);
  });

  it("puts a delivery the receiver refuses for good in the dead letter state at once, and one that keeps failing after the last retry", async () => {
    smtp.rejectWith = { code: 550, message: "mailbox unavailable" };
    hookStatus = 500;
    let now = T0 + 62_000;
    await deliverDue(db, send, { now: () => now });
    const email = (await deliveryLog(db)).find((d) => d.channel === "ops-email")!;
    expect(email).toMatchObject({ status: "dead", attempts: 1 });
    expect(email.lastError).toMatch(/550.*not retryable/);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      now += backoffMs(i);
      await deliverDue(db, send, { now: () => now });
    }
    const hookRow = (await deliveryLog(db)).find((d) => d.channel === "hook")!;
    expect(hookRow).toMatchObject({ status: "dead", attempts: MAX_ATTEMPTS });
    expect(hookRow.lastError).toMatch(new RegExp(`gave up after ${MAX_ATTEMPTS} attempts`));
    now += 24 * 3_600_000;
    await deliverDue(db, send, { now: () => now });
    expect(hook.requests).toHaveLength(MAX_ATTEMPTS);
  });

  it("two deliverers at once send each message once: rows are claimed", async () => {
    const results = await Promise.all([deliverDue(db, send, { now: () => T0 + 62_000 }), deliverDue(db, send, { now: () => T0 + 62_000 })]);
    expect(results.reduce((n, r) => n + r.delivered, 0)).toBe(2);
    expect(smtp.mails).toHaveLength(1);
    expect(hook.requests).toHaveLength(1);
  });
});

describe("what the outbox stores of a failed delivery", () => {
  let db: Db;
  let cleanup: () => void;
  let discord: Recorder;
  let hook: Recorder;
  const env = { ...process.env };
  // Receivers whose error answers are far too long to show: Discord's JSON (within the 64 KB we
  // read, so that its message is read out of it), and 100 KB of plain text.
  const HUGE = "x".repeat(100 * 1024);

  beforeAll(async () => {
    discord = await startRecorder(() => ({ status: 500, headers: { "content-type": "application/json" }, body: JSON.stringify({ message: `internal: ${HUGE.slice(0, 60 * 1024)}`, code: 0 }) }));
    hook = await startRecorder(() => ({ status: 500, body: `INTERNAL-ONLY ${HUGE}` }));
    process.env.PUBLIC_URL = "https://status.example.com";
  });
  afterAll(async () => {
    process.env = env;
    await discord.close();
    await hook.close();
  });
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    discord.requests.length = 0;
    hook.requests.length = 0;
    await applyConfig(
      db,
      parseConfig(
        `page:\n  name: T\nmonitors:\n  - key: api\n    name: API\n    type: http\n    url: http://127.0.0.1:9/\n` +
          `channels:\n  - key: chat\n    type: discord\n    webhookUrl: ${discord.url}/api/webhooks/1/tok\n` +
          `  - key: hook\n    type: webhook\n    url: ${hook.url}/status\n    secret: ${SECRET}\n` +
          `escalation:\n  - key: default\n    steps:\n      - channels: [chat, hook]\n`,
        {},
      ),
      T0 - 60_000,
    );
    const [m] = await listActiveMonitors(db);
    const region = await ensureRegion(db, "local");
    for (const [i, up] of [true, false, false].entries()) {
      await insertResults(db, [toResultRow(m.id, region, { status: up ? "up" : "down", startedAt: T0 + i * 30_000, totalUs: 1000, phases: {}, message: up ? undefined : "status 503", assertions: [] })]);
      await processResultBatch(db, new Map([[m.id, m]]), T0 + i * 30_000 + 500);
    }
    await escalate(db, T0 + 61_000);
  });
  afterEach(() => {
    cleanup();
    delete process.env.PROBE_BLOCK_PRIVATE;
  });

  it(`cuts a long answer of an allowed receiver: last_error and the attempt's detail stay within ${MAX_STORED_ERROR_CHARS} characters`, async () => {
    process.env.PROBE_BLOCK_PRIVATE = "false";
    expect(await deliverDue(db, send, { now: () => T0 + 62_000 })).toEqual({ delivered: 0, retried: 2, dead: 0 });
    expect([discord.requests.length, hook.requests.length]).toEqual([1, 1]);
    const log = await deliveryLog(db);
    expect(log.map((d) => d.channel).sort()).toEqual(["chat", "hook"]);
    for (const entry of log) {
      expect(entry.lastError).toMatch(/^(discord|webhook): HTTP 500: (internal: |INTERNAL-ONLY )x+…$/);
      expect(entry.lastError!.length).toBeLessThanOrEqual(MAX_STORED_ERROR_CHARS);
      expect(entry.log).toHaveLength(1);
      expect(entry.log[0].detail.length).toBeLessThanOrEqual(MAX_STORED_ERROR_CHARS);
    }
  });

  it("stores no answer at all from a target the policy refused: the error says why and what to change, and the receiver gets nothing", async () => {
    process.env.PROBE_BLOCK_PRIVATE = "true";
    expect(await deliverDue(db, send, { now: () => T0 + 62_000 })).toEqual({ delivered: 0, retried: 0, dead: 2 });
    expect([discord.requests.length, hook.requests.length]).toEqual([0, 0]);
    const rows = await db.select().from(notificationOutbox);
    const attempts = await db.select().from(notificationAttempts);
    for (const text of [...rows.map((r) => r.lastError ?? ""), ...attempts.map((a) => a.detail)]) {
      expect(text).toMatch(/^(discord|webhook): refused to connect to 127\.0\.0\.1: private, loopback, link-local and metadata addresses are blocked \(PROBE_BLOCK_PRIVATE=1\); point the channel at a public address, or set PROBE_BLOCK_PRIVATE=false to allow private receivers/);
      expect(text).not.toMatch(/INTERNAL-ONLY|internal:|xxx/);
    }
    expect(rows.map((r) => r.status)).toEqual(["dead", "dead"]);
  });
});
