import { apiRoute } from "@/lib/api/handler";
import { createComponentGroupOp, listComponentGroupsOp } from "@/lib/api/operations/components";
import { createGroup } from "@/lib/components";
import { findComponentGroup, listComponentGroups } from "@/lib/dashboard/components";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listComponentGroupsOp, async ({ db }) => ({ items: await listComponentGroups(db) }));

export const POST = apiRoute(createComponentGroupOp, async ({ db, actor, body }) => {
  const row = await createGroup(db, actor, body);
  return (await findComponentGroup(db, row.key))!;
});
