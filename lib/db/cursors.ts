import type { InStatement } from "@libsql/client";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { cursors } from "./schema";

/** The coordinator's position in check_results: states, transitions, incidents, alerts. */
export const RESULTS_CURSOR = "coordinator.results";
/** The rollup pass's position in check_results (lib/coordinator/fold.ts foldRollups): it folds less often, in bigger batches. */
export const ROLLUPS_CURSOR = "coordinator.rollups";

/** Where the consumer `name` got to; 0 before its first batch. */
export async function readCursor(db: Db, name: string): Promise<number> {
  const [row] = await db.select().from(cursors).where(eq(cursors.name, name));
  return row?.position ?? 0;
}

/** The last result id every fold has covered (the lower of the two cursors): raw rows past it are still needed. */
export async function foldedThrough(db: Db): Promise<number> {
  const [results, rollups] = await Promise.all([readCursor(db, RESULTS_CURSOR), readCursor(db, ROLLUPS_CURSOR)]);
  return Math.min(results, rollups);
}

/** Moves a cursor as a raw statement, so it commits in the same batch as the work it records. */
export function cursorStatement(name: string, position: number): InStatement {
  return {
    sql: "INSERT INTO cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
    args: [name, position],
  };
}

export const deleteCursorStatement = (name: string): InStatement => ({ sql: "DELETE FROM cursors WHERE name = ?", args: [name] });
