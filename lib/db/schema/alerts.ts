import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { monitors } from "./monitors";
import { regions } from "./regions";

export const ALERT_KINDS = ["monitor_down", "region_silent"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/**
 * Something the team must be told about now: a monitor down (by quorum, outside maintenance and
 * not flapping) or a probe region gone silent. Opened and resolved by the coordinator in the
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
    openedAt: integer("opened_at").notNull(),
    acknowledgedAt: integer("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    resolvedAt: integer("resolved_at"),
    resolveReason: text("resolve_reason"),
  },
  (t) => [
    // At most one open alert per monitor and per region: a replayed batch cannot open a second.
    uniqueIndex("alerts_open_monitor_idx").on(t.kind, t.monitorId).where(sql`${t.resolvedAt} IS NULL AND ${t.monitorId} IS NOT NULL`),
    uniqueIndex("alerts_open_region_idx").on(t.kind, t.regionId).where(sql`${t.resolvedAt} IS NULL AND ${t.regionId} IS NOT NULL`),
    // Serves the dashboard's newest-first list.
    index("alerts_opened_idx").on(t.openedAt),
  ],
);
