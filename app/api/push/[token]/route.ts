import { getDb } from "@/lib/db/client";
import { PushError, recordPush } from "@/lib/heartbeats/push";

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
    return Response.json({ ok: true, status: out.status }, { headers: { "cache-control": "no-store" } });
  } catch (err) {
    if (err instanceof PushError) {
      const headers: Record<string, string> = { "cache-control": "no-store" };
      if (err.status === 429) headers["retry-after"] = "1";
      return Response.json({ ok: false, error: err.message }, { status: err.status, headers });
    }
    throw err;
  }
}

export { handle as GET, handle as POST };
