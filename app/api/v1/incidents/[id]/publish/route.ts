import { recordAudit } from "@/lib/audit/log";
import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer, publishIncidentOp } from "@/lib/api/operations/incidents";
import { publishIncident } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const POST = apiRoute(publishIncidentOp, async ({ db, actor, params, body }) => {
  await publishIncident(db, params.id, body.published);
  await recordAudit(db, actor, { action: body.published ? "incident.publish" : "incident.unpublish", entity: "incident", entityId: params.id, after: body });
  return incidentAnswer(db, params.id);
});
