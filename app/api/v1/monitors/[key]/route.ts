import { apiRoute } from "@/lib/api/handler";
import { getMonitorOp, monitorAnswer } from "@/lib/api/operations/monitors";
import { monitorDetail } from "@/lib/dashboard/monitors";
import { UserError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getMonitorOp, async ({ db, params }) => {
  const d = await monitorDetail(db, params.key);
  if (!d) throw new UserError("not_found", `There is no monitor with key "${params.key}".`);
  const m = d.monitor;
  const overview = { ...m, since: m.since ?? null, lastMessage: m.lastMessage ?? null, lastResultAt: m.lastResultAt ?? null, warning: m.warning ?? null, flapping: m.flapping ?? 0 };
  return { ...monitorAnswer(overview, d.windows), transitions: d.transitions };
});
