import { sql } from "drizzle-orm";
import type { Db } from "../db/client";

/** How long a lease lasts without renewal; a dead holder is replaced within this time. */
export const LEASE_DURATION_MS = 15_000;

/**
 * Takes or renews the named lease in one statement: it succeeds when nobody holds it,
 * when we already hold it, or when the holder's lease has expired.
 */
export async function acquireLease(db: Db, name: string, holder: string, now = Date.now(), durationMs = LEASE_DURATION_MS): Promise<boolean> {
  const res = await db.$client.execute({
    sql: `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
          ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE leases.holder = excluded.holder OR leases.expires_at < ?`,
    args: [name, holder, now + durationMs, now],
  });
  return res.rowsAffected > 0;
}

export async function releaseLease(db: Db, name: string, holder: string): Promise<void> {
  await db.run(sql`DELETE FROM leases WHERE name = ${name} AND holder = ${holder}`);
}
