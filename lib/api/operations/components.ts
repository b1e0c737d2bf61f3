/** /api/v1 components and groups: the team's view, and the changes of lib/components. */
import { z } from "zod";
import { componentChangesSchema, componentInputSchema, groupChangesSchema, groupInputSchema } from "../../components/entry";
import { ORIGINS } from "../../db/schema/component-groups";
import { defineOperation } from "../operation";
import { keyParam } from "../schemas";
import { statsOutput, statsQuery } from "./stats";

const origin = z.enum(ORIGINS).meta({ description: "config: declared in status.config.yaml (read-only here); ui: created in the dashboard or the API." });

export const component = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  group: z.string().nullable().meta({ description: "The group's key." }),
  isPublic: z.boolean(),
  showLatency: z.boolean().meta({ description: "A response-time line on the public page." }),
  publishIncidents: z.boolean().meta({ description: "Incidents its monitors open are published at once." }),
  displayOrder: z.number().int(),
  origin,
  monitors: z.array(z.string()).meta({ description: "Keys of its monitors." }),
});

export const componentGroup = z.object({ id: z.number().int(), key: z.string(), name: z.string(), displayOrder: z.number().int(), origin });

const byKey = z.object({ key: keyParam });
const CONFIG_NOTE = "An entry declared in status.config.yaml (origin config) is read-only here: 409, change it in the file.";

export const listComponentsOp = defineOperation({
  id: "listComponents",
  method: "GET",
  path: "/components",
  tag: "Components",
  summary: "List components in page order (private ones included)",
  permission: "read",
  response: z.object({ items: z.array(component) }),
});

export const getComponentOp = defineOperation({
  id: "getComponent",
  method: "GET",
  path: "/components/{key}",
  tag: "Components",
  summary: "One component",
  permission: "read",
  params: byKey,
  response: component,
});

export const componentStatsOp = defineOperation({
  id: "getComponentStats",
  method: "GET",
  path: "/components/{key}/stats",
  tag: "Components",
  summary: "Uptime and latency of a component's monitors together over a range",
  permission: "read",
  params: byKey,
  query: statsQuery,
  response: statsOutput,
});

export const listComponentGroupsOp = defineOperation({
  id: "listComponentGroups",
  method: "GET",
  path: "/component-groups",
  tag: "Components",
  summary: "List component groups in page order",
  permission: "read",
  response: z.object({ items: z.array(componentGroup) }),
});

export const createComponentOp = defineOperation({
  id: "createComponent",
  method: "POST",
  path: "/components",
  tag: "Components",
  summary: "Create a component",
  description: "The fields of a component in status.config.yaml, plus `order`. A key a live component holds is a 409; an archived component's key is taken over with its history.",
  permission: "edit",
  body: componentInputSchema,
  response: component,
  status: 201,
  conflict: true,
});

export const updateComponentOp = defineOperation({
  id: "updateComponent",
  method: "PATCH",
  path: "/components/{key}",
  tag: "Components",
  summary: "Change a component",
  description: `Fields left out keep their value; \`group: null\` takes it out of its group. The key does not change. ${CONFIG_NOTE}`,
  permission: "edit",
  params: byKey,
  body: componentChangesSchema,
  response: component,
  conflict: true,
});

export const archiveComponentOp = defineOperation({
  id: "archiveComponent",
  method: "DELETE",
  path: "/components/{key}",
  tag: "Components",
  summary: "Archive a component",
  description: `It leaves the pages; its incidents keep naming it and its key may be used again. 409 while live monitors point to it (the message names them). ${CONFIG_NOTE}`,
  permission: "edit",
  params: byKey,
  response: z.object({ key: z.string(), archived: z.literal(true) }),
  conflict: true,
});

export const createComponentGroupOp = defineOperation({
  id: "createComponentGroup",
  method: "POST",
  path: "/component-groups",
  tag: "Components",
  summary: "Create a component group",
  description: "The fields of a group in status.config.yaml, plus `order`. Keys as for components.",
  permission: "edit",
  body: groupInputSchema,
  response: componentGroup,
  status: 201,
  conflict: true,
});

export const updateComponentGroupOp = defineOperation({
  id: "updateComponentGroup",
  method: "PATCH",
  path: "/component-groups/{key}",
  tag: "Components",
  summary: "Rename or move a component group",
  description: CONFIG_NOTE,
  permission: "edit",
  params: byKey,
  body: groupChangesSchema,
  response: componentGroup,
  conflict: true,
});

export const archiveComponentGroupOp = defineOperation({
  id: "archiveComponentGroup",
  method: "DELETE",
  path: "/component-groups/{key}",
  tag: "Components",
  summary: "Archive a component group",
  description: `409 while it holds live components (the message names them): move them out or archive them first. ${CONFIG_NOTE}`,
  permission: "edit",
  params: byKey,
  response: z.object({ key: z.string(), archived: z.literal(true) }),
  conflict: true,
});
