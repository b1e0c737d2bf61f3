/** Every /api/v1 operation: the OpenAPI document lists exactly these (a test checks each route file is one). */
import type { Operation } from "../operation";
import { listApiKeysOp, revokeApiKeyOp } from "./api-keys";
import { listAuditOp } from "./audit";
import { archiveChannelOp, archivePolicyOp, createChannelOp, createPolicyOp, getChannelOp, listChannelsOp, listPoliciesOp, testChannelOp, updateChannelOp, updatePolicyOp } from "./channels";
import {
  archiveComponentGroupOp,
  archiveComponentOp,
  componentStatsOp,
  createComponentGroupOp,
  createComponentOp,
  getComponentOp,
  listComponentGroupsOp,
  listComponentsOp,
  updateComponentGroupOp,
  updateComponentOp,
} from "./components";
import { createIncidentOp, editIncidentOp, getIncidentOp, listIncidentsOp, postIncidentUpdateOp, publishIncidentOp } from "./incidents";
import {
  archiveMaintenanceScheduleOp,
  cancelMaintenanceOp,
  createMaintenanceScheduleOp,
  listMaintenanceOp,
  listMaintenanceSchedulesOp,
  scheduleMaintenanceOp,
  updateMaintenanceScheduleOp,
} from "./maintenance";
import { archiveMonitorOp, createMonitorOp, getMonitorOp, listMonitorsOp, listResultsOp, monitorStatsOp, pauseMonitorOp, resumeMonitorOp, updateMonitorOp } from "./monitors";
import { slaReportOp } from "./reports";
import { createProbeTokenOp, createRegionOp, listProbeTokensOp, listRegionsOp, revokeProbeTokenOp } from "./probes";
import { exportSubscribersOp, listSubscribersOp, removeSubscriberOp, subscriberCountsOp } from "./subscribers";

export const OPERATIONS: readonly Operation[] = [
  listIncidentsOp,
  createIncidentOp,
  getIncidentOp,
  editIncidentOp,
  postIncidentUpdateOp,
  publishIncidentOp,
  listMaintenanceOp,
  scheduleMaintenanceOp,
  cancelMaintenanceOp,
  listMaintenanceSchedulesOp,
  createMaintenanceScheduleOp,
  updateMaintenanceScheduleOp,
  archiveMaintenanceScheduleOp,
  listComponentsOp,
  getComponentOp,
  componentStatsOp,
  listComponentGroupsOp,
  createComponentOp,
  updateComponentOp,
  archiveComponentOp,
  createComponentGroupOp,
  updateComponentGroupOp,
  archiveComponentGroupOp,
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
  subscriberCountsOp,
  exportSubscribersOp,
  listRegionsOp,
  createRegionOp,
  listProbeTokensOp,
  createProbeTokenOp,
  revokeProbeTokenOp,
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
