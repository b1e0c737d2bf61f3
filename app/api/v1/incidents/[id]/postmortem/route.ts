import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer, savePostmortemOp } from "@/lib/api/operations/incidents";
import { savePostmortem } from "@/lib/incidents/postmortem";

export const dynamic = "force-dynamic";

export const POST = apiRoute(savePostmortemOp, async ({ db, actor, params, body }) => {
  await savePostmortem(db, actor, params.id, body);
  return incidentAnswer(db, params.id);
});
