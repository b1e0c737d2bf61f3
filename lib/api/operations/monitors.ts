/**
 * /api/v1 monitors: reads, and writes (create, change, archive, pause, resume) over lib/monitors'
 * services, which validate an entry with the config file's own schema and refuse (409) to change
 * a monitor the config file declares. No check settings are answered: they may hold credentials.
 */
import { z } from "zod";
import { isPlainObject, monitorEntrySchema } from "../../config/schema";
import { MAX_MONITOR_ENTRY_CHARS } from "../../monitors/entry";
import type { Db } from "../../db/client";
import { monitorDetail as monitorDetailOf } from "../../dashboard/monitors";
import { UserError } from "../../errors";
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

/**
 * A monitor entry as status.config.yaml writes it (key, name, type and the type's own fields),
 * documented with the config file's schema. It is validated by lib/monitors (that schema, its
 * messages, references checked against the database), not here, so the answer's field errors are
 * the config file's.
 */
const monitorEntry = z
  .record(z.string(), z.unknown())
  .meta({
    description: `A monitor entry exactly as status.config.yaml writes one under monitors: (durations as text like "30s"), at most ${MAX_MONITOR_ENTRY_CHARS} characters as JSON.`,
    ...withoutDialect(z.toJSONSchema(monitorEntrySchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" })),
  });

function withoutDialect({ $schema: _dialect, ...rest }: Record<string, unknown>) {
  return rest;
}

const monitorPatch = z.record(z.string(), z.unknown()).meta({
  description:
    "The entry's fields to change, as a JSON merge patch (RFC 7396) over the monitor's current entry: a field set to null is removed (back to its default). The key cannot change. The result is validated as a whole entry.",
});

export const createMonitorOp = defineOperation({
  id: "createMonitor",
  method: "POST",
  path: "/monitors",
  tag: "Monitors",
  summary: "Create a monitor of any check type from a config-file entry",
  description: "Validated by the config file's schema, with the same messages; component and escalation name keys that exist. The key of an archived monitor is taken over with its history.",
  permission: "edit",
  body: monitorEntry,
  response: monitorDetail,
  status: 201,
});

export const updateMonitorOp = defineOperation({
  id: "updateMonitor",
  method: "PATCH",
  path: "/monitors/{key}",
  tag: "Monitors",
  summary: "Change a monitor's settings (not one declared in status.config.yaml)",
  description: "A monitor declared in the config file answers 409: change it in the file.",
  permission: "edit",
  params: byKey,
  body: monitorPatch,
  response: monitorDetail,
  conflict: true,
});

export const archiveMonitorOp = defineOperation({
  id: "archiveMonitor",
  method: "DELETE",
  path: "/monitors/{key}",
  tag: "Monitors",
  summary: "Archive a monitor: no longer checked or shown, its history kept",
  description: "A monitor declared in the config file answers 409: remove it from the file.",
  permission: "edit",
  params: byKey,
  response: z.object({ key: z.string(), archived: z.literal(true) }),
  conflict: true,
});

export const pauseMonitorOp = defineOperation({
  id: "pauseMonitor",
  method: "POST",
  path: "/monitors/{key}/pause",
  tag: "Monitors",
  summary: "Pause a monitor: not checked, no alerts, its time left out of uptime",
  description: "Allowed for monitors declared in the config file too (a pause is not config). Pausing a paused monitor changes nothing.",
  permission: "edit",
  params: byKey,
  response: monitorDetail,
});

export const resumeMonitorOp = defineOperation({
  id: "resumeMonitor",
  method: "POST",
  path: "/monitors/{key}/resume",
  tag: "Monitors",
  summary: "Resume a paused monitor: checked again from no data",
  permission: "edit",
  params: byKey,
  response: monitorDetail,
});

/** The entry a merge patch makes of `current` (RFC 7396: null removes a field; objects merge). */
export function mergePatch(current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...current };
  for (const [name, value] of Object.entries(patch)) {
    if (value === null) delete out[name];
    else if (isPlainObject(value) && isPlainObject(out[name])) out[name] = mergePatch(out[name] as Record<string, unknown>, value);
    else out[name] = value;
  }
  return out;
}

/** The answer of one monitor by key (state, uptime, recent transitions), else not_found. */
export async function monitorDetailAnswer(db: Db, key: string): Promise<z.input<typeof monitorDetail>> {
  const d = await monitorDetailOf(db, key);
  if (!d) throw new UserError("not_found", `There is no monitor with key "${key}".`);
  const m = d.monitor;
  const overview = { ...m, since: m.since ?? null, lastMessage: m.lastMessage ?? null, lastResultAt: m.lastResultAt ?? null, warning: m.warning ?? null, flapping: m.flapping ?? 0 };
  return { ...monitorAnswer(overview, d.windows), transitions: d.transitions };
}

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
