import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { components } from "./components";
import { monitors } from "./monitors";

/** Statuspage's vocabularies, so its API shapes can be served unchanged. */
export const INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved"] as const;
/** Scheduled maintenance is an incident of kind "maintenance" with Statuspage's maintenance statuses. */
export const MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export const ALL_INCIDENT_STATUSES = [...INCIDENT_STATUSES, ...MAINTENANCE_STATUSES] as const;
export type IncidentStatus = (typeof ALL_INCIDENT_STATUSES)[number];
export const INCIDENT_KINDS = ["incident", "maintenance"] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_IMPACTS = ["none", "minor", "major", "critical"] as const;
export type IncidentImpact = (typeof INCIDENT_IMPACTS)[number];
export const COMPONENT_IMPACTS = ["degraded_performance", "partial_outage", "major_outage"] as const;
export type ComponentImpact = (typeof COMPONENT_IMPACTS)[number];

/** An incident: opened automatically by a monitor going down, or by the team. */
export const incidents = sqliteTable(
  "incidents",
  {
    id: integer("id").primaryKey(),
    title: text("title").notNull(),
    kind: text("kind", { enum: INCIDENT_KINDS }).notNull().default("incident"),
    status: text("status", { enum: ALL_INCIDENT_STATUSES }).notNull(),
    impact: text("impact", { enum: INCIDENT_IMPACTS }).notNull(),
    source: text("source", { enum: ["auto", "manual"] }).notNull(),
    /** The monitor that opened it (automatic incidents). */
    monitorId: integer("monitor_id").references(() => monitors.id),
    /** Shown on the public page; automatic incidents start as drafts unless the component says otherwise. */
    published: integer("published", { mode: "boolean" }).notNull().default(false),
    startedAt: integer("started_at").notNull(),
    /** Resolution (incidents) or completion (maintenance) time. */
    resolvedAt: integer("resolved_at"),
    /** Maintenance window: in progress from scheduledFor, completed at scheduledUntil (by time). */
    scheduledFor: integer("scheduled_for"),
    scheduledUntil: integer("scheduled_until"),
    /**
     * An automatic incident merged into a manual one: hidden from lists, its timeline entries go
     * to the target, and it stays open until its monitor recovers so no duplicate is opened.
     */
    mergedInto: integer("merged_into"),
    /** Dismissed by the team as no incident (an automatic draft): resolved, and never published from then on. */
    dismissedAt: integer("dismissed_at"),
    /** What happened and what changes (Markdown), written by the team after resolution. */
    postmortemBody: text("postmortem_body"),
    postmortemUpdatedAt: integer("postmortem_updated_at"),
    /** Shown on the public page and sent to subscribers (once, the first time) from then on. */
    postmortemPublishedAt: integer("postmortem_published_at"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // At most one open automatic incident per monitor: a restart replaying a batch cannot open a second.
    uniqueIndex("incidents_open_auto_monitor_idx").on(t.monitorId).where(sql`${t.source} = 'auto' AND ${t.resolvedAt} IS NULL`),
    // Serves the history pages (newest first) and the open-incident banner.
    index("incidents_started_idx").on(t.startedAt),
    // Serves the page's open incidents and the dashboard's open list: few rows whatever the history.
    index("incidents_open_idx").on(t.kind, t.startedAt).where(sql`${t.resolvedAt} IS NULL`),
    // Serves the coordinator's maintenance pass and the page's "maintenance ahead" list.
    index("incidents_maintenance_idx").on(t.scheduledFor).where(sql`${t.kind} = 'maintenance'`),
  ],
);

/** The timeline of an incident: each status change with its text (Markdown). */
export const incidentUpdates = sqliteTable(
  "incident_updates",
  {
    id: integer("id").primaryKey(),
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    status: text("status", { enum: ALL_INCIDENT_STATUSES }).notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("incident_updates_incident_idx").on(t.incidentId, t.createdAt)],
);

/** Which components an incident affects, and how. */
export const incidentComponents = sqliteTable(
  "incident_components",
  {
    incidentId: integer("incident_id")
      .notNull()
      .references(() => incidents.id),
    componentId: integer("component_id")
      .notNull()
      .references(() => components.id),
    impact: text("impact", { enum: COMPONENT_IMPACTS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.incidentId, t.componentId] })],
);
