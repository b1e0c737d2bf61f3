/** /api/v1 components and groups (read). */
import { z } from "zod";
import { defineOperation } from "../operation";
import { keyParam } from "../schemas";
import { statsOutput, statsQuery } from "./stats";

export const component = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  group: z.string().nullable().meta({ description: "The group's key." }),
  isPublic: z.boolean(),
  displayOrder: z.number().int(),
  monitors: z.array(z.string()).meta({ description: "Keys of its monitors." }),
});

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
  params: z.object({ key: keyParam }),
  response: component,
});

export const componentStatsOp = defineOperation({
  id: "getComponentStats",
  method: "GET",
  path: "/components/{key}/stats",
  tag: "Components",
  summary: "Uptime and latency of a component's monitors together over a range",
  permission: "read",
  params: z.object({ key: keyParam }),
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
  response: z.object({ items: z.array(z.object({ id: z.number().int(), key: z.string(), name: z.string(), displayOrder: z.number().int() })) }),
});
