import { randomBytes } from "node:crypto";
import { Webhook } from "standardwebhooks";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../db/client";
import { createTestDb, makeMonitor } from "../db/test-db";
import { listAudit, type Actor } from "../audit/log";
import { UserError } from "../errors";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { decryptSecret, isEncrypted } from "../secrets/crypto";
import { listChannelViews } from "./channels";
import { archiveChannel, channelByKey, createChannel, updateChannel } from "./manage";
import { archivePolicy, createPolicy, listPolicyViews, policyByKey, updatePolicy } from "./policies";
import { describeTestDelivery, sendTestMessage, TEST_MESSAGES_PER_MINUTE } from "./test-message";
import { closedPortUrl, useRecorders } from "./test-fixtures";
import { startSmtpRecorder, type SmtpRecorder } from "./test-smtp";

const T0 = 1_700_000_000_000;
const SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const SLACK_URL = "https://hooks.slack.com/services/T0000/B0000/abcdefghijklmnopqrstuvwx";

let db: Db;
let cleanup: () => void;
let ALICE: Actor;
/** A new actor per test (the test-message limit counts per user in this process), named like a user. */
let tests = 0;
beforeEach(async () => {
  ({ db, cleanup } = await createTestDb());
  ALICE = { userId: null, label: `alice${++tests}@example.com`, source: "ui" };
});
afterEach(() => cleanup());

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

const FILE = (extra = "") => parseConfig(`page:\n  name: Test\nchannels:\n  - key: ops-mail\n    type: email\n    to: [ops@example.com]\n${extra}`, {});

