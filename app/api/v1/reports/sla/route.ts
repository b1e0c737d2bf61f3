import { apiRoute } from "@/lib/api/handler";
import { slaAnswer, slaReportOp } from "@/lib/api/operations/reports";
import { reportPeriod, targetPct } from "@/lib/reports/period";
import { slaReport } from "@/lib/reports/sla";

export const dynamic = "force-dynamic";

export const GET = apiRoute(slaReportOp, async ({ db, query }) => {
  const now = Date.now();
  return slaAnswer(await slaReport(db, reportPeriod(query, now), targetPct(query.target), now));
});
