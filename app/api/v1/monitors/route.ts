import { apiRoute } from "@/lib/api/handler";
import { listMonitorsOp, monitorAnswer } from "@/lib/api/operations/monitors";
import { listMonitorOverviews } from "@/lib/dashboard/monitors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listMonitorsOp, async ({ db }) => ({ items: (await listMonitorOverviews(db)).map((m) => monitorAnswer(m, m.windows)) }));
