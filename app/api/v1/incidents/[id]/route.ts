import { apiRoute } from "@/lib/api/handler";
import { editIncidentOp, getIncidentOp, incidentAnswer } from "@/lib/api/operations/incidents";
import { editIncident } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getIncidentOp, ({ db, params }) => incidentAnswer(db, params.id));

export const PATCH = apiRoute(editIncidentOp, async ({ db, actor, params, body }) => {
  await editIncident(db, actor, params.id, body);
  return incidentAnswer(db, params.id);
});
