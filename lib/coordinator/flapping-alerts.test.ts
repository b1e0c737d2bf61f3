import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { alerts, incidents, monitorStates, notificationOutbox } from "../db/schema";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";
import { listActiveMonitors, type MonitorRow } from "../monitors/store";
import { escalate } from "../notify/escalation";
import { markStale, processResultBatch } from "./fold";
import { FLAP_WINDOW_MS } from "../status/flapping";
import { updateFlapping } from "./flapping";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const INTERVAL_MS = 30_000;

// Thresholds of 1: every bounce of the checks is a bounce of the monitor's state.
const CONFIG = `
page:
  name: Test
components:
  - key: api
    name: API
monitors:
  - key: api-health
    name: API health
    component: api
    type: http
    url: http://127.0.0.1:9/health
    interval: 30s
    failureThreshold: 1
    successThreshold: 1
channels:
  - key: ops-hook
    type: webhook
    url: http://127.0.0.1:9/hook
    secret: whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
escalation:
  - key: default
    steps:
      - after: 0s
        channels: [ops-hook]
`;

describe("flapping: an outage always reaches a person, once", () => {
  let db: Db;
  let cleanup: () => void;
  let monitor: MonitorRow;
  let regionId: number;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    await applyConfig(db, parseConfig(CONFIG, {}), T0 - 10 * 60_000);
    [monitor] = await listActiveMonitors(db);
    regionId = await ensureRegion(db, "local");
  });
  afterEach(() => cleanup());

  /** One check round, then one coordinator pass in the order CoordinatorRole.tick runs them. */
  async function round(at: number, up: boolean) {
    await insertResults(db, [
      toResultRow(monitor.id, regionId, { status: up ? "up" : "down", startedAt: at, totalUs: 1000, phases: {}, message: up ? undefined : "connect ECONNREFUSED", assertions: [] }),
    ]);
    const now = at + 500;
    const out = await processResultBatch(db, new Map([[monitor.id, monitor]]), now);
    await updateFlapping(db, out.transitions.map((t) => t.monitorId), now);
    await escalate(db, now);
    await markStale(db, [monitor], now);
  }
  const outbox = async () => (await db.select({ key: notificationOutbox.dedupeKey, message: notificationOutbox.message }).from(notificationOutbox).orderBy(notificationOutbox.id));
  const keys = async () => (await outbox()).map((r) => r.key);

  it("a monitor bouncing every round: one alert to the first channel, one flapping notice, one incident; settling down keeps it, settling up sends one recovery", async () => {
    let at = T0;
    await round(at, true);
    at += INTERVAL_MS;
    await round(at, false);
    // The first quorum-down alert goes out at once.
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", openedAt: at, resolvedAt: null });
    expect(await keys()).toEqual([`alert:${alert.id}:step:0:ops-hook`]);

    // It bounces up and down every round for 10 minutes.
    for (let k = 0; k < 20; k++) {
      at += INTERVAL_MS;
      await round(at, k % 2 === 1);
    }
    const [state] = await db.select().from(monitorStates);
    expect(state.flapping).toBeGreaterThan(0);
    // No further down or up messages: the alert stayed open, and one flapping notice went to the policy's channel.
    expect(await db.select().from(alerts)).toHaveLength(1);
    expect((await db.select().from(alerts))[0].resolvedAt).toBeNull();
    expect(await keys()).toEqual([`alert:${alert.id}:step:0:ops-hook`, `alert:${alert.id}:flapping:ops-hook`]);
    const notice = (await outbox())[1].message as { title: string; summary: string };
    expect(notice.title).toBe("API health is flapping");
    expect(notice.summary).toMatch(/changed state \d+ times in the last 30 min/);
    // One incident for the whole episode, still open.
    const all = await db.select().from(incidents);
    expect(all).toHaveLength(1);
    expect(all[0].resolvedAt).toBeNull();

    // It settles down: still the one alert, nothing new queued.
    for (let k = 0; k < 6; k++) {
      at += INTERVAL_MS;
      await round(at, false);
    }
    expect(await db.select().from(alerts)).toHaveLength(1);
    expect(await keys()).toHaveLength(2);

    // It settles up: the alert resolves once, when the flapping is over, and one recovery goes out.
    const upAt = at + INTERVAL_MS;
    for (let k = 0; k < (FLAP_WINDOW_MS + 5 * 60_000) / INTERVAL_MS; k++) {
      at += INTERVAL_MS;
      await round(at, true);
    }
    const [done] = await db.select().from(alerts);
    expect(done).toMatchObject({ id: alert.id, resolvedAt: upAt });
    expect(await keys()).toEqual([`alert:${alert.id}:step:0:ops-hook`, `alert:${alert.id}:flapping:ops-hook`, `alert:${alert.id}:recovery:ops-hook`]);
    const [incident] = await db.select().from(incidents);
    expect(await db.select().from(incidents)).toHaveLength(1);
    expect(incident).toMatchObject({ status: "resolved", resolvedAt: upAt });
  });

  it("a monitor already flagged flapping that goes down still alerts at once", async () => {
    await round(T0, true);
    await db.update(monitorStates).set({ flapping: 6 });
    await round(T0 + INTERVAL_MS, false);
    const [alert] = await db.select().from(alerts);
    expect(alert).toMatchObject({ kind: "monitor_down", resolvedAt: null });
    expect(await keys()).toEqual([`alert:${alert.id}:step:0:ops-hook`]);
  });
});
