/**
 * Uptime by time in each condition, Statuspage's way: a monitor's time is counted as up,
 * degraded, partial outage, major outage, maintenance or no data, in hourly and daily rows.
 * Uptime over any window is then one formula over the sums of a few rows, whatever the history.
 *
 *   uptime = 1 − (major + partialWeight·partial + degradedWeight·degraded) / (observed − maintenance)
 *
 * where observed is all time with data. Maintenance and time paused by the team are excluded;
 * time without data is neither up nor down (it is shown as "no data", never as green). Defaults follow Statuspage: a partial
 * outage counts 30 %, degraded performance not at all.
 */
import type { InStatement } from "@libsql/client";
import type { MonitorStatus } from "../db/schema/monitor-states";
import type { Condition } from "../db/schema/state-time";
import { bulkInsert } from "../db/bulk";
import { DAY_MS, dayStartUtc, HOUR_MS, hourStartUtc } from "./uptime";

export type { Condition };

export interface UptimeFormula {
  /** Share of partial-outage time that counts as down (Statuspage: 0.3). */
  partialOutageWeight: number;
  /** Share of degraded time that counts as down (Statuspage: 0). */
  degradedWeight: number;
}

export const DEFAULT_UPTIME_FORMULA: UptimeFormula = { partialOutageWeight: 0.3, degradedWeight: 0 };

/** Milliseconds per condition over some window (sums of state_time rows). */
export interface StateTime {
  upMs: number;
  degradedMs: number;
  partialMs: number;
  majorMs: number;
  maintenanceMs: number;
  noDataMs: number;
  /** Paused by the team: left out like maintenance (optional: readers from before pausing leave it out). */
  pausedMs?: number;
}

export const EMPTY_STATE_TIME: StateTime = { upMs: 0, degradedMs: 0, partialMs: 0, majorMs: 0, maintenanceMs: 0, noDataMs: 0, pausedMs: 0 };

/** What a monitor's current time counts as, from its quorum state. */
export function conditionOf(status: MonitorStatus, opts: { downRegions: number; liveRegions: number; maintenance: boolean }): Condition {
  if (opts.maintenance) return "maintenance";
  switch (status) {
    case "operational":
      return "up";
    case "degraded":
      return "degraded";
    case "down":
      return opts.downRegions > 0 && opts.downRegions < opts.liveRegions ? "partial" : "major";
    case "paused":
      return "paused";
    default:
      return "no_data";
  }
}

/** Adds rows of state time together. */
export function sumStateTime(rows: Iterable<Partial<StateTime>>): StateTime {
  const out = { ...EMPTY_STATE_TIME };
  for (const r of rows) {
    out.upMs += Number(r.upMs ?? 0);
    out.degradedMs += Number(r.degradedMs ?? 0);
    out.partialMs += Number(r.partialMs ?? 0);
    out.majorMs += Number(r.majorMs ?? 0);
    out.maintenanceMs += Number(r.maintenanceMs ?? 0);
    out.noDataMs += Number(r.noDataMs ?? 0);
    out.pausedMs! += Number(r.pausedMs ?? 0);
  }
  return out;
}

/** Time that counts for uptime: everything with data, less maintenance and pauses. */
export function countedMs(t: StateTime): number {
  return t.upMs + t.degradedMs + t.partialMs + t.majorMs;
}

/** Uptime as a ratio by the formula; null when no counted time (never shown as 100 %). */
export function uptimeFromStateTime(t: StateTime, formula: UptimeFormula = DEFAULT_UPTIME_FORMULA): number | null {
  const counted = countedMs(t);
  if (counted <= 0) return null;
  const downMs = t.majorMs + formula.partialOutageWeight * t.partialMs + formula.degradedWeight * t.degradedMs;
  return Math.min(1, Math.max(0, 1 - downMs / counted));
}

/** Downtime by the formula, in milliseconds (major outage plus the weighted rest). */
export function downtimeMs(t: StateTime, formula: UptimeFormula = DEFAULT_UPTIME_FORMULA): number {
  return t.majorMs + formula.partialOutageWeight * t.partialMs + formula.degradedWeight * t.degradedMs;
}

/** The worst condition with any time (the colour of a day bar); no_data when nothing was observed. */
export function worstCondition(t: StateTime): Condition {
  if (t.majorMs > 0) return "major";
  if (t.partialMs > 0) return "partial";
  if (t.degradedMs > 0) return "degraded";
  if (t.upMs > 0) return "up";
  if (t.maintenanceMs > 0) return "maintenance";
  if ((t.pausedMs ?? 0) > 0) return "paused";
  return "no_data";
}

const CONDITION_INDEX: Record<Condition, number> = { up: 0, degraded: 1, partial: 2, major: 3, maintenance: 4, no_data: 5, paused: 6 };
const COLUMNS = ["up_ms", "degraded_ms", "partial_ms", "major_ms", "maintenance_ms", "no_data_ms", "paused_ms"];

