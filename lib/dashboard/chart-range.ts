/**
 * The time range of a monitor page's charts: a preset (1h … 90d) or a custom from/to, and where
 * its points come from: raw results for a day or less (while they are kept), hourly rollups up
 * to about a week, daily rollups beyond. Every range has a bounded number of buckets.
 */
import { MIN_HOURLY_RETENTION_MS, MIN_RAW_RETENTION_MS } from "../results/retention-policy";
import { DAY_MS, dayStartUtc, HOUR_MS, hourStartUtc } from "../uptime/uptime";

const MIN = 60_000;

export const CHART_PRESETS = { "1h": HOUR_MS, "24h": DAY_MS, "7d": 7 * DAY_MS, "30d": 30 * DAY_MS, "90d": 90 * DAY_MS } as const;
export type ChartPreset = keyof typeof CHART_PRESETS;
export const CHART_PRESET_NAMES = Object.keys(CHART_PRESETS) as ChartPreset[];
export const DEFAULT_CHART_PRESET: ChartPreset = "24h";

/** Longest custom range. */
export const MAX_CUSTOM_RANGE_DAYS = 400;
/** Raw results are read for ranges up to this long. */
const RAW_MAX_SPAN_MS = DAY_MS;
/** Hourly rollups up to this long (a week and a bit); daily beyond. */
const HOURLY_MAX_SPAN_MS = 8 * DAY_MS;
/** Raw buckets: the smallest of these that gives at most RAW_MAX_BUCKETS. */
const RAW_BUCKETS_MS = [MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, HOUR_MS];
const RAW_MAX_BUCKETS = 100;
/** A custom "to" may be this far ahead of the server's clock (clocks of browsers drift). */
const FUTURE_SLACK_MS = 5 * MIN;

export type ChartSource = "raw" | "hourly" | "daily";

export interface ChartRange {
  preset: ChartPreset | "custom";
  /** Start of the first bucket and end of the last (exclusive), epoch ms. */
  from: number;
  to: number;
  source: ChartSource;
  bucketMs: number;
}

export interface ParsedChartRange {
  range: ChartRange;
  /** What was wrong with a custom range (the page then shows the default); null when fine. */
  error: string | null;
  /** The custom fields as typed (bounded), to keep them in the form. */
  fromText: string;
  toText: string;
}

/** Where a range's points come from and how wide its buckets are, for [from, to). */
export function planRange(preset: ChartPreset | "custom", from: number, to: number, now: number): ChartRange {
  const span = to - from;
  if (span <= RAW_MAX_SPAN_MS && from >= now - MIN_RAW_RETENTION_MS) {
    const bucketMs = RAW_BUCKETS_MS.find((b) => span / b <= RAW_MAX_BUCKETS) ?? HOUR_MS;
    const start = from - (from % bucketMs);
    return { preset, from: start, to, source: "raw", bucketMs };
  }
  if (span <= HOURLY_MAX_SPAN_MS && from >= now - MIN_HOURLY_RETENTION_MS) {
    return { preset, from: hourStartUtc(from), to, source: "hourly", bucketMs: HOUR_MS };
  }
  return { preset, from: dayStartUtc(from), to, source: "daily", bucketMs: DAY_MS };
}

/** A preset's range ending now: the current bucket included. */
export function presetRange(preset: ChartPreset, now: number): ChartRange {
  return planRange(preset, now - CHART_PRESETS[preset], now, now);
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;
const param = (params: Params, name: string): string => {
  const v = params instanceof URLSearchParams ? params.get(name) : params[name];
  return ((Array.isArray(v) ? v[0] : v) ?? "").slice(0, 40);
};

/** "2026-11-20T10:00" (a datetime-local field), read as UTC; NaN when it is not one. */
export function parseUtcMinute(text: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(text.trim());
  if (!m) return NaN;
  const [y, mo, d, h = "0", mi = "0"] = m.slice(1);
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  // Date.UTC rolls 31 Feb over into March: only a date that reads back the same is one.
  return new Date(ms).getUTCDate() === Number(d) ? ms : NaN;
}

/** The value of a datetime-local field for `ms`, in UTC. */
export const utcMinuteText = (ms: number) => new Date(ms).toISOString().slice(0, 16);

/** The chart range from the URL (`range`, or `from` and `to` for a custom one); bounded and validated. */
export function parseChartRange(params: Params, now: number): ParsedChartRange {
  const name = param(params, "range");
  const fromText = param(params, "from");
  const toText = param(params, "to");
  const fallback = (error: string | null): ParsedChartRange => ({ range: presetRange(DEFAULT_CHART_PRESET, now), error, fromText, toText });
  if (name !== "custom") {
    const preset = (CHART_PRESET_NAMES as string[]).includes(name) ? (name as ChartPreset) : DEFAULT_CHART_PRESET;
    return { range: presetRange(preset, now), error: null, fromText, toText };
  }
  const from = parseUtcMinute(fromText);
  const to = parseUtcMinute(toText);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return fallback("Give both From and To as a date and time (UTC), like 2026-11-20T10:00.");
  if (to <= from) return fallback("From must be before To.");
  if (to > now + FUTURE_SLACK_MS) return fallback(`To is in the future: choose ${utcMinuteText(now)} UTC or earlier.`);
  if (to - from > MAX_CUSTOM_RANGE_DAYS * DAY_MS) return fallback(`A range is at most ${MAX_CUSTOM_RANGE_DAYS} days long.`);
  return { range: planRange("custom", from, Math.min(to, now), now), error: null, fromText, toText };
}

/** The query string that selects `range` (presets by name, custom by its bounds). */
export function chartRangeSearch(range: ChartRange): string {
  if (range.preset !== "custom") return `range=${range.preset}`;
  return `range=custom&from=${encodeURIComponent(utcMinuteText(range.from))}&to=${encodeURIComponent(utcMinuteText(range.to))}`;
}

/** Bucket starts of a range, oldest first. */
export function bucketStarts(range: ChartRange): number[] {
  const out: number[] = [];
  for (let at = range.from; at < range.to; at += range.bucketMs) out.push(at);
  return out;
}
