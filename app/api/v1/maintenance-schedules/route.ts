import { apiRoute } from "@/lib/api/handler";
import { createMaintenanceScheduleOp, listMaintenanceSchedulesOp } from "@/lib/api/operations/maintenance";
import { createSchedule, getSchedule, listSchedules } from "@/lib/maintenance/schedules";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listMaintenanceSchedulesOp, async ({ db, query }) => ({ items: await listSchedules(db, { archived: query.archived === "true" }) }));

export const POST = apiRoute(createMaintenanceScheduleOp, async ({ db, actor, body }) => getSchedule(db, await createSchedule(db, actor, body)));
