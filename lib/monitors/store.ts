import { isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitors } from "../db/schema";

export type MonitorRow = typeof monitors.$inferSelect;

/** Monitors that are checked now (not archived). */
export async function listActiveMonitors(db: Db): Promise<MonitorRow[]> {
  return db.select().from(monitors).where(isNull(monitors.archivedAt));
}
