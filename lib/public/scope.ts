import { and, eq, isNull, or, type SQL } from "drizzle-orm";
import { components, incidents, monitors } from "../db/schema";

/**
 * The one definition of "public": every public route filters through these conditions.
 * A monitor is public when it is marked public, is not archived, and its component (if any)
 * is public and not archived.
 */
export const publicComponent: SQL = and(eq(components.isPublic, true), isNull(components.archivedAt))!;

export const publicMonitor: SQL = and(
  eq(monitors.isPublic, true),
  isNull(monitors.archivedAt),
  or(isNull(monitors.componentId), and(eq(components.isPublic, true), isNull(components.archivedAt))),
)!;

/** An incident or maintenance is public once published; a merged one is shown only through its target. */
export const publicIncident: SQL = and(eq(incidents.published, true), isNull(incidents.mergedInto))!;
