import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { monitors } from "./monitors";
import { CONDITIONS } from "./state-time";

/** `paused`: the team paused the monitor (monitors.paused_at): not checked, not counted, not alerted. */
export const MONITOR_STATUSES = ["operational", "degraded", "down", "no_data", "paused"] as const;
export type MonitorStatus = (typeof MONITOR_STATUSES)[number];

/** The state machine's snapshot (lib/status/state.ts), shared by the monitor and per-region tables. */
export function stateMachineColumns() {
  return {
    status: text("status", { enum: MONITOR_STATUSES }).notNull(),
    since: integer("since").notNull(),
    /** Consecutive rounds that were down / degraded / up, for thresholds. */
    downStreak: integer("down_streak").notNull().default(0),
    degradedStreak: integer("degraded_streak").notNull().default(0),
    upStreak: integer("up_streak").notNull().default(0),
    /** Consecutive rounds that were not down (up or degraded): how a monitor leaves "down". */
    notDownStreak: integer("not_down_streak").notNull().default(0),
    lastResultAt: integer("last_result_at"),
    lastMessage: text("last_message"),
  };
}

/** The coordinator's current view of each monitor, derived from results (the quorum of its regions). */
export const monitorStates = sqliteTable("monitor_states", {
  monitorId: integer("monitor_id")
    .primaryKey()
    .references(() => monitors.id),
  ...stateMachineColumns(),
  /** Regions failing below quorum, in words; null when none (shown, not alerted). */
  warning: text("warning"),
  /** State changes in the flapping window while it is flapping (alerts are held back); 0 when not. */
  flapping: integer("flapping").notNull().default(0),
  /** What uptime time is being counted as now (lib/uptime/state-time.ts), and up to when it was counted. */
  condition: text("condition", { enum: CONDITIONS }).notNull().default("no_data"),
  accruedUntil: integer("accrued_until"),
  updatedAt: integer("updated_at").notNull(),
});
