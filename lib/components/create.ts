import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import {
  assertKeyFree,
  componentByKey,
  componentInputSchema,
  componentValues,
  groupByKey,
  groupInputSchema,
  nextDisplayOrder,
  parseEntry,
  resolveGroup,
  type ComponentRow,
  type GroupRow,
} from "./entry";

/**
 * Creates a component from the dashboard or the API (origin "ui": it lives in the database,
 * config sync leaves it alone). `input` is an entry as the config file writes it, plus `order`.
 * A key held by a live component is refused (conflict); an archived one's key is taken over
 * with its history (incidents, uptime of its monitors), as the config file does.
 */
export async function createComponent(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<ComponentRow> {
  const entry = parseEntry(componentInputSchema, input, "a component");
  const existing = await componentByKey(db, entry.key);
  assertKeyFree("component", existing);
  const groupId = await resolveGroup(db, entry.group);
  const order = entry.order ?? (await nextDisplayOrder(db, components));
  const values = { ...componentValues(entry, groupId, order), origin: "ui" as const, archivedAt: null };
  const write = existing ? db.update(components).set(values).where(eq(components.id, existing.id)) : db.insert(components).values({ key: entry.key, ...values });
  const after = { ...entry, order };
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "component.create", entity: "component", entityId: entry.key, before: existing ? { archived: true } : undefined, after }, now)], "write");
  return (await componentByKey(db, entry.key))!;
}

/** Creates a group (origin "ui"); keys as for components. */
export async function createGroup(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<GroupRow> {
  const entry = parseEntry(groupInputSchema, input, "a group");
  const existing = await groupByKey(db, entry.key);
  assertKeyFree("group", existing);
  const order = entry.order ?? (await nextDisplayOrder(db, componentGroups));
  const values = { name: entry.name, displayOrder: order, origin: "ui" as const, archivedAt: null };
  const write = existing ? db.update(componentGroups).set(values).where(eq(componentGroups.id, existing.id)) : db.insert(componentGroups).values({ key: entry.key, ...values });
  await db.$client.batch(
    [statementOf(write), auditStatement(actor, { action: "group.create", entity: "group", entityId: entry.key, before: existing ? { archived: true } : undefined, after: { ...entry, order } }, now)],
    "write",
  );
  return (await groupByKey(db, entry.key))!;
}
