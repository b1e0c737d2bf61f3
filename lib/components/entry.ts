/**
 * Components and groups from the dashboard or the API, validated as the config file validates
 * them: the same fields (lib/config/schema.ts componentFields, groupFields) and messages, plus
 * `order` (the file orders by position; here the page position is a number). References (a
 * component's group) are checked against the database instead of the file.
 */
import { and, asc, eq, isNull, max } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db/client";
import { componentGroups, components, monitors } from "../db/schema";
import { fieldError, invalidInput, UserError } from "../errors";
import { componentFields, configErrorMap, groupFields, normalizeComponent, strictObject } from "../config/schema";
import { unknownReference } from "../monitors/entry";

/** Largest entry accepted, as JSON: a component is a name, a key and a line of description. */
export const MAX_COMPONENT_ENTRY_CHARS = 4_096;
export const MAX_DISPLAY_ORDER = 100_000;

const orderSchema = z
  .number({ error: `expected a whole number from 0 to ${MAX_DISPLAY_ORDER}` })
  .int({ error: `expected a whole number from 0 to ${MAX_DISPLAY_ORDER}` })
  .min(0, { error: `expected a whole number from 0 to ${MAX_DISPLAY_ORDER}` })
  .max(MAX_DISPLAY_ORDER, { error: `expected a whole number from 0 to ${MAX_DISPLAY_ORDER}` })
  .meta({ description: "Position on the page: lower comes first (the config file's entries are numbered 0, 1, 2… in file order). Left out: after the others." });

/** A new component: the config file's entry, plus its position. */
export const componentInputSchema = strictObject({ ...componentFields, order: orderSchema.optional() });
/** A new group: the config file's entry, plus its position. */
export const groupInputSchema = strictObject({ ...groupFields, order: orderSchema.optional() });

/** The same fields without their defaults, every one optional: what a change (PATCH) sends. A field left out keeps its value. */
function changesOf<S extends Record<string, z.ZodType>>(fields: S) {
  const { key: _key, ...rest } = fields;
  return Object.fromEntries(Object.entries(rest).map(([name, schema]) => [name, (schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema).optional()]));
}

/** A change to a component: any of its fields but the key; `group: null` takes it out of its group, `description: null` clears it. */
export const componentChangesSchema = strictObject({
  ...changesOf(componentFields),
  group: componentFields.group.unwrap().nullable().optional(),
  description: componentFields.description.unwrap().nullable().optional(),
  order: orderSchema.optional(),
});
/** A change to a group: its name or position. */
export const groupChangesSchema = strictObject({ ...changesOf(groupFields), order: orderSchema.optional() });

export type ComponentEntry = z.output<typeof componentInputSchema>;
export type GroupEntry = z.output<typeof groupInputSchema>;
export type ComponentRow = typeof components.$inferSelect;
export type GroupRow = typeof componentGroups.$inferSelect;

/** Parses `input` with `schema` and the config file's messages; invalid_input with each problem by field. */
export function parseEntry<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new UserError("invalid_input", `Expected ${what}: an object with its fields.`);
  if (JSON.stringify(input).length > MAX_COMPONENT_ENTRY_CHARS) throw new UserError("invalid_input", `${what[0].toUpperCase()}${what.slice(1)} is at most ${MAX_COMPONENT_ENTRY_CHARS} characters as JSON.`);
  const parsed = schema.safeParse(input, { error: configErrorMap });
  if (!parsed.success) throw invalidInput(parsed.error);
  return parsed.data;
}

/** The key a create or update names (not validated: the lookup answers not_found for anything odd). */
export const keyOf = (input: unknown): unknown => (typeof input === "object" && input !== null ? (input as { key?: unknown }).key : undefined);

/** One row by key, archived or not. */
export async function componentByKey(db: Db, key: string): Promise<ComponentRow | null> {
  const [row] = await db.select().from(components).where(eq(components.key, key));
  return row ?? null;
}
export async function groupByKey(db: Db, key: string): Promise<GroupRow | null> {
  const [row] = await db.select().from(componentGroups).where(eq(componentGroups.key, key));
  return row ?? null;
}

