/**
 * The documents of Statuspage's public API v2 (`/api/v2/*.json`), as zod schemas: the fields,
 * vocabularies and formats that tools written for Statuspage pages read. The documented
 * required fields are required here; the few extra fields real Statuspage pages also send
 * (showcase, start_date, only_show_if_degraded, …) are declared too. Objects are strict, so a
 * misspelt field in our builders fails validation instead of going out unnoticed.
 *
 * Two values real pages send that the reference leaves out: the component status
 * "under_maintenance" and the page indicator "maintenance" ("Service Under Maintenance").
 * Integrations written against live pages handle both, so they are accepted. Impacts are
 * none/minor/major/critical everywhere, maintenance included, and incidents.json lists incidents
 * only: typed clients (statuspage.io's types, statuspage-client.typecheck.ts) reject the rest.
 */
import { z } from "zod";

export const STATUSPAGE_COMPONENT_STATUSES = ["operational", "degraded_performance", "partial_outage", "major_outage", "under_maintenance"] as const;
export type StatuspageComponentStatus = (typeof STATUSPAGE_COMPONENT_STATUSES)[number];
export const STATUSPAGE_PAGE_INDICATORS = ["none", "minor", "major", "critical", "maintenance"] as const;
export type StatuspageIndicator = (typeof STATUSPAGE_PAGE_INDICATORS)[number];
/** "postmortem": a resolved incident whose postmortem is published (our status stays "resolved"). */
export const STATUSPAGE_INCIDENT_STATUSES = ["investigating", "identified", "monitoring", "resolved", "postmortem"] as const;
export const STATUSPAGE_MAINTENANCE_STATUSES = ["scheduled", "in_progress", "verifying", "completed"] as const;
export const STATUSPAGE_INCIDENT_IMPACTS = ["none", "minor", "major", "critical"] as const;

/** ISO 8601 with an offset or Z, as Statuspage writes every time. */
const dateTime = z.iso.datetime({ offset: true });
const id = z.string().min(1);

export const pageSchema = z.strictObject({
  id,
  name: z.string(),
  url: z.url(),
  time_zone: z.string(),
  updated_at: dateTime,
});

export const componentSchema = z
  .strictObject({
    id,
    name: z.string(),
    status: z.enum(STATUSPAGE_COMPONENT_STATUSES),
    created_at: dateTime,
    updated_at: dateTime,
    position: z.number().int().positive(),
    description: z.string().nullable(),
    showcase: z.boolean(),
    start_date: z.iso.date().nullable(),
    group_id: id.nullable(),
    page_id: id,
    group: z.boolean(),
    only_show_if_degraded: z.boolean(),
    /** Groups only: the ids of their components. */
    components: z.array(id).optional(),
  })
  .refine((c) => c.group === (c.components !== undefined), { error: "a group lists its components, and only a group does" })
  .refine((c) => !(c.group && c.group_id !== null), { error: "a group is not inside another group" });

const updateShape = {
  id,
  body: z.string(),
  incident_id: id,
  created_at: dateTime,
  updated_at: dateTime,
  display_at: dateTime,
};

export const incidentUpdateSchema = z.strictObject({ ...updateShape, status: z.enum(STATUSPAGE_INCIDENT_STATUSES) });

/** A maintenance timeline entry: Statuspage's maintenance statuses. */
export const maintenanceUpdateSchema = z.strictObject({ ...updateShape, status: z.enum(STATUSPAGE_MAINTENANCE_STATUSES) });

const incidentShape = {
  id,
  name: z.string(),
  created_at: dateTime,
  updated_at: dateTime,
  monitoring_at: dateTime.nullable(),
  resolved_at: dateTime.nullable(),
  shortlink: z.url(),
  started_at: dateTime,
  page_id: id,
  components: z.array(componentSchema),
};

