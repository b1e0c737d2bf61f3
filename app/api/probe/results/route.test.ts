import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkResults } from "@/lib/db/schema";
import { createTestDb, makeMonitor } from "@/lib/db/test-db";
import type { Db } from "@/lib/db/client";
import { BODY_LIMITS } from "@/lib/http/body";
import { createProbeToken } from "@/lib/probes/tokens";
import { SYSTEM_ACTOR } from "@/lib/audit/log";
import { POST } from "./route";

const LIMIT = BODY_LIMITS.probeBatchBytes;
const CHUNK = 64 * 1024;

/** A body that would be `totalBytes` long, made on demand; counts what the reader pulled. */
function hugeBody(totalBytes: number) {
  const seen = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode(`{"batchId":"big-batch-01","results":[` + " ".repeat(CHUNK - 37));
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= totalBytes) return controller.close();
        seen.pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const post = (headers: Record<string, string>, body: BodyInit) =>
  POST(new Request("http://status.test/api/probe/results", { method: "POST", headers, body, duplex: "half" } as RequestInit));

describe("POST /api/probe/results", () => {
  let db: Db;
  let cleanup: () => void;
  let auth: string;
  beforeAll(async () => {
    const test = await createTestDb();
    ({ db, cleanup } = test);
    process.env.DATABASE_URL = test.url; // read by getDb() on its first call
    auth = `Bearer ${(await createProbeToken(db, SYSTEM_ACTOR, "eu-west")).token}`;
    await makeMonitor(db, { key: "api" });
    await makeMonitor(db, { key: "us-only", regions: ["us-east"] });
  });
  afterAll(() => cleanup());

  it("stores the valid results of a batch and answers each refused one with its reason", async () => {
    const now = Date.now();
    const res = await post(
      { authorization: auth, "content-type": "application/json" },
      JSON.stringify({
        batchId: "route-batch-01",
        results: [
          { monitorKey: "api", startedAt: now - 1_000, status: "up", totalUs: 1_000 },
          { monitorKey: "us-only", startedAt: now - 1_000, status: "up", totalUs: 1_000 },
        ],
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      accepted: 1,
      duplicate: false,
      recheck: [],
      rejected: [{ index: 1, monitorKey: "us-only", reason: 'monitor "us-only" is not assigned to region eu-west (it runs in us-east)' }],
    });
    expect(await db.$count(checkResults)).toBe(1);
  });

  it("answers 413 to a streamed body past the limit after reading little more than the limit", async () => {
    const { stream, seen } = hugeBody(200 * 1024 * 1024);
    const res = await post({ authorization: auth, "content-type": "application/json" }, stream);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe(`the request body is larger than ${LIMIT} bytes: send less`);
    expect(seen.pulled).toBeGreaterThan(LIMIT);
    expect(seen.pulled).toBeLessThanOrEqual(LIMIT + 2 * CHUNK);
    expect(seen.cancelled).toBe(true);
  });

  it("answers 413 to a declared Content-Length past the limit without reading the body", async () => {
    const { stream, seen } = hugeBody(200 * 1024 * 1024);
    const res = await post({ authorization: auth, "content-type": "application/json", "content-length": String(LIMIT + 1) }, stream);
    expect(res.status).toBe(413);
    expect(seen.pulled).toBe(0);
  });

  it("reads nothing of a request without a valid token", async () => {
    const { stream, seen } = hugeBody(200 * 1024 * 1024);
    const res = await post({ authorization: "Bearer pt_wrong", "content-type": "application/json" }, stream);
    expect(res.status).toBe(401);
    expect(seen.pulled).toBe(0);
  });

  it("answers 422 to a body that is not JSON, and to a malformed batch naming the field", async () => {
    let res = await post({ authorization: auth, "content-type": "application/json" }, "{not json");
    expect(res.status).toBe(422);
    expect((await res.json()).error).toBe("the body must be JSON: { batchId, results: [...] }");
    res = await post({ authorization: auth, "content-type": "application/json" }, JSON.stringify({ batchId: "x", results: [] }));
    expect(res.status).toBe(422);
    expect((await res.json()).error).toMatch(/^invalid batch: batchId/);
  });
});
