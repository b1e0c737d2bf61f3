import { apiRoute } from "@/lib/api/handler";
import { archiveMaintenanceScheduleOp, updateMaintenanceScheduleOp } from "@/lib/api/operations/maintenance";
import { archiveSchedule, getSchedule, updateSchedule } from "@/lib/maintenance/schedules";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(updateMaintenanceScheduleOp, async ({ db, actor, params, body }) => {
  await updateSchedule(db, actor, params.id, body);
  return getSchedule(db, params.id);
});

export const DELETE = apiRoute(archiveMaintenanceScheduleOp, async ({ db, actor, params }) => {
  await archiveSchedule(db, actor, params.id);
  return getSchedule(db, params.id);
});
