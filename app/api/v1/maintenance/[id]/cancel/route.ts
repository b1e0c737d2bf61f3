import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer } from "@/lib/api/operations/incidents";
import { cancelMaintenanceOp } from "@/lib/api/operations/maintenance";
import { endWindow } from "@/lib/maintenance/one-off";

export const dynamic = "force-dynamic";

export const POST = apiRoute(cancelMaintenanceOp, async ({ db, actor, params }) => {
  await endWindow(db, actor, params.id);
  return incidentAnswer(db, params.id);
});
