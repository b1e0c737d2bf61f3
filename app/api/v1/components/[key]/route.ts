import { apiRoute } from "@/lib/api/handler";
import { getComponentOp } from "@/lib/api/operations/components";
import { findComponent } from "@/lib/dashboard/components";
import { UserError } from "@/lib/errors";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getComponentOp, async ({ db, params }) => {
  const c = await findComponent(db, params.key);
  if (!c) throw new UserError("not_found", `There is no component with key "${params.key}".`);
  return c;
});
