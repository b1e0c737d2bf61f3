import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One check of one monitor from one region: an appended fact, never updated.
 * Kept short on purpose (integers, NULL when absent): this is the largest table. It is a log:
 * the coordinator reads it in id order and folds it into rollups, which serve every window
 * and chart, so only failures carry a per-monitor index.
 * Times are epoch milliseconds; durations are integer microseconds.
 */
export const checkResults = sqliteTable(
  "check_results",
  {
    id: integer("id").primaryKey(),
    monitorId: integer("monitor_id").notNull(),
    regionId: integer("region_id").notNull(),
    startedAt: integer("started_at").notNull(),
    /** 0 up, 1 degraded, 2 down (see lib/checks/types.ts RESULT_STATUS_CODES). */
    status: integer("status").notNull(),
    statusCode: integer("status_code"),
    errorClass: text("error_class"),
    /** Failure explanation in words; NULL when the check passed. */
    message: text("message"),
    totalUs: integer("total_us").notNull(),
    dnsUs: integer("dns_us"),
    connectUs: integer("connect_us"),
    tlsUs: integer("tls_us"),
    firstByteUs: integer("first_byte_us"),
    transferUs: integer("transfer_us"),
    /** Certificate notAfter, epoch seconds, for https targets. */
    tlsExpiresAt: integer("tls_expires_at"),
    /** Assertion results as JSON, stored only when one of them failed. */
    assertions: text("assertions"),
  },
  // Partial: serves a monitor's recent failures (evidence for transitions and incidents).
  (t) => [index("check_results_failures_idx").on(t.monitorId, t.startedAt).where(sql`${t.status} > 0`)],
);
