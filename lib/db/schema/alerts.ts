import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { monitors } from "./monitors";
import { regions } from "./regions";

export const ALERT_KINDS = ["monitor_down", "region_silent"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Something the team must be told about now: a monitor down (by quorum, outside maintenance;
 * flapping holds back only the repeats, never the first) or a probe region gone silent. Opened and resolved by the coordinator in the
 * same write as the state change that caused it; notifications hang off these rows.
 */
export const alerts = sqliteTable(
  "alerts",
  {
    id: integer("id").primaryKey(),
    kind: text("kind", { enum: ALERT_KINDS }).notNull(),
    monitorId: integer("monitor_id").references(() => monitors.id),
    regionId: integer("region_id").references(() => regions.id),
    /** One line: what is wrong ("probe eu-west silent for 3 min"). */
    title: text("title").notNull(),
    /** The evidence, in words. */
    reason: text("reason").notNull(),
    /**
     * The regions behind a monitor_down alert, as data (names, sorted): those whose own state
     * was down, and those live, when the quorum decided. Empty for region_silent alerts and for
     * alerts opened before these columns existed: messages then name no regions.
     */
    downRegions: text("down_regions", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    liveRegions: text("live_regions", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    openedAt: integer("opened_at").notNull(),
    acknowledgedAt: integer("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    resolvedAt: integer("resolved_at"),
    resolveReason: text("resolve_reason"),
    /** The escalation policy this alert walks (null: nobody to tell). */
    policyId: integer("policy_id"),
    /** Index of the next escalation step to fire; equal to the step count once all fired. */
    nextStep: integer("next_step").notNull().default(0),
    /** Reminders sent after the last step. */
    reminders: integer("reminders").notNull().default(0),
    /** When the next step or reminder is due; null when nothing more is due (acknowledged, resolved, or no repeat). */
    nextAt: integer("next_at"),
    /** Set once the recovery was queued for the channels that were told. */
    recoveryQueuedAt: integer("recovery_queued_at"),
  },
  (t) => [
    // At most one open alert per monitor and per region: a replayed batch cannot open a second.
    uniqueIndex("alerts_open_monitor_idx").on(t.kind, t.monitorId).where(sql`${t.resolvedAt} IS NULL AND ${t.monitorId} IS NOT NULL`),
    uniqueIndex("alerts_open_region_idx").on(t.kind, t.regionId).where(sql`${t.resolvedAt} IS NULL AND ${t.regionId} IS NOT NULL`),
    // Serves the dashboard's newest-first list.
    index("alerts_opened_idx").on(t.openedAt),
    // Serves the escalation pass: alerts with a step or reminder due.
    index("alerts_next_at_idx").on(t.nextAt).where(sql`${t.nextAt} IS NOT NULL`),
    // Serves the recovery pass: resolved alerts whose recovery is not queued yet.
    index("alerts_recovery_pending_idx").on(t.resolvedAt).where(sql`${t.resolvedAt} IS NOT NULL AND ${t.recoveryQueuedAt} IS NULL AND ${t.policyId} IS NOT NULL`),
  ],
);
