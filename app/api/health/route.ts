import { getDb } from "@/lib/db/client";
import { appHealth } from "@/lib/workers/health";

export const dynamic = "force-dynamic";

/** Liveness of the app and of each worker role: 200 with "ok" when the app can read the database. */
export async function GET() {
  const health = await appHealth(await getDb());
  return Response.json(health, { status: health.status === "ok" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
