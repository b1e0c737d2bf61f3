import { apiRoute } from "@/lib/api/handler";
import { removeSubscriberOp } from "@/lib/api/operations/subscribers";
import { removeSubscriber } from "@/lib/subscriptions/admin";

export const dynamic = "force-dynamic";

export const DELETE = apiRoute(removeSubscriberOp, async ({ db, actor, params }) => {
  await removeSubscriber(db, actor, params.id);
  return { id: params.id, removed: true as const };
});
