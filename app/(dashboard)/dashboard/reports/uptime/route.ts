import { getDb } from "@/lib/db/client";
import { downloadResponse, exportFormatOf } from "@/lib/reports/download";
import { UPTIME_COLUMNS, uptimeByDay } from "@/lib/reports/exports";
import { periodSlug, queryText, reportQuery } from "@/lib/reports/period";
import { requireUser } from "../../../_lib/session";
import { backToReports } from "../export";

export const dynamic = "force-dynamic";

/** Uptime per monitor per day over the report's period, as CSV or JSON (signed-in users). */
export async function GET(request: Request) {
  await requireUser();
  const q = new URL(request.url).searchParams;
  try {
    const { period } = reportQuery(q);
    return downloadResponse(`uptime-${periodSlug(period)}`, exportFormatOf(queryText(q, "format")), UPTIME_COLUMNS, await uptimeByDay(await getDb(), period));
  } catch (err) {
    return backToReports(request, err, ["month", "from", "to", "target"]);
  }
}
