/**
 * Monitors as the dashboard and the API manage them: each verb takes (db, actor, input), validates
 * with the config file's own schema, refuses to change a monitor the config file declares (pause
 * and resume excepted), and writes its audit entry in the same batch as the change.
 */
export { createMonitor } from "./create";
export { updateMonitor } from "./update";
export { archiveMonitor } from "./archive";
export { pauseMonitor, resumeMonitor } from "./pause";
export { MAX_MONITOR_ENTRY_CHARS } from "./entry";
export { listActiveMonitors, monitorByKey, type MonitorRow } from "./store";
