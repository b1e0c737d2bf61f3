import { apiRoute } from "@/lib/api/handler";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { createIncidentOp, incidentAnswer, incidentCursor, listIncidentsOp } from "@/lib/api/operations/incidents";
import { createIncident, listIncidents } from "@/lib/incidents/manage";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listIncidentsOp, async ({ db, query }) => {
  const at = decodeCursor(incidentCursor, query.cursor) ?? { page: 1, limit: query.limit };
  const r = await listIncidents(db, { kind: query.kind, page: at.page, pageSize: at.limit });
  return { items: r.items, next_cursor: r.hasMore ? encodeCursor({ page: r.page + 1, limit: at.limit }) : null };
});

export const POST = apiRoute(createIncidentOp, async ({ db, actor, body }) => {
  const id = await createIncident(db, actor, body);
  return incidentAnswer(db, id);
});
