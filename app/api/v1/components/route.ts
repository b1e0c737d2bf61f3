import { apiRoute } from "@/lib/api/handler";
import { createComponentOp, listComponentsOp } from "@/lib/api/operations/components";
import { createComponent } from "@/lib/components";
import { findComponent, listComponents } from "@/lib/dashboard/components";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listComponentsOp, async ({ db }) => ({ items: await listComponents(db) }));

export const POST = apiRoute(createComponentOp, async ({ db, actor, body }) => {
  const row = await createComponent(db, actor, body);
  return (await findComponent(db, row.key))!;
});
