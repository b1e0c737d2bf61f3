import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer, postIncidentUpdateOp } from "@/lib/api/operations/incidents";
import { postUpdate } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const POST = apiRoute(postIncidentUpdateOp, async ({ db, actor, params, body }) => {
  await postUpdate(db, actor, params.id, body);
  return incidentAnswer(db, params.id);
});
