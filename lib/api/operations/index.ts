/** Every /api/v1 operation: the OpenAPI document lists exactly these (a test checks each route file is one). */
import type { Operation } from "../operation";
import { listApiKeysOp, revokeApiKeyOp } from "./api-keys";
import { listAuditOp } from "./audit";
import { componentStatsOp, getComponentOp, listComponentGroupsOp, listComponentsOp } from "./components";
import { createIncidentOp, editIncidentOp, getIncidentOp, listIncidentsOp, postIncidentUpdateOp, publishIncidentOp, scheduleMaintenanceOp } from "./incidents";
import { archiveMonitorOp, createMonitorOp, getMonitorOp, listMonitorsOp, listResultsOp, monitorStatsOp, pauseMonitorOp, resumeMonitorOp, updateMonitorOp } from "./monitors";
import { slaReportOp } from "./reports";
import { listSubscribersOp, removeSubscriberOp } from "./subscribers";

export const OPERATIONS: readonly Operation[] = [
  listIncidentsOp,
  createIncidentOp,
  getIncidentOp,
  editIncidentOp,
  postIncidentUpdateOp,
  publishIncidentOp,
  scheduleMaintenanceOp,
  listComponentsOp,
  getComponentOp,
  componentStatsOp,
  listComponentGroupsOp,
  listMonitorsOp,
  getMonitorOp,
  listResultsOp,
  monitorStatsOp,
  createMonitorOp,
  updateMonitorOp,
  archiveMonitorOp,
  pauseMonitorOp,
  resumeMonitorOp,
  slaReportOp,
  listSubscribersOp,
  removeSubscriberOp,
  listAuditOp,
  listApiKeysOp,
  revokeApiKeyOp,
];
