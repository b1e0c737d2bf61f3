import { apiRoute } from "@/lib/api/handler";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { listSubscribersOp } from "@/lib/api/operations/subscribers";
import { resultCursor as idCursor } from "@/lib/api/operations/monitors";
import { listSubscribers } from "@/lib/subscriptions/admin";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listSubscribersOp, async ({ db, query }) => {
  const at = decodeCursor(idCursor, query.cursor);
  const r = await listSubscribers(db, { search: query.search, kind: query.kind, state: query.state, beforeId: at?.before, limit: query.limit });
  return { items: r.items, next_cursor: r.next === null ? null : encodeCursor({ before: r.next }) };
});
