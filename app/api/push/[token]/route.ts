import { getDb } from "@/lib/db/client";
import { recordPush } from "@/lib/heartbeats/push";
import { errorResponse } from "@/lib/http/errors";

export const dynamic = "force-dynamic";

/**
 * Heartbeat push: a job calls GET or POST /api/push/<token> when it succeeds,
 * or with ?status=down&msg=… when it fails.
 */
async function handle(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const url = new URL(request.url);
  try {
    const out = await recordPush(await getDb(), token, { status: url.searchParams.get("status"), msg: url.searchParams.get("msg") });
    return Response.json({ ok: true, status: out.status }, { headers: NO_STORE });
  } catch (err) {
    // Its callers (cron jobs, scripts) have always read { ok, error } and a 400 for a bad ?status.
    return errorResponse(err, { headers: NO_STORE, body: (e) => ({ ok: false, error: e.message }), status: { invalid_input: 400 } });
  }
}

const NO_STORE = { "cache-control": "no-store" };

export { handle as GET, handle as POST };
