/**
 * Subscribers as admins manage them: list and search (newest first, by id cursor), and remove
 * one, which deletes the address with its choices (the audit entry keeps no address).
 */
import { and, desc, eq, like, lt, sql } from "drizzle-orm";
import { auditStatement, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { subscribers, type SubscriberKind } from "../db/schema/subscribers";
import { UserError } from "../errors";

export const MAX_SUBSCRIBER_SEARCH_LENGTH = 200;

export interface SubscriberView {
  id: number;
  kind: SubscriberKind;
  address: string;
  allComponents: boolean;
  /** Ids of the components chosen when not all. */
  componentIds: number[];
  confirmedAt: number | null;
  unsubscribedAt: number | null;
  createdAt: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Subscribers newest first, `limit` at a time below `beforeId`; `search` matches part of the address. */
export async function listSubscribers(
  db: Db,
  opts: { search?: string; beforeId?: number; limit: number },
): Promise<{ items: SubscriberView[]; next: number | null }> {
  const search = opts.search?.trim().toLowerCase().slice(0, MAX_SUBSCRIBER_SEARCH_LENGTH);
  const rows = await db
    .select({
      id: subscribers.id,
      kind: subscribers.kind,
      address: subscribers.address,
      allComponents: subscribers.allComponents,
      confirmedAt: subscribers.confirmedAt,
      unsubscribedAt: subscribers.unsubscribedAt,
      createdAt: subscribers.createdAt,
      componentIds: sql<string>`(SELECT json_group_array(component_id) FROM subscriber_components WHERE subscriber_id = ${subscribers.id})`,
    })
    .from(subscribers)
    .where(
      and(
        opts.beforeId === undefined ? undefined : lt(subscribers.id, opts.beforeId),
        search ? like(sql`lower(${subscribers.address})`, sql`${"%" + escapeLike(search) + "%"} ESCAPE '\\'`) : undefined,
      ),
    )
    .orderBy(desc(subscribers.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit).map((r) => ({ ...r, componentIds: (JSON.parse(r.componentIds) as number[]).sort((a, b) => a - b) }));
  return { items, next: rows.length > opts.limit ? items[items.length - 1].id : null };
}

/** Deletes a subscriber and its choices, with an audit entry that names no address. */
export async function removeSubscriber(db: Db, actor: Actor, id: number, now = Date.now()): Promise<void> {
  const [row] = await db.select({ id: subscribers.id, kind: subscribers.kind, confirmedAt: subscribers.confirmedAt }).from(subscribers).where(eq(subscribers.id, id));
  if (!row) throw new UserError("not_found", `There is no subscriber #${id}: it may have been removed already.`);
  await db.$client.batch(
    [
      { sql: "DELETE FROM subscriber_components WHERE subscriber_id = ?", args: [id] },
      { sql: "DELETE FROM subscribers WHERE id = ?", args: [id] },
      auditStatement(actor, { action: "subscriber.remove", entity: "subscriber", entityId: id, before: { id, kind: row.kind, confirmed: row.confirmedAt !== null } }, now),
    ],
    "write",
  );
}
