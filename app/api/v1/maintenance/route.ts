import { apiRoute } from "@/lib/api/handler";
import { incidentAnswer } from "@/lib/api/operations/incidents";
import { listMaintenanceOp, scheduleMaintenanceOp } from "@/lib/api/operations/maintenance";
import { listOpenWindows, scheduleWindow } from "@/lib/maintenance/one-off";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listMaintenanceOp, async ({ db }) => ({ items: await listOpenWindows(db) }));

export const POST = apiRoute(scheduleMaintenanceOp, async ({ db, actor, body }) => incidentAnswer(db, await scheduleWindow(db, actor, body)));
