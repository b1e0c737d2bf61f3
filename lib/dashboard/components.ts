/** Components and their groups as the team sees them (private ones included, archived ones not). */
import { asc, eq, isNull, and } from "drizzle-orm";
import type { Db } from "../db/client";
import { componentGroups, components, monitors } from "../db/schema";
import type { Origin } from "../db/schema/component-groups";

export interface ComponentView {
  id: number;
  key: string;
  name: string;
  description: string | null;
  group: string | null;
  isPublic: boolean;
  showLatency: boolean;
  publishIncidents: boolean;
  displayOrder: number;
  /** "config": declared in status.config.yaml (read-only here); "ui": created in the dashboard or API. */
  origin: Origin;
  /** Keys of its active monitors. */
  monitors: string[];
  monitorIds: number[];
}

/** Every active component in page order, with its group's key and its monitors. */
export async function listComponents(db: Db, opts: { key?: string } = {}): Promise<ComponentView[]> {
  const [rows, mons] = await Promise.all([
    db
      .select({
        id: components.id,
        key: components.key,
        name: components.name,
        description: components.description,
        group: componentGroups.key,
        isPublic: components.isPublic,
        showLatency: components.showLatency,
        publishIncidents: components.publishIncidents,
        displayOrder: components.displayOrder,
        origin: components.origin,
      })
      .from(components)
      .leftJoin(componentGroups, eq(componentGroups.id, components.groupId))
      .where(and(isNull(components.archivedAt), opts.key === undefined ? undefined : eq(components.key, opts.key)))
      .orderBy(asc(componentGroups.displayOrder), asc(components.displayOrder), asc(components.name)),
    db.select({ id: monitors.id, key: monitors.key, componentId: monitors.componentId }).from(monitors).where(isNull(monitors.archivedAt)).orderBy(asc(monitors.key)),
  ]);
  return rows.map((c) => {
    const own = mons.filter((m) => m.componentId === c.id);
    return { ...c, monitors: own.map((m) => m.key), monitorIds: own.map((m) => m.id) };
  });
}

export async function findComponent(db: Db, key: string): Promise<ComponentView | null> {
  return (await listComponents(db, { key }))[0] ?? null;
}

export async function findComponentGroup(db: Db, key: string) {
  return (await listComponentGroups(db)).find((g) => g.key === key) ?? null;
}

export async function listComponentGroups(db: Db) {
  return db
    .select({ id: componentGroups.id, key: componentGroups.key, name: componentGroups.name, displayOrder: componentGroups.displayOrder, origin: componentGroups.origin })
    .from(componentGroups)
    .where(isNull(componentGroups.archivedAt))
    .orderBy(asc(componentGroups.displayOrder), asc(componentGroups.name));
}
