import { dashboardActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { isSameOriginRequest } from "@/lib/http/same-origin";
import { subscriberFilterFromQuery } from "@/lib/subscriptions/admin";
import { exportSubscribers, subscribersFile } from "@/lib/subscriptions/export";
import { requireUser } from "../../../_lib/session";

export const dynamic = "force-dynamic";

/**
 * Every subscriber matching the page's filter as a CSV or JSON attachment: editors and admins
 * only (addresses are personal data), from our own pages only, each download in the audit log.
 */
export async function GET(request: Request) {
  const user = await requireUser("edit");
  if (!isSameOriginRequest(request.headers)) return Response.json({ error: "cross-origin request refused" }, { status: 403 });
  const query = new URL(request.url).searchParams;
  const format = query.get("format") === "json" ? "json" : "csv";
  const { beforeId: _ignored, ...filter } = subscriberFilterFromQuery((name) => query.get(name));
  const now = Date.now();
  const file = subscribersFile(await exportSubscribers(await getDb(), dashboardActor(user), { ...filter, format }, now), format, now);
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
