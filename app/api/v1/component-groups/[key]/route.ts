import { apiRoute } from "@/lib/api/handler";
import { archiveComponentGroupOp, updateComponentGroupOp } from "@/lib/api/operations/components";
import { archiveGroup, updateGroup } from "@/lib/components";
import { findComponentGroup } from "@/lib/dashboard/components";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(updateComponentGroupOp, async ({ db, actor, params, body }) => {
  const row = await updateGroup(db, actor, { ...body, key: params.key });
  return (await findComponentGroup(db, row.key))!;
});

export const DELETE = apiRoute(archiveComponentGroupOp, async ({ db, actor, params }) => {
  await archiveGroup(db, actor, params.key);
  return { key: params.key, archived: true as const };
});