describe("channels from the dashboard and the API", () => {
  it("creates a channel validated by the config file's schema, secrets encrypted, audited without them", async () => {
    const row = await createChannel(db, ALICE, { key: "ops-slack", name: "Ops Slack", type: "slack", webhookUrl: SLACK_URL }, T0);
    expect(row).toMatchObject({ key: "ops-slack", name: "Ops Slack", type: "slack", origin: "ui", archivedAt: null, createdAt: T0 });
    expect(isEncrypted(row.config.webhookUrl)).toBe(true);
    const [view] = await listChannelViews(db, "ops-slack");
    expect(view.settings.webhookUrl).toBe("https://hooks.slack.com/…uvwx");
    const { entries } = await listAudit(db, { entity: "channel" });
    expect(entries).toEqual([expect.objectContaining({ action: "channel.create", entityId: "ops-slack", after: { key: "ops-slack", name: "Ops Slack", type: "slack", webhookUrl: "[redacted]" } })]);
    expect(JSON.stringify(entries)).not.toContain("abcdefghij");
  });

  it("answers every invalid field by name with the file's messages, and refuses a key in use", async () => {
    const err = await rejection(createChannel(db, ALICE, { key: "Bad Key", type: "webhook", url: "ftp://x", secret: "nope" }));
    expect(err.code).toBe("invalid_input");
    expect(Object.keys(err.fieldErrors!).sort()).toEqual(["key", "secret", "url"]);
    expect(err.fieldErrors!.secret[0]).toMatch(/whsec_/);
    expect((await rejection(createChannel(db, ALICE, { key: "x", type: "pager" }))).fieldErrors!.type[0]).toMatch(/unknown channel type "pager"/);
    await applyConfig(db, FILE());
    const taken = await rejection(createChannel(db, ALICE, { key: "ops-mail", type: "email", to: ["a@example.com"] }));
    expect(taken.fieldErrors!.key[0]).toMatch(/already used by the channel "ops-mail" \(declared in the config file\)/);
    expect((await rejection(createChannel(db, ALICE, { key: "big", type: "email", to: ["a@example.com"], pad: "x".repeat(20_000) }))).message).toMatch(/at most 16384 characters/);
  });

  it("keeps a stored secret when an edit leaves it blank, replaces it when given, and says so in the audit", async () => {
    await createChannel(db, ALICE, { key: "hook", type: "webhook", url: "http://127.0.0.1:9/a", secret: SECRET }, T0);
    await updateChannel(db, ALICE, "hook", { url: "http://127.0.0.1:9/b", secret: "" }, T0 + 1);
    const kept = (await channelByKey(db, "hook"))!;
    expect(kept.config.url).toBe("http://127.0.0.1:9/b");
    expect(decryptSecret(kept.config.secret as string)).toBe(SECRET);
    const other = `whsec_${randomBytes(32).toString("base64")}`;
    await updateChannel(db, ALICE, "hook", { secret: other }, T0 + 2);
    expect(decryptSecret((await channelByKey(db, "hook"))!.config.secret as string)).toBe(other);
    const audit = (await listAudit(db, { entity: "channel", entityId: "hook" })).entries;
    expect(audit.map((e) => [e.action, (e.after as Record<string, unknown>).secret, (e.after as Record<string, unknown>).credentialsChanged])).toEqual([
      ["channel.update", "[redacted]", ["secret"]],
      ["channel.update", "[redacted]", undefined],
      ["channel.create", "[redacted]", undefined],
    ]);
    expect(JSON.stringify(audit)).not.toContain(other.slice(6, 20));
    // Nothing changed: no write, no entry.
    await updateChannel(db, ALICE, "hook", { secret: "" }, T0 + 3);
    expect((await listAudit(db, { entity: "channel" })).entries).toHaveLength(3);
    expect((await rejection(updateChannel(db, ALICE, "hook", { type: "slack" }))).fieldErrors).toHaveProperty("type");
    expect((await rejection(updateChannel(db, ALICE, "hook", { url: "not a url" }))).fieldErrors).toHaveProperty("url");
  });

  it("leaves config-owned channels read-only, naming the file", async () => {
    await applyConfig(db, FILE());
    const edit = await rejection(updateChannel(db, ALICE, "ops-mail", { name: "Mail" }));
    expect(edit.code).toBe("conflict");
    expect(edit.message).toMatch(/managed by status\.config\.yaml: change it there, in status\.config\.yaml \(the entry "key: ops-mail" under channels:\)/);
    expect((await rejection(archiveChannel(db, ALICE, "ops-mail"))).code).toBe("conflict");
    expect((await rejection(archiveChannel(db, ALICE, "nope"))).code).toBe("not_found");
  });

  it("refuses to archive a channel a policy uses, naming the policies; archives it once free", async () => {
    await createChannel(db, ALICE, { key: "ops-slack", type: "slack", webhookUrl: SLACK_URL });
    await createPolicy(db, ALICE, { key: "day", steps: [{ channels: ["ops-slack"] }] });
    await createPolicy(db, ALICE, { key: "night", steps: [{ after: "5m", channels: ["ops-slack"] }] });
    const err = await rejection(archiveChannel(db, ALICE, "ops-slack"));
    expect(err.message).toBe('The channel "ops-slack" is used by the escalation policies "day", "night": remove it from those policies first.');
    await archivePolicy(db, ALICE, "day");
    await archivePolicy(db, ALICE, "night");
    await archiveChannel(db, ALICE, "ops-slack", T0);
    expect((await channelByKey(db, "ops-slack"))!.archivedAt).toBe(T0);
    expect(await listChannelViews(db)).toEqual([]);
    // Its key can be used again.
    expect((await createChannel(db, ALICE, { key: "ops-slack", type: "email", to: ["a@example.com"] })).type).toBe("email");
  });
});

