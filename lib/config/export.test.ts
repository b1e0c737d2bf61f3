import { asc, eq, isNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { Db } from "../db/client";
import { componentGroups, components, escalationPolicies, monitors, notificationChannels } from "../db/schema";
import { createTestDb, makeComponent } from "../db/test-db";
import { CHECK_TYPES } from "../checks/index";
import { SYSTEM_ACTOR } from "../audit/log";
import { archiveMonitor, createMonitor, pauseMonitor } from "../monitors/index";
import { decryptSecret } from "../secrets/crypto";
import { readPageSettings } from "../settings/page";
import { readBackupSchedule } from "../backup/schedule";
import { readRetention } from "../results/retention";
import { parseConfig } from "./load";
import { applyConfig } from "./sync";
import { exportConfig, secretEnvName } from "./export";

const T0 = 1_700_000_000_000;
const SLACK_URL = "https://hooks.slack.com/services/T000/B000/slackSecretPart77";
const WEBHOOK_SECRET = "whsec_c2VjcmV0LXJvdW5kLXRyaXAtc2lnbmluZy1rZXk=";
const TWILIO_TOKEN = "9876543210"; // digits only: must come back a string
const NTFY_TOKEN = "tk_ntfySecretToken42";
const DISCORD_URL = "https://discord.com/api/webhooks/1/discordSecretPart";
const SECRETS = [SLACK_URL, WEBHOOK_SECRET, TWILIO_TOKEN, NTFY_TOKEN, DISCORD_URL];

/** Every check type, groups, a private component, channels of every kind with secrets, escalation. */
const RICH = `
page:
  name: Rich \${PAGE_SUFFIX}
  description: Everything the file can say
  logo: /logo.svg
  homepage: https://example.com
  links:
    - label: Docs
      url: https://example.com/docs
  accentColor: "#1d5fd1"
  accentColorDark: "#8ab4ff"
  uptime:
    partialOutageWeight: 0.5
    degradedWeight: 0.1
groups:
  - key: core
    name: Core
  - key: edge
    name: Edge
components:
  - key: api
    name: API
    group: core
    description: The public API
    publishIncidents: true
  - key: ledger
    name: Ledger
    group: core
    public: false
    showLatency: false
  - key: site
    name: Website
    group: edge
    description: ""
monitors:
  - key: api-health
    name: API health
    type: http
    component: api
    interval: 30s
    timeout: 5s
    failureThreshold: 3
    successThreshold: 1
    regions: [us-east, eu-west]
    quorum: 2
    escalation: oncall
    downPercent: 40
    downWindow: 5m
    url: http://127.0.0.1:4100/health?x=1
    method: POST
    headers:
      X-Template: "$\${NOT_A_VARIABLE}"
    body: '{"ping":true}'
    auth:
      bearer:
        tokenEnv: API_TOKEN
    expectedStatus: [200, "300-302"]
    bodyContains: ok
    json: ['$.status == "ok"']
    expectHeaders:
      Content-Type: json
    maxLatency: 800ms
    maxBodySize: 64KiB
    maxRedirects: 2
    ignoreTlsErrors: true
    tlsExpiryWarning: 7d
  - key: db-port
    name: Database port
    type: tcp
    component: ledger
    host: 127.0.0.1
    port: 5432
    send: "PING\\r\\n"
    bannerMatch: PONG
  - key: mx
    name: Mail exchanger
    type: dns
    query: example.com
    recordType: mx
    server: 127.0.0.1:5353
    expect: ["10 mail.example.com"]
  - key: cert
    name: Certificate
    type: tls
    component: site
    host: example.com
    port: 8443
    expiryWarning: 21d
    allowSelfSigned: true
  - key: checkout
    name: Checkout flow
    type: browser
    component: site
    interval: 5m
    url: https://example.com/checkout
    waitForSelector: "#app"
    waitForText: Welcome
    maxLatency: 3s
    viewport: { width: 390, height: 844 }
    screenshotOnFailure: false
  - key: nightly
    name: Nightly backup
    type: heartbeat
    component: ledger
    interval: 1h
    grace: 5m
  - key: to-remove
    name: Removed later
    type: tcp
    host: 127.0.0.1
    port: 9
channels:
  - key: ops-mail
    name: Ops mail
    type: email
    to: [ops@example.com]
  - key: ops-slack
    type: slack
    webhookUrl: \${SLACK_URL}
  - key: ops-hook
    name: Hook
    type: webhook
    url: http://127.0.0.1:9/hook
    secret: ${WEBHOOK_SECRET}
  - key: pager-sms
    type: sms
    accountSid: AC0123456789abcdef0123456789abcdef
    authToken: "${TWILIO_TOKEN}"
    from: "+14155550100"
    to: ["+14155550123"]
  - key: ntfy
    type: ntfy
    url: https://ntfy.sh/team-alerts-long-topic
    token: ${NTFY_TOKEN}
  - key: chat
    type: discord
    webhookUrl: ${DISCORD_URL}
  - key: old-channel
    type: email
    to: [old@example.com]
escalation:
  - key: oncall
    name: On call
    steps:
      - channels: [ops-mail, ops-hook]
      - after: 5m
        channels: [ops-slack, chat]
      - after: 15m
        channels: [pager-sms, ntfy]
    repeat: 30m
  - key: default
    steps:
      - channels: [ops-mail]
backups:
  every: 2h
  keep: { hourly: 6, daily: 3, weekly: 2 }
  heartbeat: nightly
retention:
  raw: 10d
  hourly: forever
  daily: 3650d
  deliveries: 30d
  logins: 36h
`;

const SOURCE_ENV = { PAGE_SUFFIX: "page", SLACK_URL };

let a: { db: Db; cleanup: () => void };
let b: { db: Db; cleanup: () => void };
beforeEach(async () => {
  a = await createTestDb();
  b = await createTestDb();
});
afterEach(() => {
  a.cleanup();
  b.cleanup();
});

/** Database A: the rich file, then entries from the dashboard, an archived one and a paused one. */
async function buildSource(db: Db) {
  await applyConfig(db, parseConfig(RICH, SOURCE_ENV), T0);
  // An entry removed from the file (archived) and an archived channel.
  await applyConfig(db, parseConfig(RICH.replace(/  - key: to-remove\n(    .*\n)*/, "").replace(/  - key: old-channel\n(    .*\n)*/, ""), SOURCE_ENV), T0 + 1);
  const group = (await db.insert(componentGroups).values({ key: "ui-group", name: "From the dashboard", displayOrder: 5, origin: "ui" }).returning())[0];
  await makeComponent(db, { key: "ui-component", name: "Dashboard component", groupId: group.id, origin: "ui", isPublic: false, displayOrder: 7 });
  await makeComponent(db, { key: "ui-gone", name: "Archived component", origin: "ui", archivedAt: T0 });
  await createMonitor(db, SYSTEM_ACTOR, { key: "ui-http", name: "Dashboard HTTP", type: "http", component: "ui-component", url: "http://127.0.0.1:9/ui", interval: "45s", escalation: "oncall" }, T0);
  await createMonitor(db, SYSTEM_ACTOR, { key: "ui-heartbeat", name: "Dashboard job", type: "heartbeat", interval: "10m", grace: "30s" }, T0);
  await createMonitor(db, SYSTEM_ACTOR, { key: "ui-archived", name: "Archived from the dashboard", type: "tcp", host: "127.0.0.1", port: 9 }, T0);
  await archiveMonitor(db, SYSTEM_ACTOR, "ui-archived", T0);
  await pauseMonitor(db, SYSTEM_ACTOR, "api-health", T0);
}

/** Everything config decides, by key and in page order; ids, origins, timestamps and pauses are not config. */
async function state(db: Db, { hashes = true } = {}) {
  const groupRows = await db.select().from(componentGroups).where(isNull(componentGroups.archivedAt)).orderBy(asc(componentGroups.displayOrder), asc(componentGroups.id));
  const allGroups = await db.select().from(componentGroups);
  const componentRows = await db.select().from(components).where(isNull(components.archivedAt)).orderBy(asc(components.displayOrder), asc(components.id));
  const allComponents = await db.select().from(components);
  const policyRows = await db.select().from(escalationPolicies).where(isNull(escalationPolicies.archivedAt)).orderBy(asc(escalationPolicies.key));
  const allPolicies = await db.select().from(escalationPolicies);
  const keyOf = (rows: { id: number; key: string }[], id: number | null) => (id === null ? null : rows.find((r) => r.id === id)!.key);
  return {
    page: await readPageSettings(db),
    backups: await readBackupSchedule(db),
    retention: await readRetention(db),
    groups: groupRows.map((g) => ({ key: g.key, name: g.name })),
    components: componentRows.map((c) => ({ key: c.key, name: c.name, group: keyOf(allGroups, c.groupId), description: c.description, isPublic: c.isPublic, showLatency: c.showLatency, publishIncidents: c.publishIncidents })),
    monitors: (await db.select().from(monitors).where(isNull(monitors.archivedAt)).orderBy(asc(monitors.key))).map((m) => ({
      key: m.key,
      name: m.name,
      type: m.type,
      checkConfig: m.checkConfig,
      intervalS: m.intervalS,
      timeoutMs: m.timeoutMs,
      component: keyOf(allComponents, m.componentId),
      isPublic: m.isPublic,
      failureThreshold: m.failureThreshold,
      successThreshold: m.successThreshold,
      regions: m.regions,
      quorum: m.quorum,
      escalation: keyOf(allPolicies, m.escalationPolicyId),
      ...(hashes ? { configHash: m.configHash, spec: m.spec } : {}),
    })),
    channels: (await db.select().from(notificationChannels).where(isNull(notificationChannels.archivedAt)).orderBy(asc(notificationChannels.key))).map((c) => ({
      key: c.key,
      name: c.name,
      type: c.type,
      config: Object.fromEntries(Object.entries(c.config).map(([k, v]) => [k, typeof v === "string" ? decryptSecret(v) : v])),
      configHash: c.configHash,
    })),
    escalation: policyRows.map((p) => ({ key: p.key, name: p.name, steps: p.steps, repeatEveryMs: p.repeatEveryMs, configHash: p.configHash })),
  };
}

const OPTS = { instance: "https://status.example.com", exportedBy: "test", now: T0 + 10 };
const SECRET_ENV = {
  [secretEnvName("ops-slack", "webhookUrl")]: SLACK_URL,
  [secretEnvName("ops-hook", "secret")]: WEBHOOK_SECRET,
  [secretEnvName("pager-sms", "authToken")]: TWILIO_TOKEN,
  [secretEnvName("ntfy", "token")]: NTFY_TOKEN,
  [secretEnvName("chat", "webhookUrl")]: DISCORD_URL,
};

describe("exportConfig", () => {
  it("writes a file that rebuilds the same state on a fresh database, and exports again to the same text", async () => {
    await buildSource(a.db);
    const first = await exportConfig(a.db, OPTS);
    expect(first.warnings).toEqual([]);
    expect(first.secretEnv.sort()).toEqual(Object.keys(SECRET_ENV).sort());
    expect(first.secretEnv).toContain("CHANNEL_OPS_SLACK_WEBHOOK_URL");

    await applyConfig(b.db, parseConfig(first.yaml, SECRET_ENV), T0 + 20);
    const [before, after] = [await state(a.db), await state(b.db)];
    // Every check type is in the round trip, archived and paused things are not what differs.
    expect(new Set(before.monitors.map((m) => m.type))).toEqual(new Set(Object.keys(CHECK_TYPES)));
    expect(before.monitors.map((m) => m.key)).not.toContain("to-remove");
    expect(before.monitors.map((m) => m.key)).not.toContain("ui-archived");
    expect(before.components.map((c) => c.key)).toEqual(["api", "ledger", "site", "ui-component"]);
    expect(after).toEqual(before);

    expect((await exportConfig(b.db, OPTS)).yaml).toBe(first.yaml);
    // A pause is not config; the dashboard's entries are now the file's.
    const [paused] = await b.db.select().from(monitors).where(eq(monitors.key, "api-health"));
    expect(paused.pausedAt).toBeNull();
    expect((await b.db.select().from(monitors)).every((m) => m.origin === "config")).toBe(true);
  });

  it("writes no secret by default, only ${VAR} references the file reads them from", async () => {
    await buildSource(a.db);
    const { yaml } = await exportConfig(a.db, OPTS);
    for (const secret of SECRETS) expect(yaml).not.toContain(secret);
    expect(yaml).toContain('webhookUrl: "${CHANNEL_OPS_SLACK_WEBHOOK_URL}"');
    expect(yaml).toContain("#   CHANNEL_PAGER_SMS_AUTH_TOKEN");
    expect(yaml).toMatch(/^# status\.config\.yaml exported from https:\/\/status\.example\.com at 2023-11-14T22:13:20\.010Z by test\./);
    // A literal ${…} in a value stays literal (escaped), and the header says pauses are not config.
    expect(yaml).toContain("X-Template: $${NOT_A_VARIABLE}");
    expect(yaml).toMatch(/pauses/);
    // Without the variables the file does not load, naming each.
    expect(() => parseConfig(yaml, {})).toThrow(/environment variable CHANNEL_OPS_HOOK_SECRET is not set/);
  });

  it("with includeSecrets, writes them decrypted: the file loads with no environment and gives the same hashes", async () => {
    await buildSource(a.db);
    const { yaml, secretEnv } = await exportConfig(a.db, { ...OPTS, includeSecrets: true });
    expect(secretEnv).toEqual([]);
    for (const secret of SECRETS) expect(yaml).toContain(secret);
    expect(yaml).toMatch(/keep this file private/);
    await applyConfig(b.db, parseConfig(yaml, {}), T0 + 20);
    expect(await state(b.db)).toEqual(await state(a.db));
  });

  it("rebuilds entries in the file's words from the columns when a row has no entry as written", async () => {
    await buildSource(a.db);
    await a.db.update(monitors).set({ spec: null });
    const { yaml, warnings } = await exportConfig(a.db, OPTS);
    expect(warnings).toEqual([]);
    const written = parseYaml(yaml) as { monitors: Record<string, unknown>[] };
    expect(written.monitors.find((m) => m.key === "api-health")).toMatchObject({ interval: "30s", timeout: "5s", maxLatency: "800ms", tlsExpiryWarning: "7d", downWindow: "5m", expectedStatus: [200, "300-302"] });
    // Defaults are left out.
    expect(written.monitors.find((m) => m.key === "db-port")).toEqual({ key: "db-port", name: "Database port", type: "tcp", component: "ledger", host: "127.0.0.1", port: 5432, send: "PING\r\n", bannerMatch: "PONG" });
    await applyConfig(b.db, parseConfig(yaml, SECRET_ENV), T0 + 20);
    expect(await state(b.db, { hashes: false })).toEqual(await state(a.db, { hashes: false }));
  });

  it("leaves out a reference to an archived entry, and says so", async () => {
    await buildSource(a.db);
    await a.db.update(components).set({ archivedAt: T0 }).where(eq(components.key, "ui-component"));
    await a.db.update(notificationChannels).set({ archivedAt: T0 }).where(eq(notificationChannels.key, "chat"));
    const first = await exportConfig(a.db, OPTS);
    expect(first.warnings).toEqual([
      "monitor ui-http: its component ui-component is archived, so it is written without one",
      "escalation oncall: archived channels left out of a step (chat)",
    ]);
    expect(() => parseConfig(first.yaml, SECRET_ENV)).not.toThrow();
    // A policy none of whose channels is live is left out, and so are the monitors' references to it.
    await a.db.update(notificationChannels).set({ archivedAt: T0 });
    const second = await exportConfig(a.db, OPTS);
    expect(second.warnings).toEqual(expect.arrayContaining(["monitor api-health: its escalation policy is archived or left out, so it is written without one", "escalation oncall: no step names a live channel, left out"]));
    expect(parseConfig(second.yaml, {}).escalation).toEqual([]);
  });
});
