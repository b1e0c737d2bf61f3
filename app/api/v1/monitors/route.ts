import { apiRoute } from "@/lib/api/handler";
import { createMonitorOp, listMonitorsOp, monitorAnswer, monitorDetailAnswer } from "@/lib/api/operations/monitors";
import { listMonitorOverviews } from "@/lib/dashboard/monitors";
import { createMonitor } from "@/lib/monitors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listMonitorsOp, async ({ db }) => ({ items: (await listMonitorOverviews(db)).map((m) => monitorAnswer(m, m.windows)) }));

export const POST = apiRoute(createMonitorOp, async ({ db, actor, body }) => monitorDetailAnswer(db, (await createMonitor(db, actor, body)).key));
