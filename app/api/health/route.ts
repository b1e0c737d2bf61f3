import { backupDir } from "@/lib/backup/backup";
import { databaseUrl, getDb } from "@/lib/db/client";
import { appHealth, databaseUnavailable } from "@/lib/workers/health";

export const dynamic = "force-dynamic";

/**
 * The product's health: 200 "ok" only when the database takes a write, its disk has room and
 * the coordinator and every probe region report on time (and, with scheduled backups, the newest
 * is fresh and the last run succeeded); else 503 with what is stale or broken
 * (lib/workers/health.ts).
 */
export async function GET() {
  const health = await getDb().then(
    (db) => appHealth(db, { databaseUrl: databaseUrl(), backupDir: backupDir() }),
    (err: unknown) => databaseUnavailable(err),
  );
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
