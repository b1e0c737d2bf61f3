/**
 * The period a report covers: a calendar month (UTC) or a custom range of whole UTC days, at most
 * MAX_REPORT_DAYS long. Input is text as a form or a query string sends it; each problem is an
 * invalid_input on the field that caused it.
 */
import { fieldError } from "../errors";
import { DAY_MS } from "../uptime/uptime";

/** The longest custom range: the daily rollups' useful reach (lib/dashboard/stats.ts MAX_STATS_SPAN_MS). */
export const MAX_REPORT_DAYS = 400;
export const DEFAULT_TARGET_PCT = 99.9;

export interface ReportPeriod {
  /** Start of the first day, epoch ms UTC. */
  from: number;
  /** End (exclusive): the start of the day after the last. */
  to: number;
  /** "2026-11" for a month, null for a custom range. */
  month: string | null;
  /** The first and last day, "2026-11-01" and "2026-11-30". */
  firstDay: string;
  lastDay: string;
}

export interface PeriodInput {
  month?: string;
  from?: string;
  to?: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The month before the one `now` is in, as "YYYY-MM". */
export function lastFullMonth(now: number): string {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

function dayOf(field: "from" | "to", text: string): number {
  const m = DATE.exec(text);
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(ms) || isoDay(ms) !== text) throw fieldError(field, `Give the ${field === "from" ? "first" : "last"} day as a date like 2026-11-01.`);
  return ms;
}

/** The period `input` asks for: a month, from/to days (both included), or by default the last full month. */
export function reportPeriod(input: PeriodInput, now = Date.now()): ReportPeriod {
  const from = input.from?.trim() || undefined;
  const to = input.to?.trim() || undefined;
  const month = input.month?.trim() || undefined;
  if (from !== undefined || to !== undefined) {
    if (month !== undefined) throw fieldError("month", "Choose a month or a range of days, not both.");
    if (from === undefined) throw fieldError("from", "Give the first day of the range.");
    if (to === undefined) throw fieldError("to", "Give the last day of the range.");
    const start = dayOf("from", from);
    const last = dayOf("to", to);
    if (last < start) throw fieldError("to", "The last day must not be before the first.");
    const days = (last - start) / DAY_MS + 1;
    if (days > MAX_REPORT_DAYS) throw fieldError("from", `Choose at most ${MAX_REPORT_DAYS} days (this range has ${days}).`);
    if (start > now) throw fieldError("from", "The range starts in the future: there is nothing to report yet.");
    return { from: start, to: last + DAY_MS, month: null, firstDay: from, lastDay: to };
  }
  const chosen = month ?? lastFullMonth(now);
  const m = MONTH.exec(chosen);
  if (!m) throw fieldError("month", "Choose a month like 2026-11.");
  const start = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
  const end = Date.UTC(Number(m[1]), Number(m[2]), 1);
  if (start > now) throw fieldError("month", "That month has not started: there is nothing to report yet.");
  return { from: start, to: end, month: chosen, firstDay: isoDay(start), lastDay: isoDay(end - DAY_MS) };
}

/** The SLA target in percent (0 < target ≤ 100), DEFAULT_TARGET_PCT when left out. */
export function targetPct(text: string | undefined): number {
  const t = text?.trim();
  if (!t) return DEFAULT_TARGET_PCT;
  const n = /^\d{1,3}(\.\d{1,4})?$/.test(t) ? Number(t) : NaN;
  if (!(n > 0 && n <= 100)) throw fieldError("target", "Give the target as a percentage above 0 and at most 100, like 99.9.");
  return n;
}

/** The period as the file name and headings say it: "2026-11" or "2026-11-01_2026-11-14". */
export const periodSlug = (p: ReportPeriod) => p.month ?? `${p.firstDay}_${p.lastDay}`;

/** A query's text value (the first when repeated), bounded. */
export function queryText(q: Record<string, string | string[] | undefined> | URLSearchParams, name: string): string | undefined {
  const v = q instanceof URLSearchParams ? (q.get(name) ?? undefined) : q[name];
  const text = Array.isArray(v) ? v[0] : v;
  return text === undefined ? undefined : text.slice(0, 40);
}

/** The period and target a report page or export is asked for by its query. */
export function reportQuery(q: Record<string, string | string[] | undefined> | URLSearchParams, now = Date.now()): { period: ReportPeriod; targetPct: number } {
  const at = (name: string) => queryText(q, name);
  return { period: reportPeriod({ month: at("month"), from: at("from"), to: at("to") }, now), targetPct: targetPct(at("target")) };
}

/** The query that asks for `period` again (for links and forms). */
export function periodQuery(p: ReportPeriod): Record<string, string> {
  return p.month ? { month: p.month } : { from: p.firstDay, to: p.lastDay };
}

/** Days a checks export covers unless asked: raw results are kept 14 days, a week is a useful default. */
export const DEFAULT_CHECKS_DAYS = 7;

/** The range of a checks export: from and to days, by default the last DEFAULT_CHECKS_DAYS days up to today. */
export function checksPeriod(q: Record<string, string | string[] | undefined> | URLSearchParams, now = Date.now()): ReportPeriod {
  const from = queryText(q, "from")?.trim();
  const to = queryText(q, "to")?.trim();
  if (!from && !to) return reportPeriod({ from: isoDay(now - (DEFAULT_CHECKS_DAYS - 1) * DAY_MS), to: isoDay(now) }, now);
  return reportPeriod({ from: from ?? "", to: to ?? "" }, now);
}
