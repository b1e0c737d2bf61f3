import { apiRoute } from "@/lib/api/handler";
import { createChannelOp, listChannelsOp } from "@/lib/api/operations/channels";
import { API_VIEW, getChannelView, listChannelViews } from "@/lib/notify/channels";
import { createChannel } from "@/lib/notify/manage";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listChannelsOp, async ({ db }) => ({ items: await listChannelViews(db, undefined, API_VIEW) }));

export const POST = apiRoute(createChannelOp, async ({ db, actor, body }) => {
  const row = await createChannel(db, actor, body);
  return getChannelView(db, row.key, API_VIEW);
});
