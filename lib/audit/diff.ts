/**
 * What an audit entry changed, field by field, for the dashboard's diff view: the top-level
 * fields of the before and after snapshots whose values differ (nested values compared and
 * shown as JSON). A snapshot that is not an object is one field, "value".
 */
export interface FieldChange {
  field: string;
  /** JSON text, or null where the field was absent. */
  before: string | null;
  after: string | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const asFields = (v: unknown): Record<string, unknown> => (v === null || v === undefined ? {} : isRecord(v) ? v : { value: v });
const shown = (v: unknown) => (v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

export function auditDiff(before: unknown, after: unknown): FieldChange[] {
  const a = asFields(before);
  const b = asFields(after);
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return fields
    .filter((f) => JSON.stringify(a[f]) !== JSON.stringify(b[f]))
    .map((field) => ({ field, before: shown(a[field]), after: shown(b[field]) }));
}
