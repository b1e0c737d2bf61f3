import { apiRoute } from "@/lib/api/handler";
import { testChannelOp } from "@/lib/api/operations/channels";
import { sendTestMessage } from "@/lib/notify/test-message";

export const dynamic = "force-dynamic";

export const POST = apiRoute(testChannelOp, ({ db, actor, params }) => sendTestMessage(db, actor, params.key));
