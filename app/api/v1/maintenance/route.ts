import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer, scheduleMaintenanceOp } from "@/lib/api/operations/incidents";
import { scheduleMaintenance } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const POST = apiRoute(scheduleMaintenanceOp, async ({ db, actor, body }) => {
  const id = await scheduleMaintenance(db, actor, body);
  return incidentAnswer(db, id);
});
