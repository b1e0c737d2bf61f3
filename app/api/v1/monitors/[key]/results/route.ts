import { apiRoute } from "@/lib/api/handler";
import { decodeCursor, encodeCursor } from "@/lib/api/cursor";
import { listResultsOp, MAX_RESULTS_SPAN_MS, resultAnswer, resultCursor } from "@/lib/api/operations/monitors";
import { findMonitorRef } from "@/lib/dashboard/monitors";
import { fieldError, UserError } from "@/lib/errors";
import { regionNames } from "@/lib/regions/store";
import { readMonitorResults } from "@/lib/results/store";

export const dynamic = "force-dynamic";

export const GET = apiRoute(listResultsOp, async ({ db, params, query }) => {
  const m = await findMonitorRef(db, params.key);
  if (!m) throw new UserError("not_found", `There is no monitor with key "${params.key}".`);
  const to = query.to ?? Date.now();
  const from = query.from ?? to - 86_400_000;
  if (to <= from) throw fieldError("to", "End the span after it starts: `to` must be later than `from`.");
  if (to - from > MAX_RESULTS_SPAN_MS) throw fieldError("from", "Ask for at most 14 days of raw results at once (they are kept 14 days); use /stats for longer spans.");
  const at = decodeCursor(resultCursor, query.cursor);
  const [page, regions] = await Promise.all([readMonitorResults(db, m.id, { beforeId: at?.before, from, to, limit: query.limit }), regionNames(db)]);
  return { items: page.rows.map((r) => resultAnswer(r, regions)), next_cursor: page.next === null ? null : encodeCursor({ before: page.next }) };
});
