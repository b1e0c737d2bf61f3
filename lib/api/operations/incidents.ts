/** /api/v1 incidents and maintenance: the team's view and the changes of lib/incidents/manage.ts. */
import { z } from "zod";
import { ALL_INCIDENT_STATUSES, COMPONENT_IMPACTS, INCIDENT_IMPACTS, INCIDENT_KINDS } from "../../db/schema/incidents";
import type { Db } from "../../db/client";
import { UserError } from "../../errors";
import { createIncidentInput, editIncidentInput, getIncident, postUpdateInput } from "../../incidents/manage";
import { closeDraftsInput } from "../../incidents/close-drafts";
import { savePostmortemInput } from "../../incidents/postmortem";
import { defineOperation } from "../operation";
import { idParam, page, pageQuery, time } from "../schemas";

const incidentFields = {
  id: z.number().int(),
  title: z.string(),
  kind: z.enum(INCIDENT_KINDS),
  status: z.enum(ALL_INCIDENT_STATUSES),
  impact: z.enum(INCIDENT_IMPACTS),
  source: z.enum(["auto", "manual"]).meta({ description: "auto: opened by a monitor; manual: by the team." }),
  published: z.boolean().meta({ description: "Shown on the public status page." }),
  startedAt: time,
  resolvedAt: time.nullable(),
  scheduledFor: time.nullable().meta({ description: "Maintenance: the window's start." }),
  scheduledUntil: time.nullable().meta({ description: "Maintenance: the window's end." }),
  updatedAt: time,
};

export const incidentSummary = z.object({ ...incidentFields, components: z.array(z.string()).meta({ description: "Names of the affected components." }) });

export const incidentDetail = z.object({
  ...incidentFields,
  mergedInto: z.number().int().nullable().meta({ description: "The incident this automatic one was merged into." }),
  dismissedAt: time.nullable().meta({ description: "Dismissed as no incident (an automatic draft): resolved, never published." }),
  postmortemBody: z.string().nullable().meta({ description: "Markdown; a draft until postmortemPublishedAt is set." }),
  postmortemUpdatedAt: time.nullable(),
  postmortemPublishedAt: time.nullable().meta({ description: "Shown on the public page and in /api/v2 from then on." }),
  updates: z.array(z.object({ id: z.number().int(), status: z.enum(ALL_INCIDENT_STATUSES), body: z.string().meta({ description: "Markdown." }), createdAt: time })).meta({ description: "Timeline, newest first." }),
  components: z.array(z.object({ id: z.number().int(), name: z.string(), impact: z.enum(COMPONENT_IMPACTS), isPublic: z.boolean() })),
  mergedFrom: z.array(z.object({ id: z.number().int(), title: z.string() })),
});

const byId = z.object({ id: idParam });

export const listIncidentsOp = defineOperation({
  id: "listIncidents",
  method: "GET",
  path: "/incidents",
  tag: "Incidents",
  summary: "List incidents or maintenance",
  description: "Open ones first (newest first; maintenance soonest first), then closed ones newest first. Merged incidents are left out.",
  permission: "read",
  query: z.object({ kind: z.enum(INCIDENT_KINDS).default("incident"), ...pageQuery }),
  response: page(incidentSummary),
});

export const getIncidentOp = defineOperation({
  id: "getIncident",
  method: "GET",
  path: "/incidents/{id}",
  tag: "Incidents",
  summary: "One incident or maintenance with its timeline",
  permission: "read",
  params: byId,
  response: incidentDetail,
});

export const createIncidentOp = defineOperation({
  id: "createIncident",
  method: "POST",
  path: "/incidents",
  tag: "Incidents",
  summary: "Open an incident",
  permission: "edit",
  body: createIncidentInput,
  response: incidentDetail,
  status: 201,
});

export const editIncidentOp = defineOperation({
  id: "editIncident",
  method: "PATCH",
  path: "/incidents/{id}",
  tag: "Incidents",
  summary: "Change title, impact, affected components or a maintenance window",
  permission: "edit",
  params: byId,
  body: editIncidentInput,
  response: incidentDetail,
  conflict: true,
});

export const postIncidentUpdateOp = defineOperation({
  id: "postIncidentUpdate",
  method: "POST",
  path: "/incidents/{id}/updates",
  tag: "Incidents",
  summary: "Post a timeline update (and move the status)",
  permission: "edit",
  params: byId,
  body: postUpdateInput,
  response: incidentDetail,
  status: 201,
  conflict: true,
});

export const publishIncidentOp = defineOperation({
  id: "publishIncident",
  method: "POST",
  path: "/incidents/{id}/publish",
  tag: "Incidents",
  summary: "Show or hide it on the public status page",
  permission: "edit",
  params: byId,
  body: z.object({ published: z.boolean({ error: "Send published: true to show it, false to hide it." }) }),
  response: incidentDetail,
  conflict: true,
});

export const savePostmortemOp = defineOperation({
  id: "savePostmortem",
  method: "POST",
  path: "/incidents/{id}/postmortem",
  tag: "Incidents",
  summary: "Write or publish the postmortem of a resolved incident",
  description: "Markdown. publish: true publishes it (the first time, subscribers of a published incident are told once); later saves edit the published text.",
  permission: "edit",
  params: byId,
  body: savePostmortemInput,
  response: incidentDetail,
  conflict: true,
});

export const closeDraftsOp = defineOperation({
  id: "closeDrafts",
  method: "POST",
  path: "/incidents/close-drafts",
  tag: "Incidents",
  summary: "Resolve or dismiss automatic drafts in bulk",
  description: "mode resolve closes them; dismiss also marks them as no incident, never to be published. Each gets a timeline entry with the note. Ids that are no longer open automatic drafts are skipped.",
  permission: "edit",
  body: closeDraftsInput,
  response: z.object({ closed: z.array(z.number().int()), skipped: z.array(z.number().int()) }),
  conflict: true,
});

/** The detail answer of one incident; not_found when there is none. */
export async function incidentAnswer(db: Db, id: number): Promise<z.input<typeof incidentDetail>> {
  const d = await getIncident(db, id);
  if (!d) throw new UserError("not_found", `There is no incident #${id}: it may have been deleted.`);
  return { ...d.incident, updates: d.updates, components: d.components, mergedFrom: d.mergedFrom };
}

/** A page of listIncidents: its page number and size travel in the cursor. */
export const incidentCursor = z.object({ page: z.number().int().min(2), limit: z.number().int().min(1).max(200) });
