import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/lib/db/client";
import { monthlyReport, monthOf, reportPath, reportPdfPath, type ReportScope } from "@/lib/public/report";
import { ReportView } from "../_components/report-view";
import "../print.css";

export const dynamic = "force-dynamic";

interface Props {
  params: Promise<{ slug?: string[] }>;
}

/** /report/<YYYY-MM> (the whole page) or /report/<YYYY-MM>/<component key>; anything else is a 404. */
function parseSlug(slug: string[]): { month: string; scope: ReportScope } | null {
  if (slug.length === 1) return { month: slug[0], scope: { scope: "page" } };
  if (slug.length === 2) return { month: slug[0], scope: { scope: "component", key: slug[1] } };
  return null;
}

/** Once per request: the metadata and the page share one load. */
const load = cache(async (joined: string) => {
  const parsed = parseSlug(joined.split("/"));
  if (!parsed) return null;
  return monthlyReport(await getDb(), parsed.scope, parsed.month);
});

async function read({ params }: Props) {
  const { slug } = await params;
  // /report alone is this month's report of the whole page.
  if (!slug || slug.length === 0) redirect(reportPath(monthOf(Date.now())));
  return load(slug.join("/"));
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const report = await read(props);
  return report ? { title: report.title, description: `${report.title}: uptime, downtime, incidents and latency` } : {};
}

/**
 * The monthly uptime report of the whole page or of one public component: a private or unknown
 * component, a malformed month and a month that has not begun are the same 404.
 */
export default async function ReportPage(props: Props) {
  const report = await read(props);
  if (!report) notFound();
  return <ReportView report={report} pdfHref={reportPdfPath(report.range.month, report.key)} />;
}
