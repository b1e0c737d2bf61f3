/** /api/v1 reports: the SLA report of the dashboard's Reports page (lib/reports), read scope. */
import { z } from "zod";
import { DEFAULT_TARGET_PCT, MAX_REPORT_DAYS } from "../../reports/period";
import type { SlaReport, SlaRow } from "../../reports/sla";
import { defineOperation } from "../operation";
import { time } from "../schemas";

const slaFields = {
  key: z.string(),
  name: z.string(),
  uptime: z.number().nullable().meta({ description: "0..1 by the page's formula (maintenance and paused time left out); null without data." }),
  downtimeMs: z.number(),
  incidents: z.number().int().meta({ description: "Incidents (not maintenance) open at some time in the period." }),
  checks: z.number().int(),
  p95Ms: z.number().nullable(),
  met: z.boolean().nullable().meta({ description: "Uptime at or above the target; null without data." }),
};

export const slaReportOp = defineOperation({
  id: "getSlaReport",
  method: "GET",
  path: "/reports/sla",
  tag: "Reports",
  summary: "SLA per monitor and per component over a month or a range of days",
  description: `A calendar month (UTC; default the last full month) or from and to (whole UTC days, both included, at most ${MAX_REPORT_DAYS} days).`,
  permission: "read",
  query: z.object({
    month: z.string().max(7).optional().meta({ description: "A month like 2026-11." }),
    from: z.string().max(10).optional().meta({ description: "The first day, like 2026-11-01." }),
    to: z.string().max(10).optional().meta({ description: "The last day, like 2026-11-30." }),
    target: z.string().max(10).optional().meta({ description: `The uptime target in percent; default ${DEFAULT_TARGET_PCT}.` }),
  }),
  response: z.object({
    from: time,
    to: time.meta({ description: "The end, exclusive: the start of the day after the last." }),
    month: z.string().nullable(),
    targetPct: z.number(),
    monitors: z.array(z.object({ ...slaFields, component: z.string().nullable() })),
    components: z.array(z.object({ ...slaFields, monitors: z.number().int() })),
  }),
});

/** The answer of a report. */
export function slaAnswer(r: SlaReport) {
  const fields = (s: SlaRow) => ({ key: s.key, name: s.name, uptime: s.uptime, downtimeMs: s.downtimeMs, incidents: s.incidents, checks: s.checks, p95Ms: s.p95Ms, met: s.met });
  return {
    from: r.period.from,
    to: r.period.to,
    month: r.period.month,
    targetPct: r.targetPct,
    monitors: r.monitors.map((m) => ({ ...fields(m), component: m.component })),
    components: r.components.map((c) => ({ ...fields(c), monitors: c.monitors })),
  };
}
