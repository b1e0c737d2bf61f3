import { apiRoute } from "@/lib/api/handler";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { listAuditOp } from "@/lib/api/operations/audit";
import { resultCursor as idCursor } from "@/lib/api/operations/monitors";
import { listAudit } from "@/lib/audit/log";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listAuditOp, async ({ db, query }) => {
  const at = decodeCursor(idCursor, query.cursor);
  const r = await listAudit(db, { before: at?.before, limit: query.limit, entity: query.entity, entityId: query.entityId });
  return { items: r.entries, next_cursor: r.next === null ? null : encodeCursor({ before: r.next }) };
});
