import { getDb } from "@/lib/db/client";
import { downloadResponse, exportFormatOf } from "@/lib/reports/download";
import { CHECK_COLUMNS, checksOf } from "@/lib/reports/exports";
import { checksPeriod, periodSlug, queryText } from "@/lib/reports/period";
import { requireUser } from "../../../_lib/session";
import { backToReports } from "../export";

export const dynamic = "force-dynamic";

/** One monitor's raw check results over a range of days, as CSV or JSON (signed-in users). */
export async function GET(request: Request) {
  await requireUser();
  const q = new URL(request.url).searchParams;
  try {
    const period = checksPeriod(q);
    const { monitor, rows } = await checksOf(await getDb(), queryText(q, "monitor") ?? "", period);
    return downloadResponse(`checks-${monitor.key}-${periodSlug(period)}`, exportFormatOf(queryText(q, "format")), CHECK_COLUMNS, rows);
  } catch (err) {
    return backToReports(request, err, ["monitor"]);
  }
}
