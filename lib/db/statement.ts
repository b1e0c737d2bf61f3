import type { InArgs, InStatement } from "@libsql/client";

/**
 * A drizzle query as a raw statement, to commit in one `$client.batch` with raw statements from
 * other modules (an audit entry: lib/audit/log.ts auditStatement). Values are already mapped to
 * what the driver stores (JSON text, 0/1 booleans).
 */
export function statementOf(query: { toSQL(): { sql: string; params: unknown[] } }): InStatement {
  const { sql, params } = query.toSQL();
  return { sql, args: params as InArgs };
}
