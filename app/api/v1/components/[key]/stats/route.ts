import { apiRoute } from "@/lib/api/handler";
import { componentStatsOp } from "@/lib/api/operations/components";
import { spanOf, statsResult } from "@/lib/api/operations/stats";
import { findComponent } from "@/lib/dashboard/components";
import { spanStats } from "@/lib/dashboard/stats";
import { UserError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(componentStatsOp, async ({ db, params, query }) => {
  const c = await findComponent(db, params.key);
  if (!c) throw new UserError("not_found", `There is no component with key "${params.key}".`);
  const now = Date.now();
  return statsResult(await spanStats(db, c.monitorIds, spanOf(query, now), now));
});
