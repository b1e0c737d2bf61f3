import { getDb } from "@/lib/db/client";
import { IngestError, ingestBatch } from "@/lib/probes/ingest";
import { authenticateProbe } from "@/lib/probes/tokens";

export const dynamic = "force-dynamic";

/** A remote probe pushes a batch of results (stored exactly once per batchId). */
export async function POST(request: Request) {
  const db = await getDb();
  const probe = await authenticateProbe(db, request.headers.get("authorization"));
  if (!probe) return Response.json({ error: "missing, unknown or revoked probe token" }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return Response.json({ error: "the body must be JSON: { batchId, results: [...] }" }, { status: 422 });
  }
  try {
    return Response.json(await ingestBatch(db, probe.region, body));
  } catch (err) {
    if (err instanceof IngestError) return Response.json({ error: err.message }, { status: err.status });
    throw err;
  }
}
