import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ORIGINS } from "./component-groups";
import { components } from "./components";

export const MONITOR_TYPES = ["http", "tcp", "dns", "tls", "browser", "heartbeat"] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

/** Types whose results are pushed to us (a heartbeat) rather than checked by a probe. */
export const PUSHED_MONITOR_TYPES: readonly MonitorType[] = ["heartbeat"];
export const isProbedType = (type: MonitorType) => !PUSHED_MONITOR_TYPES.includes(type);

/** One thing that is checked on a schedule. Declared in status.config.yaml or created in the dashboard/API (`origin`). */
export const monitors = sqliteTable(
  "monitors",
  {
    id: integer("id").primaryKey(),
    key: text("key").notNull().unique(),
    name: text("name").notNull(),
    type: text("type", { enum: MONITOR_TYPES }).notNull(),
    /** Check-type settings as JSON (validated by the check type's zod schema). */
    checkConfig: text("check_config", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
    intervalS: integer("interval_s").notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    componentId: integer("component_id").references(() => components.id),
    isPublic: integer("is_public", { mode: "boolean" }).notNull().default(true),
    /** Consecutive failing rounds before "down" (and slow rounds before "degraded"). */
    failureThreshold: integer("failure_threshold").notNull().default(2),
    /** Consecutive good rounds before recovering. */
    successThreshold: integer("success_threshold").notNull().default(2),
    /** Regions that check this monitor; null means every region. */
    regions: text("regions", { mode: "json" }).$type<string[] | null>(),
    /** Regions that must agree before the monitor is down (k of n); null means a majority. */
    quorum: integer("quorum"),
    /** Who is told when it goes down (escalation_policies.id); null means the policy keyed "default", if any. */
    escalationPolicyId: integer("escalation_policy_id"),
    /** Hash of the declared settings: config sync skips unchanged monitors. */
    configHash: text("config_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    /** Removed (from the config file, or in the dashboard): no longer checked, history kept. */
    archivedAt: integer("archived_at"),
    /** Declared in the config file (config sync owns the row) or created in the dashboard/API. */
    origin: text("origin", { enum: ORIGINS }).notNull().default("config"),
    /**
     * The monitor as declared: its config-file entry (after environment substitution) or the
     * form's input, in the file's own words (durations with units, the component by key), so it
     * can be edited and exported as written. Null for rows synced before it was kept.
     */
    spec: text("spec", { mode: "json" }).$type<Record<string, unknown>>(),
    /**
     * Operational state, not config: config sync never writes these, so a sync does not undo a
     * pause. A paused monitor is not checked, alerts nobody, and its time is not counted.
     */
    pausedAt: integer("paused_at"),
    /** Who paused it, in words (the audit actor's label). */
    pausedBy: text("paused_by"),
  },
  (t) => [index("monitors_component_idx").on(t.componentId)],
);
