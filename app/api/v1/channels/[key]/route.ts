import { apiRoute } from "@/lib/api/handler";
import { archiveChannelOp, getChannelOp, updateChannelOp } from "@/lib/api/operations/channels";
import { API_VIEW, getChannelView } from "@/lib/notify/channels";
import { archiveChannel, updateChannel } from "@/lib/notify/manage";

export const dynamic = "force-dynamic";

export const GET = apiRoute(getChannelOp, ({ db, params }) => getChannelView(db, params.key, API_VIEW));

export const PATCH = apiRoute(updateChannelOp, async ({ db, actor, params, body }) => {
  await updateChannel(db, actor, params.key, body);
  return getChannelView(db, params.key, API_VIEW);
});

export const DELETE = apiRoute(archiveChannelOp, async ({ db, actor, params }) => {
  await archiveChannel(db, actor, params.key);
  return { key: params.key, archived: true as const };
});