describe("escalation policies from the dashboard and the API", () => {
  it("create, update and archive with steps naming live channels, each audited", async () => {
    await applyConfig(db, FILE());
    await createChannel(db, ALICE, { key: "ops-slack", type: "slack", webhookUrl: SLACK_URL });
    const row = await createPolicy(db, ALICE, { key: "oncall", name: "On call", steps: [{ after: "10m", channels: ["ops-slack"] }, { channels: ["ops-mail", "ops-mail"] }], repeat: "30m" }, T0);
    expect(row).toMatchObject({ origin: "ui", steps: [{ afterMs: 0, channels: ["ops-mail"] }, { afterMs: 600_000, channels: ["ops-slack"] }], repeatEveryMs: 1_800_000 });
    const updated = await updatePolicy(db, ALICE, "oncall", { repeat: null, name: "On-call rota" }, T0 + 1);
    expect(updated).toMatchObject({ name: "On-call rota", repeatEveryMs: null });
    const unknown = await rejection(updatePolicy(db, ALICE, "oncall", { steps: [{ channels: ["ops-slak"] }] }));
    expect(unknown.fieldErrors).toEqual({ "steps.0.channels": ['step 1: unknown channel "ops-slak", did you mean "ops-slack"?'] });
    const bad = await rejection(createPolicy(db, ALICE, { key: "x", steps: [], repeat: "10s" }));
    expect(bad.fieldErrors).toMatchObject({ steps: ["give at least one step"], repeat: ["must be at least 60s, got 10s"] });
    const monitorId = await makeMonitor(db, { key: "api", escalationPolicyId: row.id });
    expect(monitorId).toBeDefined();
    expect((await listPolicyViews(db)).map((p) => [p.key, p.monitors])).toEqual([["oncall", ["api"]]]);
    const used = await rejection(archivePolicy(db, ALICE, "oncall"));
    expect(used.message).toBe('The escalation policy "oncall" is used by the monitor "api": give it another policy first.');
    const actions = (await listAudit(db, { entity: "escalation" })).entries.map((e) => e.action);
    expect(actions).toEqual(["escalation.update", "escalation.create"]);
  });

  it("leaves config-owned policies read-only", async () => {
    await applyConfig(db, FILE("escalation:\n  - key: default\n    steps:\n      - channels: [ops-mail]\n"));
    const err = await rejection(updatePolicy(db, ALICE, "default", { repeat: "1h" }));
    expect(err.code).toBe("conflict");
    expect(err.message).toMatch(/escalation policy "default" is managed by status\.config\.yaml/);
    expect((await policyByKey(db, "default"))!.repeatEveryMs).toBeNull();
  });
});

describe("config sync and dashboard channels and policies", () => {
  it("never touches them, and refuses a file entry whose key one holds, naming both", async () => {
    await createChannel(db, ALICE, { key: "ops-slack", name: "Ops Slack", type: "slack", webhookUrl: SLACK_URL });
    await createPolicy(db, ALICE, { key: "oncall", steps: [{ channels: ["ops-slack"] }] });
    const summary = await applyConfig(db, FILE());
    expect(summary.archived).toEqual([]);
    expect((await channelByKey(db, "ops-slack"))!.archivedAt).toBeNull();
    expect((await policyByKey(db, "oncall"))!.archivedAt).toBeNull();

    const clash = FILE("  - key: ops-slack\n    type: email\n    to: [b@example.com]\nescalation:\n  - key: oncall\n    steps:\n      - channels: [ops-mail]\n");
    const err = await applyConfig(db, clash).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/channels\[1\]\.key: key "ops-slack" \(ops-slack\) is already used by the channel "Ops Slack" created in the dashboard/);
    expect(err?.message).toMatch(/escalation\[0\]\.key: key "oncall" \(oncall\) is already used by the escalation policy "oncall" created in the dashboard/);
  });

  it("refuses to archive a file channel that a dashboard policy still uses", async () => {
    await applyConfig(db, FILE());
    await createPolicy(db, ALICE, { key: "oncall", steps: [{ channels: ["ops-mail"] }] });
    const err = await applyConfig(db, parseConfig("page:\n  name: Test\n", {})).then(() => null, (e: Error) => e);
    expect(err?.message).toMatch(/the channel "ops-mail" left the file but the escalation policy "oncall" created in the dashboard still uses it/);
    expect((await channelByKey(db, "ops-mail"))!.archivedAt).toBeNull();
  });

  it("takes over an archived dashboard channel's key", async () => {
    await createChannel(db, ALICE, { key: "ops-mail", type: "email", to: ["x@example.com"] });
    await archiveChannel(db, ALICE, "ops-mail");
    await applyConfig(db, FILE());
    expect(await channelByKey(db, "ops-mail")).toMatchObject({ origin: "config", archivedAt: null, config: { to: ["ops@example.com"] } });
  });
});

