import { getDb } from "@/lib/db/client";
import { BODY_LIMITS, BodyError, readJsonLimited } from "@/lib/http/body";
import { errorResponse, messageOnlyBody } from "@/lib/http/errors";
import { ingestBatch } from "@/lib/probes/ingest";
import { authenticateProbe } from "@/lib/probes/tokens";

export const dynamic = "force-dynamic";

/**
 * A remote probe pushes a batch of results (stored exactly once per region and batchId). 200
 * answers { accepted, duplicate, rejected: [{ index, monitorKey, reason }] }; a body over
 * BODY_LIMITS.probeBatchBytes is 413 (read no further), a malformed one 400/422.
 */
export async function POST(request: Request) {
  const db = await getDb();
  const probe = await authenticateProbe(db, request.headers.get("authorization"));
  if (!probe) return Response.json({ error: "missing, unknown or revoked probe token" }, { status: 401, headers: { "www-authenticate": "Bearer" } });
  try {
    const body = await readJsonLimited(request, BODY_LIMITS.probeBatchBytes);
    return Response.json(await ingestBatch(db, probe.region, body));
  } catch (err) {
    if (err instanceof BodyError) {
      const error = err.status === 413 ? err.message : "the body must be JSON: { batchId, results: [...] }";
      return Response.json({ error }, { status: err.status === 413 ? 413 : 422 });
    }
    return errorResponse(err, { body: messageOnlyBody });
  }
}
