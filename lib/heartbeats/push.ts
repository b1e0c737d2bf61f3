import { randomBytes } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { fieldError, UserError } from "../errors";
import { heartbeatTokens, monitors, monitorStates } from "../db/schema";
import type { HeartbeatCheckConfig } from "../checks/heartbeat";
import { formatDurationMs } from "../config/units";
import type { MonitorRow } from "../monitors/store";
import { PUSH_REGION } from "../regions/name";
import { ensureRegion } from "../regions/store";
import { insertResults, toResultRow } from "../results/store";

/** Pushed results are stored under this region name (defined with the region name rule, which keeps probes off it). */
export { PUSH_REGION };
/** Longest message a push may carry (?msg=…); longer ones are cut. */
export const PUSH_MESSAGE_MAX_CHARS = 300;
/** Pushes closer together than this are acknowledged but not stored (a looping script). */
export const PUSH_MIN_SPACING_MS = 1_000;

/** Gives every heartbeat monitor that has none a fresh, unguessable push token. */
export async function issueMissingTokens(db: Db, now = Date.now()): Promise<number> {
  const missing = await db
    .select({ id: monitors.id })
    .from(monitors)
    .leftJoin(heartbeatTokens, eq(heartbeatTokens.monitorId, monitors.id))
    .where(and(eq(monitors.type, "heartbeat"), isNull(heartbeatTokens.monitorId)));
  for (const { id } of missing) {
    await db
      .insert(heartbeatTokens)
      .values({ monitorId: id, token: randomBytes(32).toString("base64url"), createdAt: now })
      .onConflictDoNothing();
  }
  return missing.length;
}

export async function tokenFor(db: Db, monitorId: number): Promise<string | null> {
  const [row] = await db.select({ token: heartbeatTokens.token }).from(heartbeatTokens).where(eq(heartbeatTokens.monitorId, monitorId));
  return row?.token ?? null;
}

/** Last push time per token, in this process (the app): enough to slow down a looping script. */
const lastPushAt = new Map<string, number>();

/**
 * Records a push from a monitored job: `status` "up" (default) or "down", with an optional
 * message. Unknown tokens and archived monitors are refused alike (404), so a caller learns
 * nothing about which tokens exist.
 */
export async function recordPush(db: Db, token: string, input: { status?: string | null; msg?: string | null }, now = Date.now()) {
  const status = (input.status ?? "up").trim().toLowerCase() || "up";
  if (status !== "up" && status !== "down") {
    throw fieldError("status", `status must be "up" or "down", got ${JSON.stringify(input.status).slice(0, 40)}`);
  }
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new UserError("not_found", "unknown push token");
  const [row] = await db
    .select({ id: monitors.id, name: monitors.name })
    .from(heartbeatTokens)
    .innerJoin(monitors, eq(monitors.id, heartbeatTokens.monitorId))
    .where(and(eq(heartbeatTokens.token, token), isNull(monitors.archivedAt)));
  if (!row) throw new UserError("not_found", "unknown push token");
  const last = lastPushAt.get(token);
  if (last !== undefined && now >= last && now - last < PUSH_MIN_SPACING_MS) {
    throw new UserError("rate_limited", `too many pushes: at most one per ${PUSH_MIN_SPACING_MS / 1000} s per monitor`, { retryAfterS: PUSH_MIN_SPACING_MS / 1000 });
  }
  if (lastPushAt.size > 10_000) lastPushAt.clear();
  lastPushAt.set(token, now);
  // Control characters out, length capped: the message is shown on the dashboard.
  const msg = (input.msg ?? "").replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, PUSH_MESSAGE_MAX_CHARS);
  const regionId = await ensureRegion(db, PUSH_REGION, now);
  await insertResults(db, [
    toResultRow(row.id, regionId, {
      status,
      startedAt: now,
      totalUs: 0,
      phases: {},
      errorClass: status === "down" ? "assertion" : undefined,
      message: status === "down" ? `the job reported a failure${msg ? `: ${msg}` : ""}` : undefined,
      assertions: [],
    }),
  ]);
  return { monitorId: row.id, status };
}

/**
 * The coordinator's watch: a heartbeat monitor whose last result is older than its interval
 * plus grace gets a "down" result saying so. The result moves the state like any other, and
 * since it is itself a result, the next one is written only after another full period. It also
 * keeps the monitor fresh under its no-data rule (interval + grace, lib/status/freshness.ts):
 * a missed heartbeat is down until a push arrives, never "no data" while the coordinator runs.
 */
export async function recordMissedHeartbeats(db: Db, active: MonitorRow[], now = Date.now()): Promise<number> {
  // A paused heartbeat is not watched: its silence is expected.
  const heartbeats = active.filter((m) => m.type === "heartbeat" && m.pausedAt === null);
  if (heartbeats.length === 0) return 0;
  const states = await db
    .select({ id: monitorStates.monitorId, lastResultAt: monitorStates.lastResultAt, status: monitorStates.status, since: monitorStates.since })
    .from(monitorStates)
    .where(sql`${monitorStates.monitorId} IN (${sql.join(heartbeats.map((m) => sql`${m.id}`), sql`, `)})`);
  const stateById = new Map(states.map((s) => [s.id, s]));
  const regionId = await ensureRegion(db, PUSH_REGION, now);
  const rows = [];
  for (const m of heartbeats) {
    const { grace } = m.checkConfig as HeartbeatCheckConfig;
    const periodMs = m.intervalS * 1000;
    // Without a push yet, it counts from its creation, or from its resume (a fresh "no data").
    const s = stateById.get(m.id);
    const last = s?.lastResultAt ?? (s?.status === "no_data" ? Math.max(m.createdAt, s.since) : m.createdAt);
    const silentMs = now - last;
    if (silentMs <= periodMs + grace) continue;
    rows.push(
      toResultRow(m.id, regionId, {
        status: "down",
        startedAt: now,
        totalUs: 0,
        phases: {},
        errorClass: "timeout",
        message: `no heartbeat for ${formatDurationMs(Math.round(silentMs / 1000) * 1000)} (expected every ${formatDurationMs(periodMs)}, grace ${formatDurationMs(grace)})`,
        assertions: [],
      }),
    );
  }
  await insertResults(db, rows);
  return rows.length;
}
