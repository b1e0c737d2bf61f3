import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../lib/db/test-db";
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
});
