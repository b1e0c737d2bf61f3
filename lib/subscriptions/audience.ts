/**
 * Who hears of an incident's updates: one rule for the fan-out that sends them
 * (./fan-out.ts) and for the dashboard's "subscribers will be notified" line before publishing.
 * Confirmed, not unsubscribed subscribers to all components, and those following one of the
 * incident's public affected components; nobody while the incident is a draft or merged.
 */
import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { components, incidentComponents } from "../db/schema";
import { publicComponent } from "../public/scope";

export interface AudienceMember {
  id: number;
  kind: "email" | "webhook";
  address: string;
  token: string;
}

/** The incident's public affected components, in page order: what subscribers are told is affected. */
export async function publicAffectedComponents(db: Db, incidentId: number): Promise<{ id: number; name: string }[]> {
  return db
    .select({ id: components.id, name: components.name })
    .from(incidentComponents)
    .innerJoin(components, eq(components.id, incidentComponents.componentId))
    .where(and(eq(incidentComponents.incidentId, incidentId), publicComponent))
    .orderBy(asc(components.displayOrder), asc(components.name));
}

const AUDIENCE_WHERE = `s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL
  AND (s.all_components = 1 OR EXISTS (SELECT 1 FROM subscriber_components sc
         WHERE sc.subscriber_id = s.id AND sc.component_id IN (SELECT value FROM json_each(?))))`;

/** The subscribers an update about these (public) components goes to, by id. */
export async function audienceOf(db: Db, componentIds: number[]): Promise<AudienceMember[]> {
  const r = await db.$client.execute({
    sql: `SELECT s.id, s.kind, s.address, s.token FROM subscribers s WHERE ${AUDIENCE_WHERE} ORDER BY s.id`,
    args: [JSON.stringify(componentIds)],
  });
  return r.rows as unknown as AudienceMember[];
}

export interface AudienceCount {
  /** False: a draft (or merged) incident tells nobody. */
  published: boolean;
  emails: number;
  webhooks: number;
}

/**
 * How many subscribers the incident's next public update would reach; with `ifPublished`, how
 * many it would reach once published (the line beside a draft's "Publish" button).
 */
export async function countAudience(db: Db, incidentId: number): Promise<AudienceCount & { ifPublished: { emails: number; webhooks: number } }> {
  const [state] = (
    await db.$client.execute({ sql: "SELECT published, merged_into FROM incidents WHERE id = ?", args: [incidentId] })
  ).rows as unknown as { published: number; merged_into: number | null }[];
  const affected = await publicAffectedComponents(db, incidentId);
  const r = await db.$client.execute({
    sql: `SELECT sum(s.kind = 'email') AS emails, sum(s.kind = 'webhook') AS webhooks FROM subscribers s WHERE ${AUDIENCE_WHERE}`,
    args: [JSON.stringify(affected.map((c) => c.id))],
  });
  const counts = { emails: Number(r.rows[0]?.emails ?? 0), webhooks: Number(r.rows[0]?.webhooks ?? 0) };
  const published = !!state && Number(state.published) === 1 && state.merged_into === null;
  return published ? { published, ...counts, ifPublished: counts } : { published, emails: 0, webhooks: 0, ifPublished: state?.merged_into == null ? counts : { emails: 0, webhooks: 0 } };
}
