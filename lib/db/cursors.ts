import type { InStatement } from "@libsql/client";
import { eq } from "drizzle-orm";
import type { Db } from "./client";
import { cursors } from "./schema";

/** The coordinator's position in check_results. */
export const RESULTS_CURSOR = "coordinator.results";

/** Where the consumer `name` got to; 0 before its first batch. */
export async function readCursor(db: Db, name: string): Promise<number> {
  const [row] = await db.select().from(cursors).where(eq(cursors.name, name));
  return row?.position ?? 0;
}

/** Moves a cursor as a raw statement, so it commits in the same batch as the work it records. */
export function cursorStatement(name: string, position: number): InStatement {
  return {
    sql: "INSERT INTO cursors (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position",
    args: [name, position],
  };
}

export const deleteCursorStatement = (name: string): InStatement => ({ sql: "DELETE FROM cursors WHERE name = ?", args: [name] });