describe("send test message", () => {
  const recorder = useRecorders();
  let smtp: SmtpRecorder | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await smtp?.close();
    smtp = undefined;
  });

  it("delivers a signed test to a webhook now and says how long it took, audited", async () => {
    const server = await recorder(() => ({ status: 204 }));
    await createChannel(db, ALICE, { key: "hook", type: "webhook", url: `${server.url}/in`, secret: SECRET });
    const result = await sendTestMessage(db, ALICE, "hook");
    expect(result).toMatchObject({ ok: true, detail: "HTTP 204" });
    expect(describeTestDelivery(result)).toMatch(/^Delivered in \d+ ms: HTTP 204$/);
    expect(server.requests).toHaveLength(1);
    const { headers, body } = server.requests[0];
    const verified = new Webhook(SECRET).verify(body, headers as Record<string, string>) as { type: string; data: { title: string; summary: string } };
    expect(verified.type).toBe("test");
    expect(verified.data.summary).toMatch(/alice\d+@example\.com sent this test to the channel "hook"/);
    const [entry] = (await listAudit(db, { entity: "channel" })).entries;
    expect(entry).toMatchObject({ action: "channel.test", entityId: "hook", after: { ok: true, detail: "HTTP 204" } });
  });

  it("reports a failing receiver, a refused connection and a deadline in words", async () => {
    const notFound = await recorder(() => ({ status: 404, body: "no_service" }));
    await createChannel(db, ALICE, { key: "gone", type: "webhook", url: `${notFound.url}/x`, secret: SECRET });
    const r404 = await sendTestMessage(db, ALICE, "gone");
    expect(r404.ok).toBe(false);
    expect(r404.detail).toBe("webhook: HTTP 404: no_service");
    expect(describeTestDelivery(r404)).toMatch(/^Not delivered \(after \d+ ms\): webhook: HTTP 404/);

    await createChannel(db, ALICE, { key: "closed", type: "webhook", url: await closedPortUrl(), secret: SECRET });
    expect((await sendTestMessage(db, ALICE, "closed")).detail).toMatch(/could not reach 127\.0\.0\.1.*ECONNREFUSED/);

    const hanging = await recorder(() => ({ status: 200, hang: true }));
    await createChannel(db, ALICE, { key: "slow", type: "webhook", url: hanging.url, secret: SECRET });
    const slow = await sendTestMessage(db, ALICE, "slow", { timeoutMs: 300 });
    expect(slow).toMatchObject({ ok: false, detail: expect.stringMatching(/^webhook: no answer from 127\.0\.0\.1:\d+ within 300 ms$/) });
    expect(slow.latencyMs).toBeLessThan(5_000);
  });

  it("sends email through a real SMTP server, and reports its refusal", async () => {
    smtp = await startSmtpRecorder();
    vi.stubEnv("SMTP_URL", smtp.url);
    vi.stubEnv("SMTP_HOST", "");
    await applyConfig(db, FILE());
    // A config-owned channel may be tested: testing is not editing.
    const ok = await sendTestMessage(db, ALICE, "ops-mail");
    expect(ok).toMatchObject({ ok: true, detail: expect.stringMatching(/^SMTP 250/) });
    const [mail] = await smtp.waitFor(1);
    expect(mail.to).toEqual(["ops@example.com"]);
    expect(mail.parsed.subject).toMatch(/Test message from Test/);
    smtp.rejectWith = { code: 550, message: "mailbox unavailable" };
    const refused = await sendTestMessage(db, ALICE, "ops-mail");
    expect(refused.ok).toBe(false);
    expect(refused.detail).toMatch(/550/);
  });

  it(`allows ${TEST_MESSAGES_PER_MINUTE} tests a minute per user`, async () => {
    const server = await recorder(() => ({ status: 200 }));
    await createChannel(db, ALICE, { key: "hook", type: "webhook", url: server.url, secret: SECRET });
    let now = T0;
    for (let i = 0; i < TEST_MESSAGES_PER_MINUTE; i++) await sendTestMessage(db, ALICE, "hook", { now: () => now });
    const limited = await rejection(sendTestMessage(db, ALICE, "hook", { now: () => now }));
    expect(limited).toMatchObject({ code: "rate_limited", retryAfterS: 60 });
    expect(server.requests).toHaveLength(TEST_MESSAGES_PER_MINUTE);
    now += 60_001;
    expect((await sendTestMessage(db, ALICE, "hook", { now: () => now })).ok).toBe(true);
    expect((await rejection(sendTestMessage(db, ALICE, "nope"))).code).toBe("not_found");
  });
});
