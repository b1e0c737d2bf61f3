/**
 * Report files as HTTP answers: CSV (./csv.ts, formula cells defused) or JSON, as an attachment
 * with a file name, private and never cached. Used by the dashboard's export route handlers.
 */
import { toCsv, type CsvValue } from "./csv";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const exportFormatOf = (text: string | undefined): ExportFormat => (text === "json" ? "json" : "csv");

export function downloadResponse<K extends string>(fileBase: string, format: ExportFormat, columns: readonly K[], rows: Record<K, CsvValue>[]): Response {
  const name = `${fileBase.replace(/[^A-Za-z0-9._-]/g, "_")}.${format}`;
  const body = format === "csv" ? toCsv(columns, rows) : JSON.stringify({ columns, rows });
  return new Response(body, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="${name}"`,
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
