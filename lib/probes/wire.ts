/**
 * The push-mode wire contract, one module for both ends: the hub (app/api/probe/*, ./ingest.ts)
 * and the remote probe (worker/remote-probe.ts, worker/outbox.ts). What the hub assigns (GET
 * /api/probe/assignments), what a probe pushes (POST /api/probe/results), what the hub answers,
 * and their limits. The worker imports it: it never imports next/*.
 */
import { z } from "zod";
import { ERROR_CLASSES, RESPONSE_BODY_MAX_BYTES, RESPONSE_HEADERS_MAX_BYTES } from "../checks/types";
import { regionNameSchema } from "../regions/name";

/** Most results in one pushed batch (the request body is also capped, lib/http/body.ts BODY_LIMITS.probeBatchBytes). */
export const MAX_RESULTS_PER_BATCH = 1_000;

// --- GET /api/probe/assignments -------------------------------------------------------------

const positive = z.number().positive();

/**
 * One monitor a region checks. Its type is any string: a probe older than the hub skips a check
 * type it does not know, with a warning, instead of refusing the whole list.
 */
export const assignmentSchema = z.object({
  key: z.string(),
  type: z.string(),
  checkConfig: z.record(z.string(), z.unknown()),
  intervalS: positive,
  timeoutMs: positive,
});
export type Assignment = z.output<typeof assignmentSchema>;

/** What a region's probe checks (`monitors`), and every probed monitor for slot spacing. */
export const assignmentsSchema = z.object({
  /** The region the token speaks for. */
  region: regionNameSchema,
  monitors: z.array(assignmentSchema),
  spacing: z.array(z.object({ key: z.string(), intervalS: positive })),
});
export type Assignments = z.output<typeof assignmentsSchema>;

// --- POST /api/probe/results ----------------------------------------------------------------

const us = z.number().int().min(0).max(3_600_000_000);
const utf8AtMost = (bytes: number) =>
  z.string().max(bytes).refine((s) => Buffer.byteLength(s, "utf8") <= bytes, { error: `at most ${bytes} bytes of UTF-8` });

/** One check result as a probe pushes it: fields absent where the stored row holds NULL. */
export const pushedResultSchema = z.strictObject({
  monitorKey: z.string().min(1).max(200),
  startedAt: z.number().int().min(0),
  status: z.enum(["up", "degraded", "down"]),
  statusCode: z.number().int().min(0).max(999).optional(),
  errorClass: z.enum(ERROR_CLASSES).optional(),
  message: z.string().max(2_000).optional(),
  totalUs: us,
  dnsUs: us.optional(),
  connectUs: us.optional(),
  tlsUs: us.optional(),
  firstByteUs: us.optional(),
  transferUs: us.optional(),
  tlsExpiresAt: z.number().int().optional(),
  /** JSON text of every assertion, only when one failed. */
  assertions: z.string().max(20_000).optional(),
  /** A failed check's response headers and first body bytes (lib/checks/types.ts ResponseEvidence), bounded in bytes. */
  responseHeaders: utf8AtMost(RESPONSE_HEADERS_MAX_BYTES).optional(),
  responseBody: utf8AtMost(RESPONSE_BODY_MAX_BYTES).optional(),
});
export type PushedResult = z.output<typeof pushedResultSchema>;

/**
 * A batch of results under an id the probe keeps until the hub answers, so that a resend is
 * recognised and stored once.
 */
export const pushedBatchSchema = z.strictObject({
  batchId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, { error: "batchId must be 8 to 64 letters, digits, _ or -" }),
  results: z.array(pushedResultSchema).max(MAX_RESULTS_PER_BATCH, { error: `at most ${MAX_RESULTS_PER_BATCH} results per batch` }),
});
export type PushedBatch = z.output<typeof pushedBatchSchema>;

/** The hub's answer to a pushed batch (the JSON body of a 200). */
export const ingestOutcomeSchema = z.object({
  /** Results stored now (0 for a duplicate). */
  accepted: z.number().int().min(0),
  /** The batch id was stored before (a resend after a lost answer): nothing stored again. */
  duplicate: z.boolean(),
  /** Results refused, each for good, by position in the batch with the reason in words: the probe logs them and does not resend them. */
  rejected: z.array(z.object({ index: z.number().int().min(0), monitorKey: z.string(), reason: z.string() })),
  /**
   * Second opinion: keys of this region's monitors that another region saw fail within the last
   * SECOND_OPINION_WINDOW_MS (./ingest.ts). The probe re-checks them at once (bounded by its scheduler).
   */
  recheck: z.array(z.string()),
});
export type IngestOutcome = z.output<typeof ingestOutcomeSchema>;
export type RejectedResult = IngestOutcome["rejected"][number];

/** The first thing wrong with a body, in words: "results.0.totalUs: Too big: …". */
export function wireProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue.path.join(".") || "body"}: ${issue.message}`;
}
