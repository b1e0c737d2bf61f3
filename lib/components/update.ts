import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { assertNotManagedByConfig } from "../monitors/entry";
import {
  componentByKey,
  componentChangesSchema,
  componentEntryOf,
  componentInputSchema,
  componentValues,
  groupByKey,
  groupChangesSchema,
  groupEntryOf,
  groupInputSchema,
  groupKeyOf,
  keyOf,
  liveComponent,
  liveGroup,
  parseEntry,
  resolveGroup,
  type ComponentRow,
  type GroupRow,
} from "./entry";

const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

/**
 * Changes a dashboard/API component: `input` names it by `key` (a key does not change) and
 * carries the fields to change; fields left out keep their value (`group: null` takes it out of
 * its group). The result is validated as a whole entry. A component declared in the config file
 * is refused (conflict), naming the file. Nothing changed, nothing written.
 */
export async function updateComponent(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<ComponentRow> {
  const row = await liveComponent(db, keyOf(input));
  assertNotManagedByConfig(row, "change", "component");
  const { key: _key, ...rest } = input as Record<string, unknown>;
  const changes = parseEntry(componentChangesSchema, rest, "a component");
  const before = componentEntryOf(row, await groupKeyOf(db, row.groupId));
  const entry = parseEntry(componentInputSchema, withoutNulls({ ...before, ...changes, key: row.key }), "a component");
  const groupId = await resolveGroup(db, entry.group);
  const values = componentValues(entry, groupId, entry.order ?? row.displayOrder);
  const after = componentEntryOf({ ...row, ...values }, entry.group ?? null);
  if (JSON.stringify(after) === JSON.stringify(before)) return row;
  const write = db.update(components).set(values).where(eq(components.id, row.id));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "component.update", entity: "component", entityId: row.key, before, after }, now)], "write");
  return (await componentByKey(db, row.key))!;
}

/** Changes a dashboard/API group's name or position, as updateComponent does. */
export async function updateGroup(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<GroupRow> {
  const row = await liveGroup(db, keyOf(input));
  assertNotManagedByConfig(row, "change", "group");
  const { key: _key, ...rest } = input as Record<string, unknown>;
  const changes = parseEntry(groupChangesSchema, rest, "a group");
  const before = groupEntryOf(row);
  const entry = parseEntry(groupInputSchema, withoutNulls({ ...before, ...changes, key: row.key }), "a group");
  const after = { key: row.key, name: entry.name, order: entry.order ?? row.displayOrder };
  if (JSON.stringify(after) === JSON.stringify(before)) return row;
  const write = db.update(componentGroups).set({ name: after.name, displayOrder: after.order }).where(eq(componentGroups.id, row.id));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "group.update", entity: "group", entityId: row.key, before, after }, now)], "write");
  return (await groupByKey(db, row.key))!;
}
