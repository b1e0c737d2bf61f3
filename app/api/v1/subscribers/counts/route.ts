import { apiRoute } from "@/lib/api/handler";
import { subscriberCountsOp } from "@/lib/api/operations/subscribers";
import { subscriberCounts } from "@/lib/subscriptions/admin";

export const dynamic = "force-dynamic";

export const GET = apiRoute(subscriberCountsOp, ({ db }) => subscriberCounts(db));
