/**
 * Incident and maintenance updates to subscribers. The coordinator calls `fanOutIncidentUpdates`
 * every tick; it walks `incident_updates` (the timeline: created, updated, resolved; maintenance
 * scheduled, in progress, completed) by a cursor and queues, for each entry of a published,
 * unmerged incident, one email per confirmed email subscriber and one webhook per active webhook
 * subscriber following an affected component (or all components): the rule is ./audience.ts. Every queued row has the key
 * `update:<updateId>:subscriber:<subscriberId>`, and the cursor moves in the same write as the
 * rows, so each subscriber hears of each update once, across crashes and a second coordinator.
 *
 * Drafts: an entry written while its incident is a draft is not sent; the incident is remembered
 * (a `subscriptions:draft:<incidentId>` row in `cursors`, holding its latest entry). When the
 * incident is published, that latest entry is sent then, once, unless a newer entry is being sent
 * anyway. Earlier draft entries are never sent: subscribers learn the incident's current state,
 * not its private history. An incident merged into another is followed through its target.
 * A draft that stays unpublished is forgotten DRAFT_MEMORY_MS after it was resolved.
 *
 * Entries older than MAX_UPDATE_AGE_MS when first seen (the coordinator was down for a day) are
 * skipped: stale news is worse than none.
 */
import type { InStatement } from "@libsql/client";
import type { Db } from "../db/client";
import type { IncidentKind, IncidentStatus } from "../db/schema";
import { enqueueStatement } from "../notify/escalation";
import { publicBaseUrl } from "../notify/links";
import { DIRECT_EMAIL_CHANNEL_ID, directEmailMessage } from "../notify/outbox";
import { directWebhookMessage } from "../notify/subscriber-webhook";
import { encryptSecret } from "../secrets/crypto";
import { readPageSettings } from "../settings/page";
import { cursorStatement, deleteCursorStatement as deleteCursor, readCursor } from "../db/cursors";
import { audienceOf, publicAffectedComponents } from "./audience";
import { webhookSecretFor } from "./manage";
import { updateEmailFor, updateEmailTemplate, updateSubject, updateWebhookBody, type UpdateNotice } from "./messages";

export const UPDATES_CURSOR = "subscriptions:updates";
const DRAFT_PREFIX = "subscriptions:draft:";
/** Entries older than this when the fan-out reaches them are not sent. */
export const MAX_UPDATE_AGE_MS = 24 * 3_600_000;
/** A resolved draft is forgotten this long after its resolution. */
export const DRAFT_MEMORY_MS = 7 * 86_400_000;
/** Timeline entries per call; the rest next tick. */
const UPDATES_PER_CALL = 50;
/** Outbox rows per write: a large list is queued in several writes (the keys make a repeat harmless). */
const ROWS_PER_WRITE = 200;

interface UpdateRow {
  id: number;
  incident_id: number;
  status: IncidentStatus;
  body: string;
  created_at: number;
  kind: IncidentKind;
  title: string;
  published: number;
  merged_into: number | null;
  scheduled_for: number | null;
  scheduled_until: number | null;
  first_id: number;
}

const UPDATE_COLUMNS = `u.id, u.incident_id, u.status, u.body, u.created_at, i.kind, i.title, i.published, i.merged_into, i.scheduled_for, i.scheduled_until,
  (SELECT min(f.id) FROM incident_updates f WHERE f.incident_id = u.incident_id) AS first_id`;

interface DraftRow {
  name: string;
  position: number;
  incident_id: number | null;
  published: number | null;
  merged_into: number | null;
  resolved_at: number | null;
}

export interface FanOutOutcome {
  /** Timeline entries looked at. */
  updates: number;
  /** Emails and webhooks queued (a repeat of an already queued one is not counted twice by the outbox). */
  queued: number;
}

