/**
 * /api/v1 monitors (read). Writes (create, update, pause) come as further operations here over
 * lib/monitors' services, with the same `monitor` answer. No check settings are answered: they
 * may hold credentials.
 */
import { z } from "zod";
import { MONITOR_TYPES, type MonitorType } from "../../db/schema/monitors";
import { MONITOR_STATUSES } from "../../db/schema/monitor-states";
import { RESULT_STATUS_BY_CODE } from "../../checks/types";
import type { MonitorOverview } from "../../dashboard/monitors";
import type { RangeName, RangeStats } from "../../dashboard/ranges";
import { RESULT_SCAN_ROWS, type CheckResultRow } from "../../results/store";
import { defineOperation } from "../operation";
import { keyParam, page, pageQuery, time } from "../schemas";
import { figuresOf, rangeFigures, spanQueryFields, statsOutput, statsQuery } from "./stats";

export const monitor = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  type: z.enum(MONITOR_TYPES),
  component: z.string().nullable().meta({ description: "The component's name." }),
  isPublic: z.boolean(),
  intervalS: z.number().int(),
  status: z.enum(MONITOR_STATUSES),
  since: time.nullable(),
  lastMessage: z.string().nullable(),
  lastResultAt: time.nullable(),
  warning: z.string().nullable().meta({ description: "Regions failing below quorum, in words." }),
  flapping: z.number().int().meta({ description: "State changes in the flapping window while flapping; 0 when not." }),
  uptime: z.object({ "24h": rangeFigures, "7d": rangeFigures, "30d": rangeFigures }),
});

export const monitorDetail = monitor.extend({
  transitions: z.array(z.object({ at: time, fromStatus: z.enum(MONITOR_STATUSES), toStatus: z.enum(MONITOR_STATUSES), reason: z.string() })).meta({ description: "The last 20 state changes, newest first." }),
});

const byKey = z.object({ key: keyParam });

export const listMonitorsOp = defineOperation({
  id: "listMonitors",
  method: "GET",
  path: "/monitors",
  tag: "Monitors",
  summary: "List active monitors with their state and uptime over 24h, 7d and 30d",
  permission: "read",
  response: z.object({ items: z.array(monitor) }),
});

export const getMonitorOp = defineOperation({
  id: "getMonitor",
  method: "GET",
  path: "/monitors/{key}",
  tag: "Monitors",
  summary: "One monitor with its state, uptime and recent state changes",
  permission: "read",
  params: byKey,
  response: monitorDetail,
});

export const result = z.object({
  id: z.number().int(),
  startedAt: time,
  region: z.string(),
  status: z.enum(["up", "degraded", "down"]),
  statusCode: z.number().int().nullable(),
  errorClass: z.string().nullable(),
  message: z.string().nullable(),
  totalMs: z.number(),
  phases: z.object({ dnsMs: z.number().nullable(), connectMs: z.number().nullable(), tlsMs: z.number().nullable(), firstByteMs: z.number().nullable(), transferMs: z.number().nullable() }),
  tlsExpiresAt: time.nullable(),
});

/** Longest span of raw results one request may filter on: raw results are kept 14 days. */
export const MAX_RESULTS_SPAN_MS = 14 * 86_400_000;

export const listResultsOp = defineOperation({
  id: "listMonitorResults",
  method: "GET",
  path: "/monitors/{key}/results",
  tag: "Monitors",
  summary: "Raw check results of a monitor, newest first",
  description: `Results started between from (default 24 hours ago) and to (default now), at most 14 days apart (raw results are kept 14 days). Each page reads a bounded slice of the result log (${RESULT_SCAN_ROWS} rows), so a page may hold fewer items than asked and still have a next_cursor: follow it until it is null.`,
  permission: "read",
  params: byKey,
  query: z.object({ ...spanQueryFields, ...pageQuery }),
  response: page(result),
});

export const monitorStatsOp = defineOperation({
  id: "getMonitorStats",
  method: "GET",
  path: "/monitors/{key}/stats",
  tag: "Monitors",
  summary: "Uptime and latency of a monitor over a range",
  permission: "read",
  params: byKey,
  query: statsQuery,
  response: statsOutput,
});

/** The answer of a monitor from the dashboard's overview of it. */
export function monitorAnswer(m: Omit<MonitorOverview, "windows">, windows: Record<RangeName, RangeStats>): z.input<typeof monitor> {
  return { ...m, type: m.type as MonitorType, uptime: { "24h": figuresOf(windows["24h"]), "7d": figuresOf(windows["7d"]), "30d": figuresOf(windows["30d"]) } };
}

const msOf = (us: number | null) => (us === null ? null : us / 1000);

/** The answer of a stored result; `regions` names region ids. */
export function resultAnswer(r: CheckResultRow, regions: Map<number, string>): z.input<typeof result> {
  return {
    id: r.id,
    startedAt: r.startedAt,
    region: regions.get(r.regionId) ?? String(r.regionId),
    status: RESULT_STATUS_BY_CODE[r.status] ?? "down",
    statusCode: r.statusCode,
    errorClass: r.errorClass,
    message: r.message,
    totalMs: r.totalUs / 1000,
    phases: { dnsMs: msOf(r.dnsUs), connectMs: msOf(r.connectUs), tlsMs: msOf(r.tlsUs), firstByteMs: msOf(r.firstByteUs), transferMs: msOf(r.transferUs) },
    tlsExpiresAt: r.tlsExpiresAt === null ? null : r.tlsExpiresAt * 1000,
  };
}

/** A page of results: the id below which the next page reads. */
export const resultCursor = z.object({ before: z.number().int().positive() });
