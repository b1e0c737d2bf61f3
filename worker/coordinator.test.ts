import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../lib/db/test-db";
import { ensureRegion } from "../lib/regions/store";
import { insertResults, toResultRow } from "../lib/results/store";
import { readCursor, RESULTS_CURSOR, ROLLUPS_CURSOR } from "../lib/db/cursors";
import { rollupFoldEveryMs } from "../lib/coordinator/fold";
import type { Db } from "../lib/db/client";
import { leases } from "../lib/db/schema";
import { LEASE_DURATION_MS } from "../lib/workers/lease";
import { CoordinatorRole } from "./coordinator";

describe("coordinator lease", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("lets exactly one coordinator act; another takes over within one lease period after the first dies", async () => {
    const first = new CoordinatorRole({ db });
    const second = new CoordinatorRole({ db });
    const t0 = Date.now();
    await first.tick(t0);
    await second.tick(t0 + 10);
    expect(first.isLeader).toBe(true);
    expect(second.isLeader).toBe(false);

    // The first keeps renewing; the second keeps waiting.
    await first.tick(t0 + LEASE_DURATION_MS / 2);
    await second.tick(t0 + LEASE_DURATION_MS + 10);
    expect(second.isLeader).toBe(false);

    // The first dies without releasing (kill -9): nobody renews. One lease period after its
    // last renewal, the second takes over.
    const lastRenewal = t0 + LEASE_DURATION_MS / 2;
    await second.tick(lastRenewal + LEASE_DURATION_MS - 1);
    expect(second.isLeader).toBe(false);
    await second.tick(lastRenewal + LEASE_DURATION_MS + 1);
    expect(second.isLeader).toBe(true);
    const [lease] = await db.select().from(leases);
    expect(lease.holder).toBe(second.holder);

    // If the first comes back, it finds the lease taken and stands by.
    await first.tick(lastRenewal + LEASE_DURATION_MS + 2);
    expect(first.isLeader).toBe(false);
  });

  it("folds rollups on their own cadence, and a coordinator taking over continues from the rollup cursor", async () => {
    const t0 = Date.now();
    const monitor = await makeMonitor(db, { createdAt: t0 - 3_600_000 });
    const regionId = await ensureRegion(db, "local");
    const add = (at: number) => insertResults(db, [toResultRow(monitor.id, regionId, { status: "up", startedAt: at, totalUs: 1_000, phases: {}, assertions: [] })]);
    const rolledUp = async () => Number((await db.$client.execute("SELECT coalesce(sum(total), 0) FROM rollups_hourly")).rows[0][0]);
    const first = new CoordinatorRole({ db, deadMansSwitch: null });
    // One active monitor: the shortest period. The period grows with the monitors, up to 5 minutes.
    expect([1, 100, 1_000, 10_000].map(rollupFoldEveryMs)).toEqual([10_000, 30_000, 300_000, 300_000]);
    const EVERY = rollupFoldEveryMs(1);
    await add(t0 - 1_000);
    await first.tick(t0);
    expect(await rolledUp()).toBe(1);
    // State follows every tick; the rollups wait for their period.
    await add(t0 + 500);
    await first.tick(t0 + 1_000);
    expect(await readCursor(db, RESULTS_CURSOR)).toBe(2);
    expect(await rolledUp()).toBe(1);
    await first.tick(t0 + EVERY);
    expect(await rolledUp()).toBe(2);
    // It dies with a result folded into state only; the next holder's first pass folds it.
    await add(t0 + EVERY + 500);
    await first.tick(t0 + EVERY + 1_000);
    expect(await rolledUp()).toBe(2);
    const second = new CoordinatorRole({ db, deadMansSwitch: null });
    await second.tick(t0 + EVERY + 1_000 + LEASE_DURATION_MS + 1);
    expect(second.isLeader).toBe(true);
    expect(await rolledUp()).toBe(3);
    expect(await readCursor(db, ROLLUPS_CURSOR)).toBe(3);
  });
});