export const incidentSchema = z.strictObject({
  ...incidentShape,
  /** Newest first. */
  incident_updates: z.array(incidentUpdateSchema),
  status: z.enum(STATUSPAGE_INCIDENT_STATUSES),
  impact: z.enum(STATUSPAGE_INCIDENT_IMPACTS),
  /** Markdown, once published (null before: a draft postmortem is never public). */
  postmortem_body: z.string().nullable(),
  postmortem_body_last_updated_at: dateTime.nullable(),
  postmortem_published_at: dateTime.nullable(),
  /** Statuspage's "this incident gets no postmortem"; we never set it. */
  postmortem_ignored: z.boolean(),
  postmortem_notified_subscribers: z.boolean(),
  postmortem_notified_twitter: z.boolean(),
});

export const scheduledMaintenanceSchema = z
  .strictObject({
    ...incidentShape,
    /** Newest first. */
    incident_updates: z.array(maintenanceUpdateSchema),
    status: z.enum(STATUSPAGE_MAINTENANCE_STATUSES),
    impact: z.enum(STATUSPAGE_INCIDENT_IMPACTS),
    scheduled_for: dateTime,
    scheduled_until: dateTime,
  })
  .refine((m) => Date.parse(m.scheduled_until) > Date.parse(m.scheduled_for), { error: "a maintenance window ends after it starts" });

export const statusSchema = z.strictObject({
  indicator: z.enum(STATUSPAGE_PAGE_INDICATORS),
  description: z.string().min(1),
});

export const summaryDocument = z.strictObject({
  page: pageSchema,
  components: z.array(componentSchema),
  /** Unresolved incidents. */
  incidents: z.array(incidentSchema.refine((i) => i.status !== "resolved" && i.status !== "postmortem", { error: "only unresolved incidents" })),
  /** Upcoming or in progress. */
  scheduled_maintenances: z.array(scheduledMaintenanceSchema.refine((m) => m.status !== "completed", { error: "only maintenance not completed" })),
  status: statusSchema,
});

export const statusDocument = z.strictObject({ page: pageSchema, status: statusSchema });

export const componentsDocument = z.strictObject({ page: pageSchema, components: z.array(componentSchema) });

/** The 50 most recent incidents; maintenance is only in the scheduled-maintenances documents. */
export const incidentsDocument = z.strictObject({
  page: pageSchema,
  incidents: z.array(incidentSchema).max(50),
});

export const unresolvedIncidentsDocument = z.strictObject({
  page: pageSchema,
  incidents: z.array(incidentSchema.refine((i) => i.status !== "resolved" && i.status !== "postmortem" && i.resolved_at === null, { error: "only unresolved incidents" })),
});

export const scheduledMaintenancesDocument = z.strictObject({
  page: pageSchema,
  scheduled_maintenances: z.array(scheduledMaintenanceSchema).max(50),
});

export const upcomingMaintenancesDocument = z.strictObject({
  page: pageSchema,
  scheduled_maintenances: z.array(scheduledMaintenanceSchema.refine((m) => m.status === "scheduled", { error: "only scheduled maintenance" })),
});

export const activeMaintenancesDocument = z.strictObject({
  page: pageSchema,
  scheduled_maintenances: z.array(
    scheduledMaintenanceSchema.refine((m) => m.status === "in_progress" || m.status === "verifying", { error: "only maintenance in progress or verifying" }),
  ),
});

export type StatuspagePage = z.infer<typeof pageSchema>;
export type StatuspageComponent = z.infer<typeof componentSchema>;
export type StatuspageIncidentUpdate = z.infer<typeof incidentUpdateSchema>;
export type StatuspageMaintenanceUpdate = z.infer<typeof maintenanceUpdateSchema>;
export type StatuspageIncident = z.infer<typeof incidentSchema>;
export type StatuspageMaintenance = z.infer<typeof scheduledMaintenanceSchema>;
export type StatuspageStatus = z.infer<typeof statusSchema>;
export type SummaryDocument = z.infer<typeof summaryDocument>;
export type StatusDocument = z.infer<typeof statusDocument>;
export type ComponentsDocument = z.infer<typeof componentsDocument>;
export type IncidentsDocument = z.infer<typeof incidentsDocument>;
export type UnresolvedIncidentsDocument = z.infer<typeof unresolvedIncidentsDocument>;
export type ScheduledMaintenancesDocument = z.infer<typeof scheduledMaintenancesDocument>;
