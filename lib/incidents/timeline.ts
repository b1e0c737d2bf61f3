import { sql } from "drizzle-orm";
import { SQLiteSyncDialect } from "drizzle-orm/sqlite-core";
import { publicMonitor } from "../public/scope";

/**
 * Where an automatic incident's timeline entries live, which is how they keep their privacy.
 *
 * A timeline entry's `incident_id` is decided when it is written, from the monitor it is about:
 * once an automatic incident is merged into a manual one, the entries of a public monitor go to
 * the target's timeline (customers read them there), and those of a private monitor stay on the
 * automatic incident itself, which is never public once merged. So every public reader, which
 * reads the timelines of published, unmerged incidents, shows only public subjects' text without
 * a filter of its own, and the dashboard reads a target's timeline together with its merged ones
 * (`teamTimelineSources`). Deciding at write time (not by a join at read time) also means an entry
 * published while its monitor was public stays as the customers saw it.
 */

const dialect = new SQLiteSyncDialect();

/**
 * Plain SQL (no parameters), true when the monitor whose id is the SQL expression `monitorId` is
 * public by ../public/scope's one rule: for the raw statements the coordinator batches.
 */
export function monitorIsPublicSql(monitorId: string): string {
  return dialect.sqlToQuery(
    sql`EXISTS (SELECT 1 FROM monitors LEFT JOIN components ON components.id = monitors.component_id
      WHERE monitors.id = ${sql.raw(monitorId)} AND ${publicMonitor})`.inlineParams(),
  ).sql;
}

/** The timeline an entry of the automatic incident aliased `i` goes to (see the top of this file). */
export function autoTimelineTargetSql(i: string): string {
  return `CASE WHEN ${i}.merged_into IS NOT NULL AND ${monitorIsPublicSql(`${i}.monitor_id`)} THEN ${i}.merged_into ELSE ${i}.id END`;
}

/** The incidents whose entries make up what the team sees as the timeline of incident `id`: its own and its merged ones'. */
export function teamTimelineSources(id: number) {
  return sql`(SELECT ${id} UNION ALL SELECT merged.id FROM incidents merged WHERE merged.merged_into = ${id})`;
}
