/**
 * /api/v1 maintenance: windows ahead and in progress, one-off windows (times ISO 8601 with an
 * offset, or local times with a time zone), ending a window, and recurring schedules, over
 * lib/maintenance. A window is an incident of kind "maintenance": read or change one through
 * /incidents/{id} too.
 */
import { z } from "zod";
import { ALL_INCIDENT_STATUSES, INCIDENT_IMPACTS } from "../../db/schema/incidents";
import { MAINTENANCE_SCHEDULE_ORIGINS } from "../../db/schema/maintenance-schedules";
import { windowInput } from "../../maintenance/one-off";
import { FREQUENCIES } from "../../maintenance/recurrence";
import { scheduleInput, schedulePatch } from "../../maintenance/schedules";
import { defineOperation } from "../operation";
import { idParam, time } from "../schemas";
import { incidentDetail } from "./incidents";

export const maintenanceWindow = z.object({
  id: z.number().int().meta({ description: "The maintenance incident's id (see /incidents/{id})." }),
  title: z.string(),
  status: z.enum(ALL_INCIDENT_STATUSES),
  phase: z.enum(["upcoming", "active", "completed"]).meta({ description: "By status, and by the window while the coordinator catches up." }),
  published: z.boolean(),
  scheduledFor: time,
  scheduledUntil: time,
  components: z.array(z.string()).meta({ description: "Names of the components under maintenance." }),
  scheduleId: z.number().int().nullable().meta({ description: "The recurring schedule it is an occurrence of; null for a one-off window." }),
});

export const maintenanceSchedule = z.object({
  id: z.number().int(),
  title: z.string(),
  body: z.string().meta({ description: "Markdown: the first timeline entry of each occurrence." }),
  componentIds: z.array(z.number().int()),
  impact: z.enum(INCIDENT_IMPACTS),
  recurrence: z.object({
    frequency: z.enum(FREQUENCIES),
    weekdays: z.array(z.number().int()).meta({ description: "Weekly: 0 = Sunday … 6 = Saturday." }),
    dayOfMonth: z.number().int().optional().meta({ description: "Monthly: the day (months without it are skipped)." }),
    time: z.string().meta({ description: "HH:MM in timeZone." }),
  }),
  cron: z.string().meta({ description: "The stored pattern, read in timeZone." }),
  timeZone: z.string().meta({ description: "IANA time zone." }),
  description: z.string().meta({ description: "The recurrence in words." }),
  durationMinutes: z.number().int(),
  startDate: z.string().meta({ description: "First day occurrences may start (YYYY-MM-DD in timeZone)." }),
  endDate: z.string().nullable().meta({ description: "Last day occurrences may start; null: for good." }),
  published: z.boolean().meta({ description: "Occurrences are shown on the public page." }),
  origin: z.enum(MAINTENANCE_SCHEDULE_ORIGINS),
  nextOccurrence: time.nullable(),
  createdAt: time,
  updatedAt: time,
  archivedAt: time.nullable(),
});

const byId = z.object({ id: idParam });

export const listMaintenanceOp = defineOperation({
  id: "listMaintenance",
  method: "GET",
  path: "/maintenance",
  tag: "Maintenance",
  summary: "Maintenance windows in progress and ahead",
  description: "Soonest first, one-off and recurring alike (at most 200). Completed windows are in /incidents?kind=maintenance.",
  permission: "read",
  response: z.object({ items: z.array(maintenanceWindow) }),
});

export const scheduleMaintenanceOp = defineOperation({
  id: "scheduleMaintenance",
  method: "POST",
  path: "/maintenance",
  tag: "Maintenance",
  summary: "Schedule a one-off maintenance window",
  description:
    "Times are ISO 8601 with an offset (2026-11-26T14:00:00+01:00) or epoch milliseconds; a local time without an offset (2026-11-26T14:00) is read in timeZone, UTC when none is sent. Within a day in the past and two years ahead, at most 7 days long.",
  permission: "edit",
  body: windowInput,
  response: incidentDetail,
  status: 201,
});

export const cancelMaintenanceOp = defineOperation({
  id: "cancelMaintenance",
  method: "POST",
  path: "/maintenance/{id}/cancel",
  tag: "Maintenance",
  summary: "End a window now",
  description: "A window that has not started is cancelled; one in progress completes early. Either way it is completed now, with a timeline note.",
  permission: "edit",
  params: byId,
  response: incidentDetail,
  conflict: true,
});

export const listMaintenanceSchedulesOp = defineOperation({
  id: "listMaintenanceSchedules",
  method: "GET",
  path: "/maintenance-schedules",
  tag: "Maintenance",
  summary: "Recurring maintenance schedules",
  permission: "read",
  query: z.object({ archived: z.enum(["true", "false"]).default("false").meta({ description: "true: archived ones too." }) }),
  response: z.object({ items: z.array(maintenanceSchedule) }),
});

export const createMaintenanceScheduleOp = defineOperation({
  id: "createMaintenanceSchedule",
  method: "POST",
  path: "/maintenance-schedules",
  tag: "Maintenance",
  summary: "Create a recurring schedule",
  description: "Its occurrences become maintenance windows 14 days ahead (at least the next one).",
  permission: "edit",
  body: scheduleInput,
  response: maintenanceSchedule,
  status: 201,
});

export const updateMaintenanceScheduleOp = defineOperation({
  id: "updateMaintenanceSchedule",
  method: "PATCH",
  path: "/maintenance-schedules/{id}",
  tag: "Maintenance",
  summary: "Change a schedule",
  description: "Fields left out keep their values. Occurrences that have not started are replaced; past and running ones stay.",
  permission: "edit",
  params: byId,
  body: schedulePatch,
  response: maintenanceSchedule,
  conflict: true,
});

export const archiveMaintenanceScheduleOp = defineOperation({
  id: "archiveMaintenanceSchedule",
  method: "DELETE",
  path: "/maintenance-schedules/{id}",
  tag: "Maintenance",
  summary: "Archive a schedule",
  description: "Its occurrences that have not started are removed; past and running ones stay.",
  permission: "edit",
  params: byId,
  response: maintenanceSchedule,
  conflict: true,
});
