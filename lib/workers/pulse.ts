import { hostname } from "node:os";
import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { workerHeartbeats } from "../db/schema";

/*
 * Worker liveness: each role's pulse, a row it rewrites every PULSE_INTERVAL_MS (stored in the
 * worker_heartbeats table, named before "heartbeat" came to mean push monitors only).
 */

export type WorkerRole = "probe" | "coordinator";
export type Pulse = typeof workerHeartbeats.$inferSelect;

/** How often a role reports that it is alive. */
export const PULSE_INTERVAL_MS = 10_000;
/** A role that has not reported for this long is shown as silent. */
export const PULSE_STALE_MS = 3 * PULSE_INTERVAL_MS;

export async function pulse(
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

export async function listPulses(db: Db): Promise<Pulse[]> {
  return db.select().from(workerHeartbeats);
}

export function isStale(h: Pick<Pulse, "lastBeatAt">, now = Date.now()): boolean {
  return now - h.lastBeatAt > PULSE_STALE_MS;
}

/**
 * The newest coordinator pulse (null: none ever), as a scalar subquery a reader adds to a
 * query it runs anyway, so checking the coordinator costs no statement of its own.
 */
export const coordinatorBeatAtSql = sql<number | null>`(SELECT max(${workerHeartbeats.lastBeatAt}) FROM ${workerHeartbeats} WHERE ${workerHeartbeats.role} = 'coordinator')`;
