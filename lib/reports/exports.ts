/**
 * What the report page exports: uptime per monitor per day over a period (from the daily
 * rollups), and one monitor's raw check results over a period (from the result log, kept 14
 * days). Both are bounded in rows; a larger ask is invalid_input saying how to narrow it.
 * Rows are plain objects with the same keys in CSV (./csv.ts) and JSON.
 */
import { asc, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { monitors } from "../db/schema";
import { RESULT_STATUS_BY_CODE } from "../checks/types";
import { rangeStats, type RollupRow, type StateTimeRow } from "../dashboard/ranges";
import { spanRows } from "../dashboard/stats";
import { UserError } from "../errors";
import { liveMonitor } from "../monitors/entry";
import { regionNames } from "../regions/store";
import { readMonitorResults } from "../results/store";
import { DAY_MS } from "../uptime/uptime";
import { isoDay, type ReportPeriod } from "./period";

/** Most rows in one export file: a few MB of CSV. */
export const MAX_EXPORT_ROWS = 50_000;

export const UPTIME_COLUMNS = ["day", "monitor", "name", "uptime_percent", "downtime_s", "checks", "failed_checks", "p95_ms"] as const;
export type UptimeDayRow = Record<(typeof UPTIME_COLUMNS)[number], string | number | null>;

const pct = (ratio: number | null) => (ratio === null ? null : Math.round(ratio * 1_000_000) / 10_000);
const ms = (us: number | null | undefined) => (us === null || us === undefined ? null : Math.round(us) / 1000);

/** One row per live monitor per day of the period (empty figures on a day without data). */
export async function uptimeByDay(db: Db, period: ReportPeriod): Promise<UptimeDayRow[]> {
  const ms_ = await db.select({ id: monitors.id, key: monitors.key, name: monitors.name }).from(monitors).where(isNull(monitors.archivedAt)).orderBy(asc(monitors.key));
  const days = Math.round((period.to - period.from) / DAY_MS);
  if (days * ms_.length > MAX_EXPORT_ROWS) {
    throw new UserError("invalid_input", `That is ${days * ms_.length} rows (${ms_.length} monitors × ${days} days); one file holds at most ${MAX_EXPORT_ROWS}: choose a shorter range.`, { fieldErrors: { from: ["Choose a shorter range."] } });
  }
  const { rollups, time, formula } = await spanRows(db, ms_.map((m) => m.id), { from: period.from, to: period.to, bucket: "daily" });
  const key = (monitorId: number, day: number) => `${monitorId}:${day}`;
  const rollupAt = new Map((rollups as RollupRow[]).map((r) => [key(r.monitorId, r.bucketStart), r]));
  const timeAt = new Map((time as StateTimeRow[]).map((r) => [key(r.monitorId, r.bucketStart), r]));
  const out: UptimeDayRow[] = [];
  for (let day = period.from; day < period.to; day += DAY_MS) {
    for (const m of ms_) {
      const r = rollupAt.get(key(m.id, day));
      const t = timeAt.get(key(m.id, day));
      const s = rangeStats(r ? [r] : [], t ? [t] : [], formula);
      out.push({
        day: isoDay(day),
        monitor: m.key,
        name: m.name,
        uptime_percent: pct(s.ratio),
        downtime_s: t ? Math.round(s.downtimeMs / 1000) : null,
        checks: s.total,
        failed_checks: r ? Number(r.down) : 0,
        p95_ms: s.p95Ms === undefined ? null : Math.round(s.p95Ms * 10) / 10,
      });
    }
  }
  return out;
}

export const CHECK_COLUMNS = ["started_at", "region", "status", "status_code", "error_class", "message", "total_ms", "dns_ms", "connect_ms", "tls_ms", "first_byte_ms", "transfer_ms"] as const;
export type CheckRow = Record<(typeof CHECK_COLUMNS)[number], string | number | null>;

/**
 * A live monitor's results started in the period, oldest first, at most MAX_EXPORT_ROWS (more is
 * invalid_input). No response headers or bodies: they may carry what the dashboard keeps to the
 * failing check's page.
 */
export async function checksOf(db: Db, monitorKey: string, period: ReportPeriod, maxRows = MAX_EXPORT_ROWS): Promise<{ monitor: { key: string; name: string }; rows: CheckRow[] }> {
  const m = await liveMonitor(db, monitorKey);
  const regions = await regionNames(db);
  const rows: CheckRow[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await readMonitorResults(db, m.id, { beforeId: before, from: period.from, to: period.to - 1, limit: Math.min(5_000, maxRows + 1 - rows.length) });
    for (const r of page.rows) {
      rows.push({
        started_at: new Date(r.startedAt).toISOString(),
        region: regions.get(r.regionId) ?? String(r.regionId),
        status: RESULT_STATUS_BY_CODE[r.status] ?? "down",
        status_code: r.statusCode,
        error_class: r.errorClass,
        message: r.message,
        total_ms: ms(r.totalUs),
        dns_ms: ms(r.dnsUs),
        connect_ms: ms(r.connectUs),
        tls_ms: ms(r.tlsUs),
        first_byte_ms: ms(r.firstByteUs),
        transfer_ms: ms(r.transferUs),
      });
    }
    if (rows.length > maxRows) {
      throw new UserError("invalid_input", `"${m.name}" has more than ${maxRows} check results in that period; one file holds at most ${maxRows}: choose a shorter range.`, { fieldErrors: { from: ["Choose a shorter range."] } });
    }
    if (page.next === null) break;
    before = page.next;
  }
  rows.reverse();
  return { monitor: { key: m.key, name: m.name }, rows };
}
