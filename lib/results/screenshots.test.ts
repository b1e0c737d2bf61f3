import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { checkScreenshots } from "../db/schema";
import { latestScreenshot, SCREENSHOTS_KEPT_PER_MONITOR, storeScreenshots } from "./screenshots";

describe("failure screenshots", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("keeps the latest few per monitor and returns the newest", async () => {
    const a = await makeMonitor(db, { type: "browser" });
    const b = await makeMonitor(db, { type: "browser" });
    const png = (n: number) => Buffer.from([0x89, 0x50, 0x4e, 0x47, n]);
    for (let i = 1; i <= 7; i++) await storeScreenshots(db, [{ monitorId: a.id, regionId: 1, startedAt: 1_000 * i, png: png(i) }]);
    await storeScreenshots(db, [{ monitorId: b.id, regionId: 1, startedAt: 500, png: png(99) }]);
    const rows = await db.select().from(checkScreenshots);
    expect(rows.filter((r) => r.monitorId === a.id)).toHaveLength(SCREENSHOTS_KEPT_PER_MONITOR);
    expect(rows.filter((r) => r.monitorId === b.id)).toHaveLength(1);
    const latest = await latestScreenshot(db, a.id);
    expect(latest?.startedAt).toBe(7_000);
    expect([...latest!.png]).toEqual([...png(7)]);
    expect(await latestScreenshot(db, 12345)).toBeNull();
  });
});
