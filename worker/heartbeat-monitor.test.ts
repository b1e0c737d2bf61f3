import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDb } from "../lib/db/test-db";
import type { Db } from "../lib/db/client";
import { parseConfig } from "../lib/config/load";
import { applyConfig } from "../lib/config/sync";
import { recordPush, tokenFor } from "../lib/heartbeats/push";
import { findPublicSubject } from "../lib/public/subjects";
import { CoordinatorRole } from "./coordinator";

const T0 = Date.UTC(2026, 10, 26, 3, 0, 0);
const INTERVAL_MS = 10_000;
const GRACE_MS = 10_000;
/** The coordinator's default tick. */
const TICK_MS = 1_000;
const CONFIG = `
page:
  name: Test
components:
  - key: jobs
    name: Jobs
    publishIncidents: true
monitors:
  - key: cron
    name: Cron job
    type: heartbeat
    component: jobs
    interval: 10s
    grace: 10s
`;

/**
 * A heartbeat monitor that never gets a push, driven through the real coordinator tick in
 * synthetic time (issue 10 item 7: 77 transitions and 40 identical public updates in 16 min,
 * because "no data" came after 2 × interval and each missed heartbeat after interval + grace).
 */
describe("a heartbeat monitor without pushes", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    await applyConfig(db, parseConfig(CONFIG, {}), T0);
  });
  afterEach(() => cleanup());

  const transitions = () => db.all<{ at: number; from_status: string; to_status: string }>(sql`SELECT at, from_status, to_status FROM monitor_transitions ORDER BY id`);
  const publicUpdates = async () =>
    Number(
      (
        await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM incident_updates u JOIN incidents i ON i.id = u.incident_id WHERE i.published = 1`)
      )[0].n,
    );

  it("goes down once after interval + grace, stays down without flapping to no data for 16 min, and comes up on a push", async () => {
    const coordinator = new CoordinatorRole({ db });
    let now = T0;
    const run = async (untilMs: number) => {
      for (; now < untilMs; now += TICK_MS) await coordinator.tick(now);
    };
    try {
      // Before interval + grace has passed without a push, it is no data (nothing known yet).
      await run(T0 + INTERVAL_MS + GRACE_MS);
      expect(await transitions()).toEqual([]);

      // The first push-less interval + grace: down at once (a heartbeat's thresholds are 1).
      await run(T0 + INTERVAL_MS + GRACE_MS + 3 * TICK_MS);
      const [first] = await transitions();
      expect(first).toMatchObject({ from_status: "no_data", to_status: "down" });
      expect(first.at).toBeGreaterThan(T0 + INTERVAL_MS + GRACE_MS);
      expect(first.at).toBeLessThanOrEqual(T0 + INTERVAL_MS + GRACE_MS + TICK_MS);
      const updatesAtFirst = await publicUpdates();
      expect(updatesAtFirst).toBe(1);

      // 16 simulated minutes without a push: still down, never back to no data, no new updates.
      await run(T0 + 16 * 60_000);
      expect((await transitions()).map((t) => `${t.from_status}→${t.to_status}`)).toEqual(["no_data→down"]);
      expect(await publicUpdates()).toBe(updatesAtFirst);
      const subject = await findPublicSubject(db, "monitor", "cron", now);
      expect(subject?.status).toBe("down");

      // A push brings it up on the next tick.
      const [{ id }] = await db.all<{ id: number }>(sql`SELECT id FROM monitors WHERE key = 'cron'`);
      await recordPush(db, (await tokenFor(db, Number(id)))!, {}, now);
      await run(now + 2 * TICK_MS);
      expect((await transitions()).map((t) => `${t.from_status}→${t.to_status}`)).toEqual(["no_data→down", "down→operational"]);
      expect((await findPublicSubject(db, "monitor", "cron", now))?.status).toBe("operational");
    } finally {
      await coordinator.stop();
    }
  });
});
