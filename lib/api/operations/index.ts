/** Every /api/v1 operation: the OpenAPI document lists exactly these (a test checks each route file is one). */
import type { Operation } from "../operation";
import { listApiKeysOp, revokeApiKeyOp } from "./api-keys";
import { listAuditOp } from "./audit";
import { componentStatsOp, getComponentOp, listComponentGroupsOp, listComponentsOp } from "./components";
import { closeDraftsOp, createIncidentOp, editIncidentOp, getIncidentOp, listIncidentsOp, postIncidentUpdateOp, publishIncidentOp, savePostmortemOp, scheduleMaintenanceOp } from "./incidents";
import { getMonitorOp, listMonitorsOp, listResultsOp, monitorStatsOp } from "./monitors";
import { listSubscribersOp, removeSubscriberOp } from "./subscribers";

export const OPERATIONS: readonly Operation[] = [
  listIncidentsOp,
  createIncidentOp,
  getIncidentOp,
  editIncidentOp,
  postIncidentUpdateOp,
  publishIncidentOp,
  savePostmortemOp,
  closeDraftsOp,
  scheduleMaintenanceOp,
  listComponentsOp,
  getComponentOp,
  componentStatsOp,
  listComponentGroupsOp,
  listMonitorsOp,
  getMonitorOp,
  listResultsOp,
  monitorStatsOp,
  listSubscribersOp,
  removeSubscriberOp,
  listAuditOp,
  listApiKeysOp,
  revokeApiKeyOp,
];
