import { apiRoute } from "@/lib/api/handler";
import { archiveComponentOp, getComponentOp, updateComponentOp } from "@/lib/api/operations/components";
import { archiveComponent, updateComponent } from "@/lib/components";
import { findComponent } from "@/lib/dashboard/components";
import { UserError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getComponentOp, async ({ db, params }) => {
  const c = await findComponent(db, params.key);
  if (!c) throw new UserError("not_found", `There is no component with key "${params.key}".`);
  return c;
});

export const PATCH = apiRoute(updateComponentOp, async ({ db, actor, params, body }) => {
  const row = await updateComponent(db, actor, { ...body, key: params.key });
  return (await findComponent(db, row.key))!;
});

export const DELETE = apiRoute(archiveComponentOp, async ({ db, actor, params }) => {
  await archiveComponent(db, actor, params.key);
  return { key: params.key, archived: true as const };
});
