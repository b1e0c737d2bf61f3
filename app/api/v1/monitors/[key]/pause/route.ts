import { apiRoute } from "@/lib/api/handler";
import { monitorDetailAnswer, pauseMonitorOp } from "@/lib/api/operations/monitors";
import { pauseMonitor } from "@/lib/monitors";

export const dynamic = "force-dynamic";

export const POST = apiRoute(pauseMonitorOp, async ({ db, actor, params }) => monitorDetailAnswer(db, (await pauseMonitor(db, actor, params.key)).key));
