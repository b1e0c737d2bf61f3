import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * One check of one monitor from one region: an appended fact, never updated.
 * Kept short on purpose (integers, NULL when absent): this is the largest table. It is a log:
 * the coordinator reads it in id order and folds it into rollups, which serve every window
 * and the long charts; one index by monitor and time serves a monitor page's last day.
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
    /** Response headers of a failed check ("name: value" lines, at most RESPONSE_HEADERS_MAX_BYTES); NULL otherwise. */
    responseHeaders: text("response_headers"),
    /** The first bytes of a failed check's response body as text (at most RESPONSE_BODY_MAX_BYTES); NULL otherwise. */
    responseBody: text("response_body"),
  },
  (t) => [
    // Partial: serves a monitor's recent failures (evidence for transitions and incidents).
    index("check_results_failures_idx").on(t.monitorId, t.startedAt).where(sql`${t.status} > 0`),
    // Serves the monitor page: its recent checks, newest first, and its charts' raw results for a day or less.
    index("check_results_monitor_started_idx").on(t.monitorId, t.startedAt),
  ],
);
