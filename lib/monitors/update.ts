import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitors } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { monitorConfigHash } from "../config/sync";
import { issueMissingTokens } from "../heartbeats/push";
import { assertNotManagedByConfig, liveMonitor, monitorValues, validateMonitorEntry } from "./entry";
import { monitorByKey, type MonitorRow } from "./store";

/**
 * Replaces a dashboard/API monitor's settings with `input`, a whole entry as the config file
 * writes it; its `key` names the monitor (a key does not change: create a new monitor instead).
 * A monitor declared in the config file is refused (conflict), naming the file.
 */
export async function updateMonitor(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<MonitorRow> {
  const key = typeof input === "object" && input !== null ? (input as { key?: unknown }).key : undefined;
  const row = await liveMonitor(db, key);
  assertNotManagedByConfig(row, "change");
  const validated = await validateMonitorEntry(db, input);
  const configHash = monitorConfigHash(validated.config);
  if (configHash === row.configHash) return row;
  const write = db.update(monitors).set({ ...monitorValues(validated), configHash, updatedAt: now }).where(eq(monitors.id, row.id));
  await db.$client.batch(
    [statementOf(write), auditStatement(actor, { action: "monitor.update", entity: "monitor", entityId: row.key, before: row.spec, after: validated.config.spec }, now)],
    "write",
  );
  await issueMissingTokens(db, now);
  return (await monitorByKey(db, row.key))!;
}
