import { desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { checkScreenshots } from "../db/schema";

/** Screenshots kept per monitor; older ones are deleted as new ones arrive. */
export const SCREENSHOTS_KEPT_PER_MONITOR = 5;

export interface NewScreenshot {
  monitorId: number;
  regionId: number;
  startedAt: number;
  png: Buffer;
}

/** Stores screenshots of failed browser checks and drops each monitor's older ones. */
export async function storeScreenshots(db: Db, shots: NewScreenshot[]): Promise<void> {
  if (shots.length === 0) return;
  const monitorIds = [...new Set(shots.map((s) => s.monitorId))];
  await db.batch([
    db.insert(checkScreenshots).values(shots),
    ...monitorIds.map((id) =>
      db.run(sql`DELETE FROM check_screenshots WHERE monitor_id = ${id} AND id NOT IN (
        SELECT id FROM check_screenshots WHERE monitor_id = ${id} ORDER BY started_at DESC LIMIT ${SCREENSHOTS_KEPT_PER_MONITOR})`),
    ),
  ]);
}

export async function latestScreenshot(db: Db, monitorId: number) {
  const [row] = await db.select().from(checkScreenshots).where(eq(checkScreenshots.monitorId, monitorId)).orderBy(desc(checkScreenshots.startedAt)).limit(1);
  return row ?? null;
}
