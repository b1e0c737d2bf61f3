import { and, gte, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitorStates, monitorTransitions } from "../db/schema";
import { FLAP_WINDOW_MS, flappingLevel } from "../status/flapping";

/** Re-evaluates flapping for the given monitors (those that just changed, and those flapping). */
export async function updateFlapping(db: Db, monitorIds: number[], now = Date.now()): Promise<void> {
  const flappingNow = await db.select({ id: monitorStates.monitorId, flapping: monitorStates.flapping }).from(monitorStates).where(sql`${monitorStates.flapping} > 0`);
  const ids = [...new Set([...monitorIds, ...flappingNow.map((f) => f.id)])];
  if (ids.length === 0) return;
  const counts = await db
    .select({ id: monitorTransitions.monitorId, n: sql<number>`count(*)` })
    .from(monitorTransitions)
    // A pause and its resume are the team's doing, not the service bouncing; nor is a gap in the
    // data (no_data: the probes were silent, as while a killed worker restarts), which would
    // otherwise send a down monitor's team a "flapping" notice after a few restarts.
    .where(
      and(
        inArray(monitorTransitions.monitorId, ids),
        gte(monitorTransitions.at, now - FLAP_WINDOW_MS),
        notInArray(monitorTransitions.fromStatus, ["paused", "no_data"]),
        notInArray(monitorTransitions.toStatus, ["paused", "no_data"]),
      ),
    )
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
