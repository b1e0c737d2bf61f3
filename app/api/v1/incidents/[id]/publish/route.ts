import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer, publishIncidentOp } from "@/lib/api/operations/incidents";
import { publishIncident } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const POST = apiRoute(publishIncidentOp, async ({ db, actor, params, body }) => {
  await publishIncident(db, actor, params.id, body.published);
  return incidentAnswer(db, params.id);
});
