import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { monitorStates, monitors } from "../db/schema";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { listActiveMonitors } from "../monitors/store";
import { processResultBatch } from "../coordinator/fold";
import { UserError } from "../errors";
import { issueMissingTokens, recordMissedHeartbeats, recordPush, tokenFor } from "./push";

const T0 = Date.UTC(2026, 10, 26, 3, 0, 0);
const CONFIG = `
page:
  name: Test
monitors:
  - key: nightly-backup
    name: Nightly backup
    type: heartbeat
    interval: 1h
    grace: 5m
`;

describe("heartbeat monitors", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    await applyConfig(db, parseConfig(CONFIG, {}), T0);
  });
  afterEach(() => cleanup());

  async function fold(now: number) {
    const active = await listActiveMonitors(db);
    await processResultBatch(db, new Map(active.map((m) => [m.id, m])), now);
    const [state] = await db.select().from(monitorStates);
    return state;
  }

  it("gets an unguessable token at config sync, defaults to thresholds of 1, and keeps its token", async () => {
    const [m] = await db.select().from(monitors);
    expect(m.failureThreshold).toBe(1);
    expect(m.successThreshold).toBe(1);
    const token = await tokenFor(db, m.id);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await applyConfig(db, parseConfig(CONFIG, {}), T0 + 1000);
    expect(await issueMissingTokens(db)).toBe(0);
    expect(await tokenFor(db, m.id)).toBe(token);
  });

  it("is up when the job pushes, down when a push is missing past interval + grace, up again on the next push", async () => {
    const [m] = await db.select().from(monitors);
    const token = (await tokenFor(db, m.id))!;
    await recordPush(db, token, {}, T0 + 10 * 60_000);
    expect((await fold(T0 + 10 * 60_000 + 100)).status).toBe("operational");

    // 1 h 4 min later: still within interval + grace.
    let active = await listActiveMonitors(db);
    expect(await recordMissedHeartbeats(db, active, T0 + 74 * 60_000)).toBe(0);
    // 1 h 6 min later: missing.
    expect(await recordMissedHeartbeats(db, active, T0 + 76 * 60_000)).toBe(1);
    const down = await fold(T0 + 76 * 60_000 + 100);
    expect(down.status).toBe("down");
    expect(down.lastMessage).toBe("no heartbeat for 66m (expected every 1h, grace 5m)");
    // It is not reported again on the next tick, only after another full period.
    active = await listActiveMonitors(db);
    expect(await recordMissedHeartbeats(db, active, T0 + 77 * 60_000)).toBe(0);

    await recordPush(db, token, {}, T0 + 80 * 60_000);
    expect((await fold(T0 + 80 * 60_000 + 100)).status).toBe("operational");
  });

  it("takes a reported failure with its message, and refuses bad input without saying which tokens exist", async () => {
    const [m] = await db.select().from(monitors);
    const token = (await tokenFor(db, m.id))!;
    await recordPush(db, token, { status: "down", msg: "disk full\u0007" }, T0 + 1000);
    const state = await fold(T0 + 2000);
    expect(state.status).toBe("down");
    expect(state.lastMessage).toBe("the job reported a failure: disk full");

    await expect(recordPush(db, "x".repeat(43), {}, T0 + 5000)).rejects.toMatchObject({ status: 404, message: "unknown push token" });
    await expect(recordPush(db, "../../etc", {}, T0 + 5000)).rejects.toMatchObject({ status: 404 });
    await expect(recordPush(db, token, { status: "maybe" }, T0 + 5000)).rejects.toBeInstanceOf(UserError);
    // A looping script is slowed down.
    await recordPush(db, token, {}, T0 + 10_000);
    await expect(recordPush(db, token, {}, T0 + 10_500)).rejects.toMatchObject({ status: 429 });
    // An archived monitor's token stops working.
    await db.update(monitors).set({ archivedAt: T0 }).where(eq(monitors.id, m.id));
    await expect(recordPush(db, token, {}, T0 + 20_000)).rejects.toMatchObject({ status: 404 });
  });
});
