import { apiRoute } from "@/lib/api/handler";
import { archiveMonitorOp, getMonitorOp, mergePatch, monitorDetailAnswer, updateMonitorOp } from "@/lib/api/operations/monitors";
import { fieldError } from "@/lib/errors";
import { archiveMonitor, monitorByKey, updateMonitor } from "@/lib/monitors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getMonitorOp, ({ db, params }) => monitorDetailAnswer(db, params.key));

export const PATCH = apiRoute(updateMonitorOp, async ({ db, actor, params, body }) => {
  if (body.key !== undefined && body.key !== params.key) throw fieldError("key", "A key cannot change: create a new monitor with the new key and archive this one.");
  const current = await monitorByKey(db, params.key);
  // The service refuses an unknown or config-declared monitor before it looks at the entry.
  const row = await updateMonitor(db, actor, { ...mergePatch(current?.spec ?? {}, body), key: params.key });
  return monitorDetailAnswer(db, row.key);
});

export const DELETE = apiRoute(archiveMonitorOp, async ({ db, actor, params }) => {
  await archiveMonitor(db, actor, params.key);
  return { key: params.key, archived: true as const };
});
