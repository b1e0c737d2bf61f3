/** Test-only helpers for the tests that run worker processes against one SQLite file. */
import { sql } from "drizzle-orm";
import type { Db } from "../lib/db/client";
import { COORDINATOR_LEASE } from "./coordinator";

/**
 * Polls `read` until `ok` holds, within `timeoutMs` and never past `deadline` (the test's own
 * budget); the error names what it waited for and what it saw last.
 */
export async function waitUntil<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs: number, opts: { deadline?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = opts.deadline ?? Infinity;
  const until = Math.min(Date.now() + timeoutMs, deadline);
  let last: T | undefined;
  while (Date.now() < until) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 250));
  }
  const why = until === deadline ? "the test's time budget ran out" : `timed out after ${timeoutMs / 1000} s`;
  throw new Error(`${why} waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

/** The coordinator lease holder's pid (the holder string is "<pid>-<uuid>"), if held and live. */
export async function leaseHolderPid(db: Db): Promise<number | undefined> {
  const [row] = await db.all<{ holder: string; expires_at: number }>(sql`SELECT holder, expires_at FROM leases WHERE name = ${COORDINATOR_LEASE}`);
  return row && row.expires_at > Date.now() ? Number(row.holder.split("-")[0]) : undefined;
}
