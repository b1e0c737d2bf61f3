/**
 * Every subscriber matching a filter as one file (CSV or JSON), for the team to take elsewhere.
 * Addresses are personal data: each export is recorded in the audit log (who, what format, how
 * many rows, which filter, never an address). The dashboard serves it as an attachment; the API
 * answers the JSON form (lib/api/operations/subscribers.ts).
 */
import { recordAudit, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { components } from "../db/schema/components";
import { toCsv } from "../http/csv";
import type { SubscriberKind } from "../db/schema/subscribers";
import { listSubscribers, type SubscriberFilter, type SubscriberState } from "./admin";

export const EXPORT_FORMATS = ["csv", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Rows read per statement while exporting (the whole list is read by id cursor). */
const EXPORT_PAGE_ROWS = 1_000;

export interface ExportedSubscriber {
  id: number;
  kind: SubscriberKind;
  address: string;
  state: SubscriberState;
  allComponents: boolean;
  /** Keys of the chosen components (empty with allComponents). */
  components: string[];
  createdAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Every subscriber matching `filter`, newest first, with component keys and ISO times; audited. */
export async function exportSubscribers(db: Db, actor: Actor, filter: SubscriberFilter & { format: ExportFormat }, now = Date.now()): Promise<ExportedSubscriber[]> {
  const keys = new Map((await db.select({ id: components.id, key: components.key }).from(components)).map((c) => [c.id, c.key]));
  const out: ExportedSubscriber[] = [];
  let beforeId: number | undefined;
  for (;;) {
    const page = await listSubscribers(db, { ...filter, beforeId, limit: EXPORT_PAGE_ROWS });
    for (const s of page.items) {
      out.push({
        id: s.id,
        kind: s.kind,
        address: s.address,
        state: s.state,
        allComponents: s.allComponents,
        components: s.allComponents ? [] : s.componentIds.map((id) => keys.get(id) ?? String(id)),
        createdAt: iso(s.createdAt)!,
        confirmedAt: iso(s.confirmedAt),
        unsubscribedAt: iso(s.unsubscribedAt),
      });
    }
    if (page.next === null) break;
    beforeId = page.next;
  }
  const after = { format: filter.format, rows: out.length, kind: filter.kind ?? "any", state: filter.state ?? "any", searched: Boolean(filter.search?.trim()) };
  await recordAudit(db, actor, { action: "subscriber.export", entity: "subscriber", after }, now);
  return out;
}

/** The export as a file: its name, type and text. */
export function subscribersFile(rows: ExportedSubscriber[], format: ExportFormat, now = Date.now()): { filename: string; contentType: string; body: string } {
  const stamp = new Date(now).toISOString().slice(0, 10);
  if (format === "json") return { filename: `subscribers-${stamp}.json`, contentType: "application/json; charset=utf-8", body: JSON.stringify(rows, null, 2) + "\n" };
  const header = ["id", "kind", "address", "state", "all_components", "components", "created_at", "confirmed_at", "unsubscribed_at"];
  const body = toCsv([header, ...rows.map((r) => [r.id, r.kind, r.address, r.state, r.allComponents, r.components.join(" "), r.createdAt, r.confirmedAt, r.unsubscribedAt])]);
  return { filename: `subscribers-${stamp}.csv`, contentType: "text/csv; charset=utf-8", body };
}
