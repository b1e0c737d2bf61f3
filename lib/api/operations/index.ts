/** Every /api/v1 operation: the OpenAPI document lists exactly these (a test checks each route file is one). */
import type { Operation } from "../operation";
import { listApiKeysOp, revokeApiKeyOp } from "./api-keys";
import { listAuditOp } from "./audit";
import { archiveChannelOp, archivePolicyOp, createChannelOp, createPolicyOp, getChannelOp, listChannelsOp, listPoliciesOp, testChannelOp, updateChannelOp, updatePolicyOp } from "./channels";
import { componentStatsOp, getComponentOp, listComponentGroupsOp, listComponentsOp } from "./components";
import { createIncidentOp, editIncidentOp, getIncidentOp, listIncidentsOp, postIncidentUpdateOp, publishIncidentOp, scheduleMaintenanceOp } from "./incidents";
import { getMonitorOp, listMonitorsOp, listResultsOp, monitorStatsOp } from "./monitors";
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
  listSubscribersOp,
  removeSubscriberOp,
  listAuditOp,
  listApiKeysOp,
  revokeApiKeyOp,
  listChannelsOp,
  createChannelOp,
  getChannelOp,
  updateChannelOp,
  archiveChannelOp,
  testChannelOp,
  listPoliciesOp,
  createPolicyOp,
  updatePolicyOp,
  archivePolicyOp,
];