/** Splits [from, to) at bucket boundaries: [bucketStart, ms] pairs. */
export function splitIntoBuckets(from: number, to: number, bucketOf: (ms: number) => number, bucketMs: number): [number, number][] {
  const out: [number, number][] = [];
  let at = from;
  while (at < to) {
    const start = bucketOf(at);
    const end = Math.min(to, start + bucketMs);
    out.push([start, end - at]);
    at = end;
  }
  return out;
}

/**
 * The longest stretch one span counts back from `now` (the longest uptime window shown, 90
 * days). With the clamp to `now`, a span is at most 2,160 hourly rows whatever timestamps the
 * database holds (a clock from a broken probe, a row from before the ingest checked times).
 */
export const MAX_ACCRUAL_SPAN_MS = 90 * DAY_MS;

/**
 * Collects spans of condition time and turns them into one additive upsert per table. The
 * caller writes them in the same batch as the monitor's new `accrued_until`, so a crash never
 * counts a span twice. Time is counted only within [now - MAX_ACCRUAL_SPAN_MS, now]: the
 * future has not happened, whatever a timestamp says.
 */
export class StateTimeWrites {
  private hourly = new Map<string, number[]>();
  private daily = new Map<string, number[]>();

  constructor(private readonly now: number) {}

  /** Counts [from, to) of one monitor as `condition`, clamped to the window above. */
  add(monitorId: number, condition: Condition, fromMs: number, toMs: number): void {
    const from = Math.max(fromMs, this.now - MAX_ACCRUAL_SPAN_MS);
    const to = Math.min(toMs, this.now);
    if (!(to > from)) return;
    const col = CONDITION_INDEX[condition];
    for (const [table, bucketOf, bucketMs] of [
      [this.hourly, hourStartUtc, HOUR_MS],
      [this.daily, dayStartUtc, DAY_MS],
    ] as const) {
      for (const [bucketStart, ms] of splitIntoBuckets(from, to, bucketOf, bucketMs)) {
        const key = `${monitorId}:${bucketStart}`;
        let row = table.get(key);
        if (!row) table.set(key, (row = [monitorId, bucketStart, 0, 0, 0, 0, 0, 0, 0]));
        row[2 + col] += ms;
      }
    }
  }

  /**
   * Counts [from, to) as `condition`, except the parts inside maintenance (`maintenance`:
   * ordered, non-overlapping spans, as from lib/incidents/windows maintenanceSpans).
   */
  addAround(monitorId: number, condition: Condition, from: number, to: number, maintenance: [number, number][]): void {
    let at = from;
    for (const [start, end] of maintenance) {
      if (end <= at || start >= to) continue;
      this.add(monitorId, condition, at, Math.max(at, start));
      this.add(monitorId, "maintenance", Math.max(at, start), Math.min(to, end));
      at = Math.min(to, end);
    }
    this.add(monitorId, condition, at, to);
  }

  get size(): number {
    return this.hourly.size;
  }

  statements(): InStatement[] {
    const out: InStatement[] = [];
    for (const [table, rows] of [
      ["state_time_hourly", this.hourly],
      ["state_time_daily", this.daily],
    ] as const) {
      if (rows.size === 0) continue;
      const tail = `ON CONFLICT (monitor_id, bucket_start) DO UPDATE SET ${COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ")}`;
      out.push(bulkInsert(table, ["monitor_id", "bucket_start", ...COLUMNS], [...rows.values()], tail));
    }
    return out;
  }
}

export interface StateTimeDay {
  /** UTC midnight, epoch milliseconds. */
  dayStart: number;
  time: StateTime;
  /** Uptime of the day by the formula; null when nothing was counted. */
  ratio: number | null;
  /** Colour of the day's bar: its worst condition; no_data for a day without data. */
  worst: Condition;
}

/**
 * One entry per UTC day, oldest first, ending with the day that starts at endDayStart. Rows are
 * summed per day (several monitors of a component, or hourly rows, are fine); rows outside the
 * range are ignored; days without rows are no_data.
 */
export function stateTimeDaySeries(
  rows: Iterable<{ bucketStart: number } & Partial<StateTime>>,
  opts: { endDayStart: number; days: number },
  formula: UptimeFormula = DEFAULT_UPTIME_FORMULA,
): StateTimeDay[] {
  const { endDayStart, days } = opts;
  if (dayStartUtc(endDayStart) !== endDayStart) throw new RangeError(`endDayStart must be a UTC midnight, got ${new Date(endDayStart).toISOString()}`);
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
  const firstDayStart = endDayStart - (days - 1) * DAY_MS;
  const perDay: Partial<StateTime>[][] = Array.from({ length: days }, () => []);
  for (const row of rows) {
    const day = (dayStartUtc(row.bucketStart) - firstDayStart) / DAY_MS;
    if (day >= 0 && day < days) perDay[day].push(row);
  }
  return perDay.map((list, day) => {
    const time = sumStateTime(list);
    return { dayStart: firstDayStart + day * DAY_MS, time, ratio: uptimeFromStateTime(time, formula), worst: worstCondition(time) };
  });
}
