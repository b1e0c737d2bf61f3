/** The query and answer of uptime and latency statistics (monitors and components alike). */
import { z } from "zod";
import { MAX_STATS_SPAN_MS, type StatsSpan } from "../../dashboard/stats";
import type { RangeStats } from "../../dashboard/ranges";
import type { SpanBounds } from "../../dashboard/stats";
import { RANGES } from "../../uptime/ranges";
import { time } from "../schemas";

const instant = (what: string) =>
  z
    .string()
    .max(40)
    .transform((v, ctx) => {
      const ms = /^\d{1,15}$/.test(v) ? Number(v) : /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(v) ? Date.parse(/T/.test(v) && !/(Z|[+-]\d{2}:?\d{2})$/.test(v) ? `${v}Z` : v) : NaN;
      if (Number.isNaN(ms)) {
        ctx.addIssue({ code: "custom", message: `Send ${what} as an ISO 8601 time (2026-05-01T00:00:00Z; UTC unless it names an offset) or epoch milliseconds.` });
        return z.NEVER;
      }
      return ms;
    })
    .meta({ description: `${what[0].toUpperCase()}${what.slice(1)}: ISO 8601 (UTC unless an offset is given) or epoch milliseconds.` });

/** A span by its ends (each optional). */
export const spanQueryFields = {
  from: instant("the span's start").optional(),
  to: instant("the span's end").optional(),
};

export const statsQuery = z
  .object({
    range: z.enum(RANGES, { error: `Choose a range: ${RANGES.join(", ")}; or send from and to.` }).optional().meta({ description: "A named range ending now. Default 24h unless from is given." }),
    ...spanQueryFields,
  })
  .superRefine((q, ctx) => {
    if (q.range !== undefined && (q.from !== undefined || q.to !== undefined)) ctx.addIssue({ code: "custom", path: ["range"], message: "Send either range, or from (and to): not both." });
    if (q.from === undefined && q.to !== undefined) ctx.addIssue({ code: "custom", path: ["from"], message: "Send from with to." });
  });

/** The span a valid query asks for. */
export function spanOf(q: z.output<typeof statsQuery>, now: number): StatsSpan {
  return q.from !== undefined ? { from: q.from, to: q.to ?? now } : { range: q.range ?? "24h" };
}

const ms = z.number().nullable();
/** Uptime and latency over one span. */
export const rangeFigures = z.object({
  uptime: z.number().nullable().meta({ description: "0..1 by the page's formula (time per condition, maintenance left out); null without data." }),
  downtimeMs: z.number(),
  checksPassed: z.number().nullable().meta({ description: "Share of individual checks (all regions) that passed; null without checks." }),
  checks: z.number().int(),
  p50Ms: ms,
  p95Ms: ms,
  p99Ms: ms,
});

export const statsOutput = z.object({
  from: time.meta({ description: "Start of the first rollup bucket counted." }),
  to: time,
  bucket: z.enum(["hourly", "daily"]).meta({ description: `Which rollups were summed. Spans up to 7 days within the hourly rollups' retention are hourly; longer ones (up to ${MAX_STATS_SPAN_MS / 86_400_000} days) daily.` }),
  ...rangeFigures.shape,
});

/** The figures of a span. */
export function figuresOf(s: RangeStats): z.input<typeof rangeFigures> {
  return { uptime: s.ratio, downtimeMs: s.downtimeMs, checksPassed: s.checkRatio, checks: s.total, p50Ms: s.p50Ms ?? null, p95Ms: s.p95Ms ?? null, p99Ms: s.p99Ms ?? null };
}

/** The answer from a span's figures. */
export function statsResult(s: RangeStats & SpanBounds): z.input<typeof statsOutput> {
  return { from: s.from, to: s.to, bucket: s.bucket, ...figuresOf(s) };
}
