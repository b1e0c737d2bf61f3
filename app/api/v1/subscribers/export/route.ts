import { apiRoute } from "@/lib/api/handler";
import { exportSubscribersOp } from "@/lib/api/operations/subscribers";
import { exportSubscribers } from "@/lib/subscriptions/export";

export const dynamic = "force-dynamic";

export const GET = apiRoute(exportSubscribersOp, async ({ db, actor, query }) => {
  const now = Date.now();
  return { exportedAt: now, items: await exportSubscribers(db, actor, { ...query, format: "json" }, now) };
});
