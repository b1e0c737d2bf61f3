import type { InStatement } from "@libsql/client";

/**
 * Many rows in one statement: the rows travel as one JSON array argument and SQLite unpacks
 * them with json_each, so the statement is prepared once and nothing is built per row.
 * `columns` are the target columns; `exprs` (default `value->>i`) read each from the row array.
 * `tail` goes after the SELECT (e.g. an ON CONFLICT clause, which needs the `WHERE true`).
 */
export function bulkInsert(table: string, columns: string[], rows: unknown[][], tail = "", exprs?: string[]): InStatement {
  const select = (exprs ?? columns.map((_, i) => `value->>${i}`)).join(", ");
  return {
    sql: `INSERT INTO ${table} (${columns.join(", ")}) SELECT ${select} FROM json_each(?) WHERE true ${tail}`,
    args: [JSON.stringify(rows)],
  };
}

/** `ON CONFLICT (key) DO UPDATE SET c = excluded.c, …` for the given columns. */
export function upsertTail(conflict: string[], update: string[]): string {
  return `ON CONFLICT (${conflict.join(", ")}) DO UPDATE SET ${update.map((c) => `${c} = excluded.${c}`).join(", ")}`;
}
