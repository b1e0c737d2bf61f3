/**
 * One check as a log line (LOG_LEVEL=debug): the check id names the stored result — a result is
 * one monitor, one region, one start time — so a line in the log, a row in the checks export and
 * a point on the chart can be matched. Nothing secret: the monitor's key, never its URL or headers.
 */
import type { CheckResult } from "./types";

/** "api@eu-west:2026-12-08T00:20:00.123Z": monitor key, region, start time (UTC, ms). */
export function checkId(monitorKey: string, region: string, startedAt: number): string {
  return `${monitorKey}@${region}:${new Date(startedAt).toISOString()}`;
}

export function checkLogLine(monitorKey: string, region: string, result: Pick<CheckResult, "status" | "startedAt" | "totalUs" | "errorClass" | "message" | "statusCode">) {
  const ms = Math.round(result.totalUs / 1000);
  const why = result.status === "up" ? "" : `: ${result.message ?? result.errorClass ?? "failed"}`;
  return {
    msg: `${monitorKey} ${result.status} in ${ms} ms${why}`,
    fields: { check: checkId(monitorKey, region, result.startedAt), monitor: monitorKey, region, status: result.status, ms, statusCode: result.statusCode, errorClass: result.errorClass },
  };
}
