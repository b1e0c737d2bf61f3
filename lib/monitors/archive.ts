import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitors } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { assertNotManagedByConfig, liveMonitor } from "./entry";

/**
 * Removes a dashboard/API monitor: archived, as the config file archives an entry it drops (no
 * longer checked or shown; its history is kept, and its key may be used again). A monitor
 * declared in the config file is refused (conflict): remove it from the file.
 */
export async function archiveMonitor(db: Db, actor: Actor, key: unknown, now = Date.now()): Promise<void> {
  const row = await liveMonitor(db, key);
  assertNotManagedByConfig(row, "remove");
  const write = db.update(monitors).set({ archivedAt: now, updatedAt: now }).where(eq(monitors.id, row.id));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "monitor.archive", entity: "monitor", entityId: row.key, before: row.spec }, now)], "write");
}
