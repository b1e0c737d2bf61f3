import { z } from "zod";
import type { Db } from "../db/client";
import { auditStatement, type Actor } from "../audit/log";
import { UserError } from "../errors";
import { parse } from "./manage";

export const MAX_BULK_INCIDENTS = 200;
export const MAX_NOTE_LENGTH = 2_000;

export const closeDraftsInput = z.object({
  ids: z
    .array(z.number().int().positive(), { error: "Choose the drafts to close." })
    .min(1, { error: "Choose at least one automatic draft." })
    .max(MAX_BULK_INCIDENTS, { error: `Close at most ${MAX_BULK_INCIDENTS} drafts at once.` }),
  mode: z.enum(["resolve", "dismiss"], { error: "Choose resolve or dismiss." }),
  note: z.string().trim().max(MAX_NOTE_LENGTH, { error: `Shorten the note to at most ${MAX_NOTE_LENGTH} characters.` }).default(""),
});
export type CloseDraftsInput = z.input<typeof closeDraftsInput>;

const DEFAULT_NOTE = { resolve: "Closed by the team.", dismiss: "Dismissed by the team: not an incident customers need to hear about." } as const;

/** What a bulk close may touch, checked on every statement inside the transaction. */
const OPEN_AUTO_DRAFT = "kind = 'incident' AND source = 'auto' AND published = 0 AND merged_into IS NULL AND resolved_at IS NULL";

/**
 * Closes automatic drafts in bulk: the noise a flapping monitor leaves behind. "resolve" closes
 * them as resolved (they may still be published later, with their timeline); "dismiss" also marks
 * them as no incident, so they are never published (publishIncident refuses). Each gets a timeline
 * entry with the note and its own audit entry, all in one transaction; drafts that were published,
 * merged, resolved or opened by hand meanwhile are left alone and reported as skipped.
 */
export async function closeDrafts(db: Db, actor: Actor, input: CloseDraftsInput, now = Date.now()): Promise<{ closed: number[]; skipped: number[] }> {
  const v = parse(closeDraftsInput, input);
  const ids = [...new Set(v.ids)];
  const note = v.note || DEFAULT_NOTE[v.mode];
  const action = v.mode === "dismiss" ? "incident.dismiss" : "incident.resolve";
  // Per incident: the entry, then the change, then the audit entry if the change happened.
  const statements = ids.flatMap((id) => [
    { sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT id, 'resolved', ?, ? FROM incidents WHERE id = ? AND ${OPEN_AUTO_DRAFT}`, args: [note, now, id] },
    {
      sql: `UPDATE incidents SET status = 'resolved', resolved_at = ?, updated_at = ?, dismissed_at = CASE WHEN ? THEN ? ELSE dismissed_at END WHERE id = ? AND ${OPEN_AUTO_DRAFT}`,
      args: [now, now, v.mode === "dismiss" ? 1 : 0, now, id],
    },
    auditStatement(actor, { action, entity: "incident", entityId: id, after: { status: "resolved", note } }, now, { onlyIf: "changes() > 0" }),
  ]);
  const results = await db.$client.batch(statements, "write");
  const closed = ids.filter((_, i) => results[i * 3 + 1].rowsAffected > 0);
  if (closed.length === 0) {
    throw new UserError("conflict", "None of these is an open automatic draft any more (published, merged or resolved meanwhile): reload the page.");
  }
  return { closed, skipped: ids.filter((id) => !closed.includes(id)) };
}
