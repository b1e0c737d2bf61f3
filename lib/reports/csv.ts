/**
 * CSV for spreadsheets (RFC 4180, CRLF line ends). A text cell that starts with = + - @ (or a tab
 * or carriage return) is prefixed with ' so no spreadsheet runs it as a formula (CSV injection):
 * monitor names and check messages come from people and from the monitored servers.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(",") + "\r\n";
}

/** A whole file: the header line, then a line per row in the header's order. */
export function toCsv<K extends string>(header: readonly K[], rows: Iterable<Record<K, CsvValue>>): string {
  let out = csvLine(header);
  for (const row of rows) out += csvLine(header.map((k) => row[k]));
  return out;
}
