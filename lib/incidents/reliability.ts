import type { Db } from "../db/client";

/**
 * MTTR and MTBF from the monitors' state transitions (monitor_transitions), not from incidents:
 * transitions exist for every monitor, public or private, with or without a component, and are
 * not moved by the team (an incident may be resolved late, merged, or dismissed).
 *
 * - A failure is a move into "down" inside the range. Degraded is not a failure.
 * - Time to repair is from that move to the next move out of "down" (to whatever state: a
 *   monitor paused or gone silent while down counts as repaired then). MTTR is the mean over the
 *   failures repaired by the end of the range; one still down counts as a failure, not a repair.
 * - MTBF is the time up (observed span minus time down, both inside the range) divided by the
 *   number of failures; null without failures. The observed span starts at the range's start, or
 *   at the monitor's first transition when it is newer.
 * Overall figures pool every monitor: the mean of all repairs, and the sum of up time over the
 * sum of failures.
 */
export const RELIABILITY_DEFAULT_RANGE_MS = 30 * 86_400_000;

export interface Reliability {
  failures: number;
  repairs: number;
  /** Mean time to repair; null when nothing was repaired in the range. */
  mttrMs: number | null;
  /** Mean time between failures; null without failures. */
  mtbfMs: number | null;
  downMs: number;
  upMs: number;
}

export interface MonitorReliability extends Reliability {
  monitorId: number;
  key: string;
  name: string;
}

interface Acc {
  failures: number;
  repairDurations: number[];
  downMs: number;
  spanMs: number;
}

function finish(a: Acc): Reliability {
  const upMs = Math.max(0, a.spanMs - a.downMs);
  const repaired = a.repairDurations.length;
  return {
    failures: a.failures,
    repairs: repaired,
    mttrMs: repaired ? Math.round(a.repairDurations.reduce((x, y) => x + y, 0) / repaired) : null,
    mtbfMs: a.failures ? Math.round(upMs / a.failures) : null,
    downMs: a.downMs,
    upMs,
  };
}

/**
 * Per monitor (those with any transition up to `to`, archived ones left out) and overall, over
 * [from, to]. Two reads: the transitions inside the range, and each monitor's last one before it.
 */
export async function reliability(
  db: Db,
  opts: { from?: number; to?: number; monitorId?: number } = {},
): Promise<{ from: number; to: number; overall: Reliability; monitors: MonitorReliability[] }> {
  const to = opts.to ?? Date.now();
  const from = opts.from ?? to - RELIABILITY_DEFAULT_RANGE_MS;
  const only = opts.monitorId === undefined ? "" : "AND m.id = ?";
  const onlyArgs = opts.monitorId === undefined ? [] : [opts.monitorId];
  const [inRange, before] = await Promise.all([
    db.$client.execute({
      sql: `SELECT t.monitor_id, t.at, t.from_status, t.to_status FROM monitor_transitions t JOIN monitors m ON m.id = t.monitor_id
            WHERE t.at >= ? AND t.at <= ? AND m.archived_at IS NULL ${only} ORDER BY t.monitor_id, t.at, t.id`,
      args: [from, to, ...onlyArgs],
    }),
    db.$client.execute({
      // SQLite's bare column with max(): to_status comes from the row holding the latest time.
      sql: `SELECT t.monitor_id, t.to_status, max(t.at) AS at FROM monitor_transitions t JOIN monitors m ON m.id = t.monitor_id
            WHERE t.at < ? AND m.archived_at IS NULL ${only} GROUP BY t.monitor_id`,
      args: [from, ...onlyArgs],
    }),
  ]);
  const states = new Map<number, { down: boolean; since: number; start: number; acc: Acc; downStartedInRange: boolean }>();
  const stateOf = (monitorId: number, firstAt: number) => {
    let s = states.get(monitorId);
    if (!s) {
      s = { down: false, since: firstAt, start: firstAt, acc: { failures: 0, repairDurations: [], downMs: 0, spanMs: 0 }, downStartedInRange: false };
      states.set(monitorId, s);
    }
    return s;
  };
  for (const r of before.rows) {
    const s = stateOf(Number(r.monitor_id), from);
    s.down = r.to_status === "down";
  }
  for (const r of inRange.rows) {
    const at = Number(r.at);
    const s = stateOf(Number(r.monitor_id), at);
    const intoDown = r.to_status === "down";
    if (s.down && !intoDown) {
      s.acc.downMs += at - s.since;
      if (s.downStartedInRange) s.acc.repairDurations.push(at - s.since);
      s.down = false;
    } else if (!s.down && intoDown) {
      s.acc.failures += 1;
      s.down = true;
      s.since = at;
      s.downStartedInRange = true;
    }
  }
  const ids = [...states.keys()];
  const names = new Map<number, { key: string; name: string }>();
  if (ids.length) {
    const r = await db.$client.execute({ sql: "SELECT id, key, name FROM monitors WHERE id IN (SELECT value FROM json_each(?))", args: [JSON.stringify(ids)] });
    for (const m of r.rows) names.set(Number(m.id), { key: String(m.key), name: String(m.name) });
  }
  const all: Acc = { failures: 0, repairDurations: [], downMs: 0, spanMs: 0 };
  const monitors: MonitorReliability[] = [];
  for (const [monitorId, s] of states) {
    if (s.down) s.acc.downMs += to - s.since;
    s.acc.spanMs = to - s.start;
    all.failures += s.acc.failures;
    all.repairDurations.push(...s.acc.repairDurations);
    all.downMs += s.acc.downMs;
    all.spanMs += s.acc.spanMs;
    const n = names.get(monitorId) ?? { key: String(monitorId), name: String(monitorId) };
    monitors.push({ monitorId, ...n, ...finish(s.acc) });
  }
  monitors.sort((a, b) => b.failures - a.failures || a.name.localeCompare(b.name));
  return { from, to, overall: finish(all), monitors };
}
