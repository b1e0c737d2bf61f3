import { SYSTEM_ACTOR } from "../audit/log";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { alerts, monitors, notificationChannels, notificationOutbox } from "../db/schema";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { processResultBatch } from "../coordinator/fold";
import { listActiveMonitors } from "../monitors/store";
import { acknowledgeAlert } from "../alerts/store";
import { isEncrypted } from "../secrets/crypto";
import { escalate, policyProgress } from "./escalation";
import { advanceMaintenance, scheduleMaintenance } from "../incidents/manage";
import { components } from "../db/schema";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const MIN = 60_000;

const CONFIG = `
page:
  name: Test
components:
  - key: api
    name: API
    publishIncidents: true
monitors:
  - key: api-health
    name: API health
    component: api
    type: http
    url: http://127.0.0.1:9/health
    interval: 30s
channels:
  - key: ops-email
    type: email
    to: [ops@example.com]
  - key: ops-slack
    type: slack
    webhookUrl: http://127.0.0.1:9/slack/T000/B000/secretpart1234
  - key: oncall-sms
    type: sms
    accountSid: AC0123456789abcdef0123456789abcdef
    authToken: twilio-token-5678
    from: "+15550000000"
    to: ["+15551111111"]
  - key: cto-sms
    type: sms
    accountSid: AC0123456789abcdef0123456789abcdef
    authToken: twilio-token-5678
    from: "+15550000000"
    to: ["+15552222222"]
escalation:
  - key: default
    steps:
      - after: 0s
        channels: [ops-email, ops-slack]
      - after: 5m
        channels: [oncall-sms]
      - after: 15m
        channels: [cto-sms]
    repeat: 10m
`;

describe("policyProgress", () => {
  const steps = [
    { afterMs: 0, channels: ["a"] },
    { afterMs: 5 * MIN, channels: ["b"] },
  ];
  it("fires steps by delay, then reminders at the repeat interval", () => {
    expect(policyProgress(steps, 10 * MIN, T0, T0)).toEqual({ steps: 1, reminders: 0, nextAt: T0 + 5 * MIN });
    expect(policyProgress(steps, 10 * MIN, T0, T0 + 5 * MIN)).toEqual({ steps: 2, reminders: 0, nextAt: T0 + 15 * MIN });
    expect(policyProgress(steps, 10 * MIN, T0, T0 + 26 * MIN)).toEqual({ steps: 2, reminders: 2, nextAt: T0 + 35 * MIN });
    expect(policyProgress(steps, null, T0, T0 + 26 * MIN)).toEqual({ steps: 2, reminders: 0, nextAt: null });
  });
});

