import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { auditStatement, type Actor } from "../audit/log";
import { statementOf } from "../db/statement";
import { incidentTemplates } from "../db/schema";
import { fieldError, UserError } from "../errors";
import { createIncidentInput, parse } from "./manage";

/**
 * Incident templates: the team's usual words for a usual kind of trouble, to start a new incident
 * from. Title, body, impact and status follow the incident's own rules (the same zod fields).
 */
export const MAX_TEMPLATE_NAME_LENGTH = 100;
export const MAX_TEMPLATES = 200;

export const templateInput = z.object({
  name: z
    .string({ error: "Name the template." })
    .trim()
    .min(1, { error: "Name the template, e.g. “Database failover”." })
    .max(MAX_TEMPLATE_NAME_LENGTH, { error: `Shorten the name to at most ${MAX_TEMPLATE_NAME_LENGTH} characters.` }),
  title: createIncidentInput.shape.title,
  body: createIncidentInput.shape.body,
  impact: createIncidentInput.shape.impact,
  status: createIncidentInput.shape.status,
});
export type TemplateInput = z.input<typeof templateInput>;
export type IncidentTemplate = typeof incidentTemplates.$inferSelect;

export async function listTemplates(db: Db): Promise<IncidentTemplate[]> {
  return db.select().from(incidentTemplates).orderBy(asc(incidentTemplates.name)).limit(MAX_TEMPLATES);
}

/** One template, or null (a stale ?template= link). */
export async function getTemplate(db: Db, id: number): Promise<IncidentTemplate | null> {
  if (!Number.isSafeInteger(id)) return null;
  const [row] = await db.select().from(incidentTemplates).where(eq(incidentTemplates.id, id));
  return row ?? null;
}

async function assertNameFree(db: Db, name: string, exceptId?: number) {
  const [taken] = await db.select({ id: incidentTemplates.id }).from(incidentTemplates).where(eq(incidentTemplates.name, name));
  if (taken && taken.id !== exceptId) throw fieldError("name", `A template named “${name}” exists already: choose another name.`);
}

export async function createTemplate(db: Db, actor: Actor, input: TemplateInput, now = Date.now()): Promise<number> {
  const v = parse(templateInput, input);
  await assertNameFree(db, v.name);
  const [{ n }] = (await db.$client.execute("SELECT count(*) AS n FROM incident_templates")).rows as unknown as { n: number }[];
  if (Number(n) >= MAX_TEMPLATES) throw new UserError("conflict", `There are ${MAX_TEMPLATES} templates already: delete one you no longer use.`);
  const results = await db.$client.batch(
    [
      statementOf(db.insert(incidentTemplates).values({ ...v, createdAt: now, updatedAt: now })),
      auditStatement(actor, { action: "incident_template.create", entity: "incident_template", entityId: { sql: "SELECT max(id) FROM incident_templates" }, after: v }, now),
    ],
    "write",
  );
  return Number(results[0].lastInsertRowid);
}

async function load(db: Db, id: number): Promise<IncidentTemplate> {
  const row = await getTemplate(db, id);
  if (!row) throw new UserError("not_found", `There is no template #${id}: it may have been deleted.`);
  return row;
}

export async function updateTemplate(db: Db, actor: Actor, id: number, input: TemplateInput, now = Date.now()): Promise<void> {
  const v = parse(templateInput, input);
  const before = await load(db, id);
  await assertNameFree(db, v.name, id);
  await db.$client.batch(
    [
      statementOf(db.update(incidentTemplates).set({ ...v, updatedAt: now }).where(eq(incidentTemplates.id, id))),
      auditStatement(actor, { action: "incident_template.update", entity: "incident_template", entityId: id, before, after: v }, now),
    ],
    "write",
  );
}

export async function deleteTemplate(db: Db, actor: Actor, id: number, now = Date.now()): Promise<void> {
  const before = await load(db, id);
  await db.$client.batch(
    [statementOf(db.delete(incidentTemplates).where(eq(incidentTemplates.id, id))), auditStatement(actor, { action: "incident_template.delete", entity: "incident_template", entityId: id, before }, now)],
    "write",
  );
}
