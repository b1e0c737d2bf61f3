import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { workerHeartbeats } from "../db/schema";

export type WorkerRole = "probe" | "coordinator";
export type Heartbeat = typeof workerHeartbeats.$inferSelect;

/** How often a role reports that it is alive. */
export const HEARTBEAT_INTERVAL_MS = 10_000;
/** A role that has not reported for this long is shown as silent. */
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_INTERVAL_MS;

export async function beat(
  db: Db,
  role: WorkerRole,
  region: string,
  startedAt: number,
  stats: Record<string, number> = {},
  now = Date.now(),
): Promise<void> {
  const row = { role, region, pid: process.pid, host: hostname(), startedAt, lastBeatAt: now, stats };
  await db
    .insert(workerHeartbeats)
    .values(row)
    .onConflictDoUpdate({
      target: [workerHeartbeats.role, workerHeartbeats.region],
      set: { pid: row.pid, host: row.host, startedAt, lastBeatAt: now, stats },
    });
}

export async function listHeartbeats(db: Db): Promise<Heartbeat[]> {
  return db.select().from(workerHeartbeats);
}

export function isStale(h: Pick<Heartbeat, "lastBeatAt">, now = Date.now()): boolean {
  return now - h.lastBeatAt > HEARTBEAT_STALE_MS;
}

/**
 * The newest coordinator heartbeat (null: none ever), as a scalar subquery a reader adds to a
 * query it runs anyway, so checking the coordinator costs no statement of its own.
 */
export const coordinatorBeatAtSql = sql<number | null>`(SELECT max(${workerHeartbeats.lastBeatAt}) FROM ${workerHeartbeats} WHERE ${workerHeartbeats.role} = 'coordinator')`;
