import { getDb } from "@/lib/db/client";
import { reportPdfResponse } from "@/lib/public/report-pdf";

export const dynamic = "force-dynamic";

/**
 * /report/pdf/<YYYY-MM> (the whole page) and /report/pdf/<YYYY-MM>/<component key>: the monthly
 * report page (/report/…) printed to A4 by Chromium; 501 where Chromium is not installed.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string[] }> }) {
  return reportPdfResponse(await getDb(), (await params).slug);
}
