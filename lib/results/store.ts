import { asc, gt } from "drizzle-orm";
import type { Db } from "../db/client";
import { checkResults } from "../db/schema";
import { RESULT_STATUS_CODES, type CheckResult } from "../checks/types";

export type CheckResultRow = typeof checkResults.$inferSelect;
export type NewCheckResultRow = typeof checkResults.$inferInsert;

/** Most rows in one INSERT statement (SQLite allows 32,766 bound values; 16 per row). */
const ROWS_PER_INSERT = 1_000;

/** A check result as a compact row: NULLs where absent, failed assertions only. */
export function toResultRow(monitorId: number, regionId: number, r: CheckResult): NewCheckResultRow {
  const failed = r.assertions.some((a) => !a.ok);
  return {
    monitorId,
    regionId,
    startedAt: r.startedAt,
    status: RESULT_STATUS_CODES[r.status],
    statusCode: r.statusCode ?? null,
    errorClass: r.errorClass ?? null,
    message: r.status === "up" ? null : (r.message ?? null),
    totalUs: r.totalUs,
    dnsUs: r.phases.dnsUs ?? null,
    connectUs: r.phases.connectUs ?? null,
    tlsUs: r.phases.tlsUs ?? null,
    firstByteUs: r.phases.firstByteUs ?? null,
    transferUs: r.phases.transferUs ?? null,
    tlsExpiresAt: r.tlsExpiresAt ?? null,
    assertions: failed ? JSON.stringify(r.assertions) : null,
  };
}

/** Appends results in one write transaction. */
export async function insertResults(db: Db, rows: NewCheckResultRow[]): Promise<void> {
  if (rows.length === 0) return;
  const statements = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    statements.push(db.insert(checkResults).values(rows.slice(i, i + ROWS_PER_INSERT)));
  }
  await db.batch(statements as [(typeof statements)[number], ...typeof statements]);
}

/** Results appended after `afterId`, oldest first: how the coordinator consumes the log. */
export async function readResultsAfter(db: Db, afterId: number, limit: number): Promise<CheckResultRow[]> {
  return db.select().from(checkResults).where(gt(checkResults.id, afterId)).orderBy(asc(checkResults.id)).limit(limit);
}
