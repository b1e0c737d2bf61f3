/**
 * Subscribers as the team manages them: list and search (newest first, by id cursor, filtered by
 * kind and state), counts by state, export, and remove one, which deletes the address with its
 * choices (the audit entry keeps no address). Addresses are personal data: only roles with the
 * `edit` permission read them (pages and API check it); a viewer gets the counts alone.
 */
import { and, desc, eq, isNotNull, isNull, like, lt, sql, type SQL } from "drizzle-orm";
import { auditStatement, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { subscribers, SUBSCRIBER_KINDS, type SubscriberKind } from "../db/schema/subscribers";
import { UserError } from "../errors";

export const MAX_SUBSCRIBER_SEARCH_LENGTH = 200;

/** Confirmed and live, waiting for the confirmation (email double opt-in), or gone. */
export const SUBSCRIBER_STATES = ["confirmed", "unconfirmed", "unsubscribed"] as const;
export type SubscriberState = (typeof SUBSCRIBER_STATES)[number];

export interface SubscriberView {
  id: number;
  kind: SubscriberKind;
  address: string;
  state: SubscriberState;
  allComponents: boolean;
  /** Ids of the components chosen when not all. */
  componentIds: number[];
  /** Their names, in name order, for people. */
  componentNames: string[];
  confirmedAt: number | null;
  unsubscribedAt: number | null;
  createdAt: number;
}

export interface SubscriberFilter {
  /** Part of the address, any case. */
  search?: string;
  kind?: SubscriberKind;
  state?: SubscriberState;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export function stateOf(r: { confirmedAt: number | null; unsubscribedAt: number | null }): SubscriberState {
  if (r.unsubscribedAt !== null) return "unsubscribed";
  return r.confirmedAt === null ? "unconfirmed" : "confirmed";
}

function stateWhere(state: SubscriberState | undefined): SQL | undefined {
  if (state === "unsubscribed") return isNotNull(subscribers.unsubscribedAt);
  if (state === "confirmed") return and(isNull(subscribers.unsubscribedAt), isNotNull(subscribers.confirmedAt));
  if (state === "unconfirmed") return and(isNull(subscribers.unsubscribedAt), isNull(subscribers.confirmedAt));
  return undefined;
}

function filterWhere(f: SubscriberFilter): SQL | undefined {
  const search = f.search?.trim().toLowerCase().slice(0, MAX_SUBSCRIBER_SEARCH_LENGTH);
  return and(
    search ? like(sql`lower(${subscribers.address})`, sql`${"%" + escapeLike(search) + "%"} ESCAPE '\\'`) : undefined,
    f.kind ? eq(subscribers.kind, f.kind) : undefined,
    stateWhere(f.state),
  );
}

/** Subscribers newest first, `limit` at a time below `beforeId`, matching the filter. */
export async function listSubscribers(
  db: Db,
  opts: SubscriberFilter & { beforeId?: number; limit: number },
): Promise<{ items: SubscriberView[]; next: number | null }> {
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
      componentNames: sql<string>`(SELECT json_group_array(name) FROM (SELECT c.name FROM subscriber_components sc JOIN components c ON c.id = sc.component_id WHERE sc.subscriber_id = ${subscribers.id} ORDER BY c.name))`,
    })
    .from(subscribers)
    .where(and(opts.beforeId === undefined ? undefined : lt(subscribers.id, opts.beforeId), filterWhere(opts)))
    .orderBy(desc(subscribers.id))
    .limit(opts.limit + 1);
  const items = rows.slice(0, opts.limit).map((r) => ({ ...r, state: stateOf(r), componentIds: (JSON.parse(r.componentIds) as number[]).sort((a, b) => a - b), componentNames: JSON.parse(r.componentNames) as string[] }));
  return { items, next: rows.length > opts.limit ? items[items.length - 1].id : null };
}

export type SubscriberCounts = Record<SubscriberState | "total", number> & { byKind: Record<SubscriberKind, number> };

/** How many subscribers there are in each state and of each kind (no addresses: any role may see these). */
export async function subscriberCounts(db: Db): Promise<SubscriberCounts> {
  const rows = await db
    .select({
      kind: subscribers.kind,
      confirmed: sql<number>`${subscribers.confirmedAt} IS NOT NULL`,
      unsubscribed: sql<number>`${subscribers.unsubscribedAt} IS NOT NULL`,
      n: sql<number>`count(*)`,
    })
    .from(subscribers)
    .groupBy(sql`1, 2, 3`);
  const counts: SubscriberCounts = { total: 0, confirmed: 0, unconfirmed: 0, unsubscribed: 0, byKind: Object.fromEntries(SUBSCRIBER_KINDS.map((k) => [k, 0])) as Record<SubscriberKind, number> };
  for (const r of rows) {
    const state = stateOf({ confirmedAt: r.confirmed ? 1 : null, unsubscribedAt: r.unsubscribed ? 1 : null });
    counts[state] += r.n;
    counts.total += r.n;
    counts.byKind[r.kind] += r.n;
  }
  return counts;
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

type QueryValue = string | string[] | null | undefined;
const firstOf = (v: QueryValue) => (Array.isArray(v) ? v[0] : (v ?? undefined));

/**
 * The dashboard's filter from its query string (the page's form and its export links): unknown
 * kinds and states are ignored, the search is cut to its limit, `before` is the page cursor.
 */
export function subscriberFilterFromQuery(get: (name: string) => QueryValue): SubscriberFilter & { beforeId?: number } {
  const kind = firstOf(get("kind"));
  const state = firstOf(get("state"));
  const before = Number(firstOf(get("before")));
  return {
    search: firstOf(get("q"))?.slice(0, MAX_SUBSCRIBER_SEARCH_LENGTH) || undefined,
    kind: (SUBSCRIBER_KINDS as readonly string[]).includes(kind ?? "") ? (kind as SubscriberKind) : undefined,
    state: (SUBSCRIBER_STATES as readonly string[]).includes(state ?? "") ? (state as SubscriberState) : undefined,
    beforeId: Number.isSafeInteger(before) && before > 0 ? before : undefined,
  };
}
