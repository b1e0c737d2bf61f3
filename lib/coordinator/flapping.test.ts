import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { monitorStates, monitorTransitions } from "../db/schema";
import { FLAP_THRESHOLD, FLAP_WINDOW_MS } from "../status/flapping";
import { updateFlapping } from "./flapping";

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
type Status = (typeof monitorTransitions.$inferInsert)["toStatus"];

/** `n` transitions a minute apart, from `a` to `b` and back, starting at T0. */
function alternating(monitorId: number, n: number, a: Status, b: Status) {
  return Array.from({ length: n }, (_, i) => ({ monitorId, at: T0 + i * 60_000, fromStatus: i % 2 ? b : a, toStatus: i % 2 ? a : b, reason: "test" }));
}

describe("flapping marks", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("marks a monitor that keeps changing state, and clears the mark once it settles", async () => {
    const m = await makeMonitor(db);
    await db.insert(monitorStates).values({ monitorId: m.id, status: "down", since: T0, updatedAt: T0 });
    await db.insert(monitorTransitions).values(alternating(m.id, FLAP_THRESHOLD, "operational", "down"));
    const flapping = async () => (await db.select().from(monitorStates).where(eq(monitorStates.monitorId, m.id)))[0].flapping;

    await updateFlapping(db, [m.id], T0 + FLAP_THRESHOLD * 60_000);
    expect(await flapping()).toBe(FLAP_THRESHOLD);
    // Later, with no new changes: the monitor is re-judged because it is flapping, and cleared.
    await updateFlapping(db, [], T0 + FLAP_WINDOW_MS + FLAP_THRESHOLD * 60_000);
    expect(await flapping()).toBe(0);
  });

  it("does not count gaps in the data: a down monitor going stale and back while its worker restarts is not flapping", async () => {
    const m = await makeMonitor(db);
    await db.insert(monitorStates).values({ monitorId: m.id, status: "down", since: T0, updatedAt: T0 });
    await db.insert(monitorTransitions).values(alternating(m.id, FLAP_THRESHOLD * 2, "down", "no_data"));
    await updateFlapping(db, [m.id], T0 + FLAP_THRESHOLD * 2 * 60_000);
    expect((await db.select().from(monitorStates).where(eq(monitorStates.monitorId, m.id)))[0].flapping).toBe(0);
  });
});
