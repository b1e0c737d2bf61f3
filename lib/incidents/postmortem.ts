import { z } from "zod";
import type { Db } from "../db/client";
import { auditStatement, type Actor } from "../audit/log";
import { fieldError, UserError } from "../errors";
import { label, load, notMerged, parse } from "./manage";

/**
 * The postmortem of a resolved incident (Statuspage's `postmortem_body`): Markdown the team writes
 * after resolution, saved as a draft and published when ready. The first publication adds a
 * timeline entry, which the subscriber fan-out (lib/subscriptions/fan-out.ts) sends like any
 * update: once, and only if the incident itself is published. Later edits change the text without
 * telling anyone again.
 */
export const MAX_POSTMORTEM_LENGTH = 50_000;
export const POSTMORTEM_PUBLISHED_NOTE = "We published a postmortem: what happened, and what we are changing so it does not happen again.";

export const savePostmortemInput = z.object({
  body: z
    .string({ error: "Write the postmortem." })
    .trim()
    .max(MAX_POSTMORTEM_LENGTH, { error: `Shorten the postmortem to at most ${MAX_POSTMORTEM_LENGTH} characters.` })
    // Browsers send a textarea's lines with CRLF; the API and the page give it back as written.
    .transform((text) => text.replace(/\r\n?/g, "\n")),
  publish: z.boolean().default(false),
});
export type SavePostmortemInput = z.input<typeof savePostmortemInput>;

export async function savePostmortem(db: Db, actor: Actor, incidentId: number, input: SavePostmortemInput, now = Date.now()): Promise<{ firstPublished: boolean }> {
  const v = parse(savePostmortemInput, input);
  const row = await load(db, incidentId);
  notMerged(row);
  if (row.kind !== "incident") throw new UserError("invalid_input", `${label(row)} is maintenance: postmortems are for incidents.`);
  if (row.resolvedAt === null) throw new UserError("conflict", `${label(row)} is still open: resolve it first, then write its postmortem.`);
  const published = v.publish || row.postmortemPublishedAt !== null;
  if (published && v.body === "") throw fieldError("body", "Write the postmortem before publishing it.");
  const firstPublished = v.publish && row.postmortemPublishedAt === null;
  const guard = "id = ? AND merged_into IS NULL AND resolved_at IS NOT NULL";
  const results = await db.$client.batch(
    [
      {
        sql: `UPDATE incidents SET postmortem_body = ?, postmortem_updated_at = ?, updated_at = ?,
                postmortem_published_at = CASE WHEN ? THEN coalesce(postmortem_published_at, ?) ELSE postmortem_published_at END
              WHERE ${guard}`,
        args: [v.body || null, now, now, v.publish ? 1 : 0, now, row.id],
      },
      auditStatement(
        actor,
        { action: firstPublished ? "incident.postmortem_publish" : "incident.postmortem_edit", entity: "incident", entityId: row.id, before: { postmortem: row.postmortemBody }, after: { postmortem: v.body } },
        now,
        { onlyIf: "changes() > 0" },
      ),
      ...(firstPublished
        ? [{ sql: `INSERT INTO incident_updates (incident_id, status, body, created_at) SELECT id, 'resolved', ?, ? FROM incidents WHERE ${guard}`, args: [POSTMORTEM_PUBLISHED_NOTE, now, row.id] }]
        : []),
    ],
    "write",
  );
  if (results[0].rowsAffected === 0) throw new UserError("conflict", `${label(row)} changed meanwhile: reload the page and try again.`);
  return { firstPublished };
}
