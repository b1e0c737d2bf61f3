import { asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { components, monitors } from "../db/schema";

export type MonitorRow = typeof monitors.$inferSelect;

/** Monitors that are not archived (paused ones included: the coordinator keeps their clock; the probe leaves them out). */
export async function listActiveMonitors(db: Db): Promise<MonitorRow[]> {
  return db.select().from(monitors).where(isNull(monitors.archivedAt));
}

/** The columns the probe schedules and runs a monitor by. */
const PROBE_COLUMNS = {
  id: monitors.id,
  key: monitors.key,
  type: monitors.type,
  checkConfig: monitors.checkConfig,
  intervalS: monitors.intervalS,
  timeoutMs: monitors.timeoutMs,
  regions: monitors.regions,
  pausedAt: monitors.pausedAt,
};
export type ProbeMonitorRow = Pick<MonitorRow, keyof typeof PROBE_COLUMNS>;

/**
 * listActiveMonitors with only the probe's columns: at 10,000 monitors the full rows are about
 * 10 MB that the probe would read and drop on every change, beside the coordinator's own copy.
 */
export async function listActiveProbeMonitors(db: Db): Promise<ProbeMonitorRow[]> {
  return db.select(PROBE_COLUMNS).from(monitors).where(isNull(monitors.archivedAt));
}

/**
 * A cheap fingerprint of the monitors table: config sync bumps updated_at on every change
 * (archiving included), so an unchanged fingerprint means the list need not be re-read.
 */
export async function monitorsVersion(db: Db): Promise<string> {
  const rs = await db.$client.execute("SELECT count(*) AS n, max(updated_at) AS t, max(id) AS i FROM monitors");
  const row = rs.rows[0];
  return `${row.n}:${row.t}:${row.i}`;
}

/** One monitor by key, archived or not; null when none has it. */
export async function monitorByKey(db: Db, key: string): Promise<MonitorRow | null> {
  const [row] = await db.select().from(monitors).where(eq(monitors.key, key));
  return row ?? null;
}

/** Live components to choose from in the monitor form, in page order. */
export async function componentChoices(db: Db): Promise<{ key: string; name: string }[]> {
  return db.select({ key: components.key, name: components.name }).from(components).where(isNull(components.archivedAt)).orderBy(asc(components.displayOrder), asc(components.id));
}
