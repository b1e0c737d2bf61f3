import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitors } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { fieldError } from "../errors";
import { monitorConfigHash } from "../config/sync";
import { issueMissingTokens } from "../heartbeats/push";
import { monitorValues, validateMonitorEntry } from "./entry";
import { monitorByKey, type MonitorRow } from "./store";

/**
 * Creates a monitor from the dashboard or the API (origin "ui": it lives in the database, config
 * sync leaves it alone). `input` is an entry as the config file writes it. A key held by a live
 * monitor is refused; an archived monitor's key is taken over with its history, as the config
 * file does when an entry comes back.
 */
export async function createMonitor(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<MonitorRow> {
  const validated = await validateMonitorEntry(db, input);
  const { key } = validated.config;
  const existing = await monitorByKey(db, key);
  if (existing && existing.archivedAt === null) {
    const where = existing.origin === "config" ? "declared in the config file" : "created in the dashboard";
    throw fieldError("key", `the key "${key}" is already used by the monitor "${existing.name}" (${where}): choose another key`);
  }
  const values = { ...monitorValues(validated), configHash: monitorConfigHash(validated.config), origin: "ui" as const, updatedAt: now, archivedAt: null, pausedAt: null, pausedBy: null };
  const write = existing
    ? db.update(monitors).set(values).where(eq(monitors.id, existing.id))
    : db.insert(monitors).values({ key, createdAt: now, ...values });
  await db.$client.batch(
    [statementOf(write), auditStatement(actor, { action: "monitor.create", entity: "monitor", entityId: key, before: existing ? { archived: existing.spec } : undefined, after: validated.config.spec }, now)],
    "write",
  );
  // A heartbeat monitor gets its push token (a no-op for other types).
  await issueMissingTokens(db, now);
  return (await monitorByKey(db, key))!;
}
