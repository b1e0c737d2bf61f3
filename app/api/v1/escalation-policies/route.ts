import { apiRoute } from "@/lib/api/handler";
import { createPolicyOp, listPoliciesOp } from "@/lib/api/operations/channels";
import { createPolicy, getPolicyView, listPolicyViews } from "@/lib/notify/policies";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listPoliciesOp, async ({ db }) => ({ items: await listPolicyViews(db) }));

export const POST = apiRoute(createPolicyOp, async ({ db, actor, body }) => {
  const row = await createPolicy(db, actor, body);
  return getPolicyView(db, row.key);
});
