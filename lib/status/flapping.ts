import { and, gte, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitorStates, monitorTransitions } from "../db/schema";

/** A monitor that changes state this many times within FLAP_WINDOW_MS is flapping. */
export const FLAP_THRESHOLD = 6;
export const FLAP_WINDOW_MS = 30 * 60_000;

/**
 * Flapping damping: counts each monitor's state changes in the window. At FLAP_THRESHOLD or
 * more it is marked flapping (shown on the dashboard): its open alert and incident stay open
 * through the bounces, no further down/up messages are sent, and the escalation pass sends one
 * "flapping" notice (lib/notify/escalation.ts). The first alert is never held back. It stops
 * flapping when the count falls below half the threshold, so it does not flap in and out of
 * flapping; the alert then resolves once the monitor is stable (lib/coordinator/fold.ts).
 */
export function flappingLevel(changesInWindow: number, wasFlapping: boolean): number {
  if (changesInWindow >= FLAP_THRESHOLD) return changesInWindow;
  if (wasFlapping && changesInWindow >= Math.ceil(FLAP_THRESHOLD / 2)) return changesInWindow;
  return 0;
}

/** Re-evaluates flapping for the given monitors (those that just changed, and those flapping). */
export async function updateFlapping(db: Db, monitorIds: number[], now = Date.now()): Promise<void> {
  const flappingNow = await db.select({ id: monitorStates.monitorId, flapping: monitorStates.flapping }).from(monitorStates).where(sql`${monitorStates.flapping} > 0`);
  const ids = [...new Set([...monitorIds, ...flappingNow.map((f) => f.id)])];
  if (ids.length === 0) return;
  const counts = await db
    .select({ id: monitorTransitions.monitorId, n: sql<number>`count(*)` })
    .from(monitorTransitions)
    .where(and(inArray(monitorTransitions.monitorId, ids), gte(monitorTransitions.at, now - FLAP_WINDOW_MS)))
    .groupBy(monitorTransitions.monitorId);
  const countById = new Map(counts.map((c) => [c.id, Number(c.n)]));
  const was = new Map(flappingNow.map((f) => [f.id, f.flapping > 0]));
  const updates = ids
    .map((id) => ({ id, level: flappingLevel(countById.get(id) ?? 0, was.get(id) ?? false) }))
    .filter(({ id, level }) => level > 0 || was.get(id));
  if (updates.length === 0) return;
  await db.$client.batch(
    updates.map(({ id, level }) => ({ sql: "UPDATE monitor_states SET flapping = ? WHERE monitor_id = ?", args: [level, id] })),
    "write",
  );
}
