/**
 * Components and groups as the dashboard and the API manage them: each verb takes (db, actor,
 * input), validates with the config file's own fields, refuses to change an entry the config file
 * declares, and writes its audit entry in the same batch as the change.
 */
export { createComponent, createGroup } from "./create";
export { updateComponent, updateGroup } from "./update";
export { archiveComponent, archiveGroup } from "./archive";
export { componentByKey, groupByKey, type ComponentRow, type GroupRow } from "./entry";