/** The live component with this key, else not_found. */
export async function liveComponent(db: Db, key: unknown): Promise<ComponentRow> {
  const row = typeof key === "string" && key.length <= 64 ? await componentByKey(db, key) : null;
  if (!row || row.archivedAt !== null) throw new UserError("not_found", `There is no component with the key ${JSON.stringify(key)}.`);
  return row;
}
export async function liveGroup(db: Db, key: unknown): Promise<GroupRow> {
  const row = typeof key === "string" && key.length <= 64 ? await groupByKey(db, key) : null;
  if (!row || row.archivedAt !== null) throw new UserError("not_found", `There is no component group with the key ${JSON.stringify(key)}.`);
  return row;
}

/** A key held by a live row is refused (409, shown at the key field); an archived row's key is taken over. */
export function assertKeyFree(kind: "component" | "group", existing: { key: string; name: string; origin: string; archivedAt: number | null } | null): void {
  if (!existing || existing.archivedAt !== null) return;
  const where = existing.origin === "config" ? "declared in the config file" : "created in the dashboard";
  const message = `The key "${existing.key}" is already used by the ${kind} "${existing.name}" (${where}): choose another key.`;
  throw new UserError("conflict", message, { fieldErrors: { key: [message] } });
}

/** The id of the live group `key` names (null for none); invalid_input at `group` naming the closest key. */
export async function resolveGroup(db: Db, key: string | undefined): Promise<number | null> {
  if (key === undefined) return null;
  const live = await db.select({ id: componentGroups.id, key: componentGroups.key }).from(componentGroups).where(isNull(componentGroups.archivedAt)).orderBy(asc(componentGroups.displayOrder));
  const found = live.find((g) => g.key === key);
  if (!found) throw fieldError("group", unknownReference("group", key, live.map((g) => g.key)));
  return found.id;
}

/** After every live row of the table: where a new entry goes when no order is given. */
export async function nextDisplayOrder(db: Db, table: typeof components | typeof componentGroups): Promise<number> {
  const [row] = await db.select({ n: max(table.displayOrder) }).from(table).where(isNull(table.archivedAt));
  return Math.min(MAX_DISPLAY_ORDER, (row?.n ?? -1) + 1);
}

/** The columns a validated component entry sets (config sync sets the same ones for file entries). */
export function componentValues(entry: ComponentEntry, groupId: number | null, displayOrder: number) {
  const c = normalizeComponent(entry);
  return { name: c.name, description: c.description, groupId, displayOrder, isPublic: c.isPublic, showLatency: c.showLatency, publishIncidents: c.publishIncidents };
}

/** A stored component as an entry (what the audit log records and a change starts from). */
export function componentEntryOf(row: ComponentRow, groupKey: string | null): ComponentEntry {
  return {
    key: row.key,
    name: row.name,
    ...(groupKey === null ? {} : { group: groupKey }),
    ...(row.description ? { description: row.description } : {}),
    public: row.isPublic,
    showLatency: row.showLatency,
    publishIncidents: row.publishIncidents,
    order: row.displayOrder,
  };
}

export const groupEntryOf = (row: GroupRow): GroupEntry => ({ key: row.key, name: row.name, order: row.displayOrder });

/** The key of a component's group (archived or not), null without one. */
export async function groupKeyOf(db: Db, groupId: number | null): Promise<string | null> {
  if (groupId === null) return null;
  const [g] = await db.select({ key: componentGroups.key }).from(componentGroups).where(eq(componentGroups.id, groupId));
  return g?.key ?? null;
}

/** Live monitors of a component, for the refusal to archive it. */
export async function monitorsOf(db: Db, componentId: number): Promise<{ key: string; name: string }[]> {
  return db.select({ key: monitors.key, name: monitors.name }).from(monitors).where(and(eq(monitors.componentId, componentId), isNull(monitors.archivedAt))).orderBy(asc(monitors.key));
}

/** Live components of a group, for the refusal to archive it. */
export async function componentsOf(db: Db, groupId: number): Promise<{ key: string; name: string }[]> {
  return db.select({ key: components.key, name: components.name }).from(components).where(and(eq(components.groupId, groupId), isNull(components.archivedAt))).orderBy(asc(components.displayOrder));
}

/** "A (a), B (b)" for a refusal message. */
export const named = (rows: { key: string; name: string }[]) => rows.map((r) => `"${r.name}" (${r.key})`).join(", ");
