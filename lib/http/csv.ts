/**
 * CSV (RFC 4180) for files people open in a spreadsheet. A cell that starts with = + - @ (or a
 * tab or carriage return) would run as a formula there (CSV injection), so it gets a leading
 * apostrophe, which spreadsheets show as text.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? "" : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows (the first one the header) as CSV text, CRLF line ends. */
export function toCsv(rows: (string | number | boolean | null)[][]): string {
  return rows.map((r) => r.map(csvCell).join(",") + "\r\n").join("");
}
