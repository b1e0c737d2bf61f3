import { getDb } from "@/lib/db/client";
import { assignmentsFor } from "@/lib/probes/ingest";
import { authenticateProbe } from "@/lib/probes/tokens";

export const dynamic = "force-dynamic";

/** What a remote probe (push mode) checks: GET with `Authorization: Bearer <probe token>`. */
export async function GET(request: Request) {
  const db = await getDb();
  const probe = await authenticateProbe(db, request.headers.get("authorization"));
  if (!probe) return Response.json({ error: "missing, unknown or revoked probe token" }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  return Response.json(await assignmentsFor(db, probe.region), { headers: { "cache-control": "no-store" } });
}