describe("the escalation cascade", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    await applyConfig(db, parseConfig(CONFIG, {}), T0 - 10 * MIN);
  });
  afterEach(() => cleanup());

  async function goDown() {
    const [m] = await listActiveMonitors(db);
    const region = await ensureRegion(db, "local");
    const byId = new Map([[m.id, m]]);
    const round = async (at: number, up: boolean) => {
      await insertResults(db, [toResultRow(m.id, region, { status: up ? "up" : "down", startedAt: at, totalUs: 1000, phases: {}, message: up ? undefined : "connect ECONNREFUSED", assertions: [] })]);
      await processResultBatch(db, byId, at + 500);
    };
    await round(T0 - 60_000, true);
    await round(T0 - 30_000, false);
    await round(T0, false);
    // Recovered after two good rounds; the alert resolves once that has held for two intervals (keep firing).
    return { recover: async (at: number) => { for (let k = 0; k < 4; k++) await round(at + k * 30_000, true); } };
  }
  const queued = async () => (await db.select({ key: notificationOutbox.dedupeKey }).from(notificationOutbox).orderBy(notificationOutbox.id)).map((r) => r.key);

  it("stores channel secrets encrypted", async () => {
    const rows = await db.select().from(notificationChannels);
    const slack = rows.find((r) => r.key === "ops-slack")!;
    expect(isEncrypted(slack.config.webhookUrl)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain("secretpart1234");
    expect(JSON.stringify(rows)).not.toContain("twilio-token-5678");
    const [m] = await db.select().from(monitors);
    expect(m.escalationPolicyId).toBeNull(); // the "default" policy applies
  });

  it("walks every step in order, reminds while unacknowledged, stops on acknowledge, and tells everyone told about the recovery", async () => {
    const { recover } = await goDown();
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", openedAt: T0, nextAt: T0, nextStep: 0 });

    await escalate(db, T0 + 1_000);
    expect(await queued()).toEqual([`alert:${alert.id}:step:0:ops-email`, `alert:${alert.id}:step:0:ops-slack`]);
    await escalate(db, T0 + 4 * MIN);
    expect(await queued()).toHaveLength(2);
    await escalate(db, T0 + 5 * MIN);
    expect((await queued()).slice(2)).toEqual([`alert:${alert.id}:step:1:oncall-sms`]);
    await escalate(db, T0 + 15 * MIN);
    expect((await queued()).slice(3)).toEqual([`alert:${alert.id}:step:2:cto-sms`]);
    await escalate(db, T0 + 25 * MIN);
    expect((await queued()).slice(4)).toEqual([`alert:${alert.id}:reminder:1:cto-sms`]);
    // Running the same pass again (a restart, a second coordinator) queues nothing twice.
    await escalate(db, T0 + 25 * MIN);
    expect(await queued()).toHaveLength(5);

    const [first] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `alert:${alert.id}:step:0:ops-email`));
    expect(first.message).toMatchObject({ event: "alert", severity: "critical", title: "API health is down" });
    expect(JSON.stringify(first.message)).toContain("connect ECONNREFUSED");
    expect((first.message as { links: { kind: string; url: string }[] }).links.map((l) => l.kind)).toEqual(["acknowledge", "dashboard", "incident"]);
    const [reminder] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `alert:${alert.id}:reminder:1:cto-sms`));
    expect(reminder.message).toMatchObject({ event: "reminder", title: "API health is down (still unacknowledged after 25 min)" });

    expect(await acknowledgeAlert(db, alert.id, "ops@example.com", T0 + 26 * MIN)).toBe(true);
    await escalate(db, T0 + 60 * MIN);
    expect(await queued()).toHaveLength(5);

    await recover(T0 + 61 * MIN);
    await escalate(db, T0 + 62 * MIN);
    await escalate(db, T0 + 63 * MIN);
    expect((await queued()).slice(5).sort()).toEqual(
      ["cto-sms", "oncall-sms", "ops-email", "ops-slack"].map((ch) => `alert:${alert.id}:recovery:${ch}`),
    );
    const [recovery] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `alert:${alert.id}:recovery:ops-email`));
    expect(recovery.message).toMatchObject({ event: "recovery", severity: "resolved", title: "API health recovered" });
  });

  it("an alert acknowledged at once never reaches the later steps; recovery tells only the first step's channels", async () => {
    const { recover } = await goDown();
    const [alert] = await db.select().from(alerts);
    await escalate(db, T0 + 1_000);
    await acknowledgeAlert(db, alert.id, "ops@example.com", T0 + 2 * MIN);
    await escalate(db, T0 + 30 * MIN);
    expect(await queued()).toHaveLength(2);
    await recover(T0 + 31 * MIN);
    await escalate(db, T0 + 32 * MIN);
    expect((await queued()).slice(2).sort()).toEqual([`alert:${alert.id}:recovery:ops-email`, `alert:${alert.id}:recovery:ops-slack`]);
  });

  it("tells the default policy's first step when maintenance starts and when it is completed, once each", async () => {
    const [api] = await db.select().from(components);
    const id = await scheduleMaintenance(
      db,
      SYSTEM_ACTOR,
      { title: "Database upgrade", body: "Postgres 17", componentIds: [api.id], scheduledFor: T0 + 60 * MIN, scheduledUntil: T0 + 120 * MIN, published: true },
      T0,
    );
    await escalate(db, T0 + 30 * MIN);
    expect(await queued()).toEqual([]);
    await advanceMaintenance(db, T0 + 61 * MIN);
    await escalate(db, T0 + 61 * MIN);
    await escalate(db, T0 + 62 * MIN);
    expect(await queued()).toEqual([`maintenance:${id}:started:ops-email`, `maintenance:${id}:started:ops-slack`]);
    await advanceMaintenance(db, T0 + 121 * MIN);
    await escalate(db, T0 + 121 * MIN);
    await escalate(db, T0 + 122 * MIN);
    expect((await queued()).slice(2)).toEqual([`maintenance:${id}:completed:ops-email`, `maintenance:${id}:completed:ops-slack`]);
    const [started] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `maintenance:${id}:started:ops-email`));
    expect(started.message).toMatchObject({ event: "maintenance_started", title: "Maintenance started: Database upgrade" });
    expect(JSON.stringify(started.message)).toContain("API");
  });

  it("an alert confirmed by several regions names them from its row, not from its reason", async () => {
    const [m] = await listActiveMonitors(db);
    const ids = { "ap-south": await ensureRegion(db, "ap-south"), "eu-west": await ensureRegion(db, "eu-west"), "us-east": await ensureRegion(db, "us-east") };
    const byId = new Map([[m.id, m]]);
    for (const [k, at] of [T0 - 60_000, T0 - 30_000, T0].entries()) {
      const rows = Object.entries(ids).map(([name, id]) => {
        const up = k === 0 || name === "ap-south";
        return toResultRow(m.id, id, { status: up ? "up" : "down", startedAt: at, totalUs: 1000, phases: {}, message: up ? undefined : "connect ECONNREFUSED", assertions: [] });
      });
      await insertResults(db, rows);
      await processResultBatch(db, byId, at + 500);
    }
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", downRegions: ["eu-west", "us-east"], liveRegions: ["ap-south", "eu-west", "us-east"] });
    // The words stay the quorum's; the regions line is built from the data beside them.
    await db.update(alerts).set({ reason: "connect ECONNREFUSED" }).where(eq(alerts.id, alert.id));

    await escalate(db, T0 + 1_000);
    const [first] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.dedupeKey, `alert:${alert.id}:step:0:ops-email`));
    const message = first.message as { summary: string; facts: { label: string; value: string }[] };
    expect(message.facts.find((f) => f.label === "Regions")?.value).toBe("2 of 3 regions: eu-west, us-east");
    expect(message.summary).toBe("API health has been down since 2026-11-26 10:00 UTC, confirmed by 2 of 3 regions: eu-west, us-east. connect ECONNREFUSED");
  });
});