export async function fanOutIncidentUpdates(db: Db, now = Date.now()): Promise<FanOutOutcome> {
  const position = await readCursor(db, UPDATES_CURSOR);
  const [updates, drafts] = await Promise.all([
    db.$client.execute({
      sql: `SELECT ${UPDATE_COLUMNS} FROM incident_updates u JOIN incidents i ON i.id = u.incident_id WHERE u.id > ? ORDER BY u.id LIMIT ?`,
      args: [position, UPDATES_PER_CALL],
    }),
    db.$client.execute({
      // A range on the primary key: only the remembered drafts are read.
      sql: `SELECT c.name, c.position, i.id AS incident_id, i.published, i.merged_into, i.resolved_at
            FROM cursors c LEFT JOIN incidents i ON i.id = CAST(substr(c.name, ?) AS INTEGER)
            WHERE c.name >= ? AND c.name < ?`,
      args: [DRAFT_PREFIX.length + 1, DRAFT_PREFIX, DRAFT_PREFIX + "\uffff"],
    }),
  ]);
  const outcome: FanOutOutcome = { updates: updates.rows.length, queued: 0 };
  if (updates.rows.length === 0 && drafts.rows.length === 0) return outcome;

  const page = await readPageSettings(db);
  const ctx = { pageName: page.name, baseUrl: publicBaseUrl() };
  const rows = updates.rows as unknown as UpdateRow[];
  const announcedNow = new Set(rows.filter((u) => isPublic(u)).map((u) => Number(u.incident_id)));

  // Drafts published since: their latest entry, unless this batch sends a newer one of theirs.
  for (const d of drafts.rows as unknown as DraftRow[]) {
    const incidentId = d.incident_id === null ? null : Number(d.incident_id);
    const draftOnly = incidentId !== null && Number(d.published) !== 1 && d.merged_into === null;
    if (draftOnly && (d.resolved_at === null || Number(d.resolved_at) > now - DRAFT_MEMORY_MS)) continue;
    const final = [deleteCursor(d.name)];
    if (incidentId !== null && !draftOnly && d.merged_into === null && !announcedNow.has(incidentId)) {
      const [u] = (
        await db.$client.execute({
          sql: `SELECT ${UPDATE_COLUMNS} FROM incident_updates u JOIN incidents i ON i.id = u.incident_id WHERE u.id = ? AND u.incident_id = ?`,
          args: [Number(d.position), incidentId],
        })
      ).rows as unknown as UpdateRow[];
      if (u) {
        outcome.queued += await announce(db, u, ctx, final, now);
        continue;
      }
    }
    await db.$client.batch(final, "write");
  }

  for (const u of rows) {
    const incidentId = Number(u.incident_id);
    const final: InStatement[] = [cursorStatement(UPDATES_CURSOR, Number(u.id))];
    if (isPublic(u)) {
      final.push(deleteCursor(DRAFT_PREFIX + incidentId));
      if (Number(u.created_at) >= now - MAX_UPDATE_AGE_MS) {
        outcome.queued += await announce(db, u, ctx, final, now);
        continue;
      }
    } else if (u.merged_into === null) {
      final.push(cursorStatement(DRAFT_PREFIX + incidentId, Number(u.id)));
    }
    await db.$client.batch(final, "write");
  }
  return outcome;
}

function isPublic(u: Pick<UpdateRow, "published" | "merged_into">): boolean {
  return Number(u.published) === 1 && u.merged_into === null;
}

/**
 * Queues one update to every subscriber it concerns, then runs `final` (the cursor move) in the
 * same write as the last rows. Returns how many rows it queued.
 */
async function announce(db: Db, u: UpdateRow, ctx: { pageName: string; baseUrl: string }, final: InStatement[], now: number): Promise<number> {
  const incidentId = Number(u.incident_id);
  const affected = await publicAffectedComponents(db, incidentId);
  const notice: UpdateNotice = {
    updateId: Number(u.id),
    incidentId,
    kind: u.kind,
    title: u.title,
    status: u.status,
    body: u.body,
    createdAt: Number(u.created_at),
    isFirst: Number(u.first_id) === Number(u.id),
    scheduledFor: u.scheduled_for === null ? null : Number(u.scheduled_for),
    scheduledUntil: u.scheduled_until === null ? null : Number(u.scheduled_until),
    components: affected,
  };
  const subscribers = await audienceOf(db, affected.map((c) => c.id));
  let template: ReturnType<typeof updateEmailTemplate> | undefined;
  let webhookBody: string | undefined;
  let pending: InStatement[] = [];
  for (const s of subscribers) {
    const key = `update:${notice.updateId}:subscriber:${Number(s.id)}`;
    if (s.kind === "email") {
      template ??= updateEmailTemplate(notice, ctx);
      pending.push(enqueueStatement(key, DIRECT_EMAIL_CHANNEL_ID, directEmailMessage(updateEmailFor(template, notice, s, ctx.baseUrl)), null, now));
    } else {
      webhookBody ??= updateWebhookBody(notice, ctx.baseUrl);
      const message = directWebhookMessage({ title: updateSubject(notice), url: s.address, body: webhookBody, secret: encryptSecret(webhookSecretFor(s.token)) });
      pending.push(enqueueStatement(key, DIRECT_EMAIL_CHANNEL_ID, message as unknown as Record<string, unknown>, null, now));
    }
    if (pending.length >= ROWS_PER_WRITE) {
      await db.$client.batch(pending, "write");
      pending = [];
    }
  }
  await db.$client.batch([...pending, ...final], "write");
  return subscribers.length;
}
