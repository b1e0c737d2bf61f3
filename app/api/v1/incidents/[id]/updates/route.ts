import { recordAudit } from "@/lib/audit/log";
import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer, postIncidentUpdateOp } from "@/lib/api/operations/incidents";
import { postUpdate } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const POST = apiRoute(postIncidentUpdateOp, async ({ db, actor, params, body }) => {
  await postUpdate(db, params.id, body);
  await recordAudit(db, actor, { action: "incident.update", entity: "incident", entityId: params.id, after: body });
  return incidentAnswer(db, params.id);
});
