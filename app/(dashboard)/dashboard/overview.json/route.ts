import { getDb } from "@/lib/db/client";
import { loadLiveOverview, parseOverviewQuery } from "@/lib/dashboard/overview";
import { isSameOriginRequest } from "@/lib/http/same-origin";
import { requireUser } from "../../_lib/session";

export const dynamic = "force-dynamic";

/** The overview's live states (same query as the page), for its poller: our own pages only, signed in. */
export async function GET(request: Request) {
  if (!isSameOriginRequest(request.headers)) return Response.json({ error: "cross-origin request refused" }, { status: 403 });
  await requireUser();
  const live = await loadLiveOverview(await getDb(), parseOverviewQuery(new URL(request.url).searchParams));
  return Response.json(live, { headers: { "cache-control": "no-store", vary: "Cookie" } });
}
