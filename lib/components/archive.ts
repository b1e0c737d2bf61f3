import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { UserError } from "../errors";
import { assertNotManagedByConfig } from "../monitors/entry";
import { componentEntryOf, componentsOf, groupEntryOf, groupKeyOf, liveComponent, liveGroup, monitorsOf, named } from "./entry";

/**
 * Removes a dashboard/API component: archived, as the config file archives an entry it drops
 * (it leaves the pages; its incidents keep naming it, and its key may be used again). Refused
 * while live monitors point to it (they would lose their place on the page without a word):
 * move or archive them first. A component declared in the config file is refused too.
 */
export async function archiveComponent(db: Db, actor: Actor, key: unknown, now = Date.now()): Promise<void> {
  const row = await liveComponent(db, key);
  assertNotManagedByConfig(row, "remove", "component");
  const attached = await monitorsOf(db, row.id);
  if (attached.length) {
    throw new UserError("conflict", `The component "${row.key}" still has ${attached.length === 1 ? "a monitor" : "monitors"}: ${named(attached)}. Move ${attached.length === 1 ? "it" : "them"} to another component or archive ${attached.length === 1 ? "it" : "them"} first.`);
  }
  const write = db.update(components).set({ archivedAt: now }).where(eq(components.id, row.id));
  const before = componentEntryOf(row, await groupKeyOf(db, row.groupId));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "component.archive", entity: "component", entityId: row.key, before }, now)], "write");
}

/**
 * Removes a dashboard/API group. Refused while live components are in it (archiving the group
 * would move them silently to the bottom of the page): move them out or archive them first.
 */
export async function archiveGroup(db: Db, actor: Actor, key: unknown, now = Date.now()): Promise<void> {
  const row = await liveGroup(db, key);
  assertNotManagedByConfig(row, "remove", "group");
  const inside = await componentsOf(db, row.id);
  if (inside.length) {
    throw new UserError("conflict", `The group "${row.key}" still holds ${inside.length === 1 ? "a component" : "components"}: ${named(inside)}. Move ${inside.length === 1 ? "it" : "them"} to another group (or none) or archive ${inside.length === 1 ? "it" : "them"} first.`);
  }
  const write = db.update(componentGroups).set({ archivedAt: now }).where(eq(componentGroups.id, row.id));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "group.archive", entity: "group", entityId: row.key, before: groupEntryOf(row) }, now)], "write");
}
