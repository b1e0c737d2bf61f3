import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { newBatchId } from "../../worker/outbox";
import { parseAssignments, toPushedResult } from "../../worker/remote-probe";
import { assignmentsFor, ingestBatch } from "./ingest";
import { ingestOutcomeSchema, MAX_RESULTS_PER_BATCH, pushedBatchSchema } from "./wire";

describe("the push-mode wire contract, one module for the hub and the probe", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("what the hub assigns is what the probe reads", async () => {
    await makeMonitor(db, { key: "api" });
    const sent = await assignmentsFor(db, "eu-west");
    expect(parseAssignments(JSON.parse(JSON.stringify(sent)))).toEqual(sent);
    expect(() => parseAssignments({ ...sent, region: "EU West" })).toThrow(/^assignments: region: expected a region name like eu-west/);
    expect(() => parseAssignments({ ...sent, monitors: [{ ...sent.monitors[0], intervalS: 0 }] })).toThrow(/^assignments: monitors\.0\.intervalS: /);
  });

  it("what the probe pushes is what the hub takes, up to the one batch limit, and the hub's answer is what the probe reads", async () => {
    await makeMonitor(db, { key: "api" });
    const failed = [{ name: "status", ok: false, expected: "200-299", actual: "503", severity: "down" as const }];
    const results = [
      toPushedResult("api", { status: "up", startedAt: 1_000, totalUs: 7, phases: { dnsUs: 1 }, statusCode: 200, assertions: [] }),
      toPushedResult("api", { status: "down", startedAt: 2_000, totalUs: 7, phases: {}, statusCode: 503, errorClass: "assertion", message: "status 503", assertions: failed, response: { headers: "retry-after: 30", body: "<h1>Down</h1>" } }),
    ];
    expect(toPushedResult("api", { status: "up", startedAt: 3_000, totalUs: 7, phases: {}, assertions: [], response: { headers: "a: b", body: "x" } }).responseHeaders).toBeUndefined();
    const batch = { batchId: newBatchId(), results };
    expect(pushedBatchSchema.safeParse(batch).success).toBe(true);
    expect(pushedBatchSchema.safeParse({ ...batch, results: Array(MAX_RESULTS_PER_BATCH + 1).fill(results[0]) }).success).toBe(false);
    const answer = await ingestBatch(db, "eu-west", batch, 5_000);
    expect(answer.accepted).toBe(2);
    const stored = await db.$client.execute("SELECT status, response_headers, response_body FROM check_results ORDER BY started_at");
    expect(stored.rows.map((r) => [r.status, r.response_headers, r.response_body])).toEqual([[0, null, null], [2, "retry-after: 30", "<h1>Down</h1>"]]);
    const oversized = { ...results[1], responseBody: "é".repeat(600) };
    expect(pushedBatchSchema.safeParse({ ...batch, results: [oversized] }).success).toBe(false);
    expect(ingestOutcomeSchema.parse(JSON.parse(JSON.stringify(answer)))).toEqual(answer);
  });
});
