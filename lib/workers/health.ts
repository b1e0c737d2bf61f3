import { sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { isStale, listHeartbeats } from "./heartbeat";

export interface AppHealth {
  status: "ok" | "error";
  database: "ok" | string;
  workers: { role: string; region: string; lastBeatAt: number; silent: boolean }[];
}

/** The app is healthy when it can query its database; worker roles are reported beside it. */
export async function appHealth(db: Db, now = Date.now()): Promise<AppHealth> {
  try {
    await db.run(sql`SELECT 1`);
    const beats = await listHeartbeats(db);
    return {
      status: "ok",
      database: "ok",
      workers: beats.map((b) => ({ role: b.role, region: b.region, lastBeatAt: b.lastBeatAt, silent: isStale(b, now) })),
    };
  } catch (err) {
    return { status: "error", database: `cannot query the database: ${(err as Error).message}`, workers: [] };
  }
}
