import { apiRoute } from "@/lib/api/handler";
import { monitorDetailAnswer, resumeMonitorOp } from "@/lib/api/operations/monitors";
import { resumeMonitor } from "@/lib/monitors";

export const dynamic = "force-dynamic";

export const POST = apiRoute(resumeMonitorOp, async ({ db, actor, params }) => monitorDetailAnswer(db, (await resumeMonitor(db, actor, params.key)).key));
