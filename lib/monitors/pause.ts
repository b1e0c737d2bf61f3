/**
 * Pause and resume: operational state, not config, so allowed for monitors declared in the config
 * file too, and kept in columns config sync never writes (monitors.paused_at, paused_by). A
 * paused monitor is not scheduled by any probe, its results (a push, a check already in flight)
 * move no state, it opens no alert or incident, and its time counts as "paused", left out of
 * uptime like maintenance. The coordinator records the transitions (lib/coordinator/pause.ts);
 * readers show "Paused" from the column at once. Resuming sends it through no data → state, as a
 * new monitor.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitors } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { acknowledgeOnPauseStatement } from "../alerts/store";
import { liveMonitor } from "./entry";
import { monitorByKey, type MonitorRow } from "./store";

/** Pauses a monitor (a no-op when it is paused already). An open alert is acknowledged, not resolved (lib/alerts/store.ts). */
export async function pauseMonitor(db: Db, actor: Actor, key: unknown, now = Date.now()): Promise<MonitorRow> {
  const row = await liveMonitor(db, key);
  if (row.pausedAt !== null) return row;
  // updated_at moves so probes and the coordinator re-read the monitor list (lib/monitors/store.ts monitorsVersion).
  const write = db.update(monitors).set({ pausedAt: now, pausedBy: actor.label.slice(0, 320), updatedAt: now }).where(eq(monitors.id, row.id));
  await db.$client.batch(
    [statementOf(write), acknowledgeOnPauseStatement(row.id, actor.label.slice(0, 300), now), auditStatement(actor, { action: "monitor.pause", entity: "monitor", entityId: row.key }, now)],
    "write",
  );
  return (await monitorByKey(db, row.key))!;
}

/** Resumes a paused monitor (a no-op when it is not paused): probes check it again from their next reload. */
export async function resumeMonitor(db: Db, actor: Actor, key: unknown, now = Date.now()): Promise<MonitorRow> {
  const row = await liveMonitor(db, key);
  if (row.pausedAt === null) return row;
  const write = db.update(monitors).set({ pausedAt: null, pausedBy: null, updatedAt: now }).where(eq(monitors.id, row.id));
  await db.$client.batch(
    [statementOf(write), auditStatement(actor, { action: "monitor.resume", entity: "monitor", entityId: row.key, before: { pausedAt: row.pausedAt, pausedBy: row.pausedBy } }, now)],
    "write",
  );
  return (await monitorByKey(db, row.key))!;
}
