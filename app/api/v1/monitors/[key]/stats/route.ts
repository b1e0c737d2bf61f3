import { apiRoute } from "@/lib/api/handler";
import { monitorStatsOp } from "@/lib/api/operations/monitors";
import { spanOf, statsResult } from "@/lib/api/operations/stats";
import { findMonitorRef } from "@/lib/dashboard/monitors";
import { spanStats } from "@/lib/dashboard/stats";
import { UserError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(monitorStatsOp, async ({ db, params, query }) => {
  const m = await findMonitorRef(db, params.key);
  if (!m) throw new UserError("not_found", `There is no monitor with key "${params.key}".`);
  const now = Date.now();
  return statsResult(await spanStats(db, [m.id], spanOf(query, now), now));
});
