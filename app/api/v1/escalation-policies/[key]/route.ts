import { apiRoute } from "@/lib/api/handler";
import { archivePolicyOp, updatePolicyOp } from "@/lib/api/operations/channels";
import { archivePolicy, getPolicyView, updatePolicy } from "@/lib/notify/policies";

export const dynamic = "force-dynamic";

export const PATCH = apiRoute(updatePolicyOp, async ({ db, actor, params, body }) => {
  await updatePolicy(db, actor, params.key, body);
  return getPolicyView(db, params.key);
});

export const DELETE = apiRoute(archivePolicyOp, async ({ db, actor, params }) => {
  await archivePolicy(db, actor, params.key);
  return { key: params.key, archived: true as const };
});
