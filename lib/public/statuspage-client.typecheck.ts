/**
 * Type-level check of our /api/v2 documents against a third-party Statuspage client's published
 * types (the `statuspage.io` package, a devDependency): each document must be assignable to what
 * that client declares it receives. Checked by `tsc --noEmit` (statuspage-client.system.test.ts runs it
 * on this file alone, and the typecheck of the whole project includes it). Nothing here runs.
 */
import type { Components, Incidents, IncidentUpdate, MaintenanceStatus, ScheduledMaintenance, ScheduledMaintenances, Status, Summary } from "statuspage.io";
import type {
  ComponentsDocument,
  IncidentsDocument,
  ScheduledMaintenancesDocument,
  StatusDocument,
  SummaryDocument,
  UnresolvedIncidentsDocument,
} from "./statuspage-schema";

/** JSON carries an enum's values: the client's enum types as the strings they stand for. */
export type Wire<T> = T extends string ? `${T}` : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

/**
 * The one place we are wider than this client: it types a maintenance's timeline with the
 * incident update type (incident statuses only), while Statuspage itself writes maintenance
 * statuses there ("scheduled", "in_progress", …), and so do we.
 */
type MaintenanceUpdate = Omit<IncidentUpdate, "status"> & { status: IncidentUpdate["status"] | MaintenanceStatus };
type Maintenance = Omit<ScheduledMaintenance, "incident_updates"> & { incident_updates: MaintenanceUpdate[] };
type ClientMaintenances = Omit<ScheduledMaintenances, "scheduled_maintenances"> & { scheduled_maintenances: Maintenance[] };
type ClientSummary = Omit<Summary, "scheduled_maintenances"> & { scheduled_maintenances: Maintenance[] };

declare const summary: SummaryDocument;
declare const status: StatusDocument;
declare const components: ComponentsDocument;
declare const incidents: IncidentsDocument;
declare const unresolved: UnresolvedIncidentsDocument;
declare const maintenances: ScheduledMaintenancesDocument;

// summary.json, status.json, components.json, incidents.json, incidents/unresolved.json, and the
// three scheduled-maintenances documents (all, upcoming, active share one type).
export const asClientSummary: Wire<ClientSummary> = summary;
export const asClientStatus: Wire<Status> = status;
export const asClientComponents: Wire<Components> = components;
export const asClientIncidents: Wire<Incidents> = incidents;
export const asClientUnresolved: Wire<Incidents> = unresolved;
export const asClientMaintenances: Wire<ClientMaintenances> = maintenances;
// Without the widening above, only the timelines' statuses differ.
export const asClientMaintenanceWithoutTimeline: Wire<Omit<ScheduledMaintenance, "incident_updates">> = maintenances.scheduled_maintenances[0];
