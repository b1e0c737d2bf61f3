import { recordAudit } from "@/lib/audit/log";
import { apiRoute } from "@/lib/api/handler";
import { editIncidentOp, getIncidentOp, incidentAnswer } from "@/lib/api/operations/incidents";
import { editIncident } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getIncidentOp, ({ db, params }) => incidentAnswer(db, params.id));

export const PATCH = apiRoute(editIncidentOp, async ({ db, actor, params, body }) => {
  const before = await incidentAnswer(db, params.id);
  await editIncident(db, params.id, body);
  await recordAudit(db, actor, { action: "incident.edit", entity: "incident", entityId: params.id, before: { title: before.title, impact: before.impact }, after: body });
  return incidentAnswer(db, params.id);
});
