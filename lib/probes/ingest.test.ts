import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { checkResults } from "../db/schema";
import { listHeartbeats } from "../workers/heartbeat";
import { assignmentsFor, IngestError, ingestBatch } from "./ingest";
import { authenticateProbe, createProbeToken, revokeProbeToken } from "./tokens";

const result = (monitorKey: string, startedAt: number, status = "up") => ({ monitorKey, startedAt, status, totalUs: 1234, connectUs: 100 });

describe("push mode: tokens, assignments, ingest", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("authenticates a region's token until it is revoked; never stores the token itself", async () => {
    const { id, token } = await createProbeToken(db, "eu-west");
    expect(token).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateProbe(db, `Bearer ${token}`)).toEqual({ id, region: "eu-west" });
    expect(await authenticateProbe(db, `Bearer ${token}x`)).toBeNull();
    expect(await authenticateProbe(db, null)).toBeNull();
    const raw = JSON.stringify(await db.$client.execute("SELECT * FROM probe_tokens").then((r) => r.rows));
    expect(raw).not.toContain(token.slice(3));
    expect(await revokeProbeToken(db, id)).toBe(true);
    expect(await authenticateProbe(db, `Bearer ${token}`)).toBeNull();
    await expect(createProbeToken(db, "EU West")).rejects.toThrow(/lowercase letters/);
  });

  it("assigns a region its monitors and spaces slots over all of them", async () => {
    await makeMonitor(db, { key: "everywhere" });
    await makeMonitor(db, { key: "us-only", regions: ["us-east"] });
    await makeMonitor(db, { key: "push", type: "heartbeat", checkConfig: { grace: 60_000 } });
    const a = await assignmentsFor(db, "eu-west");
    expect(a.monitors.map((m) => m.key)).toEqual(["everywhere"]);
    expect(a.spacing.map((m) => m.key).sort()).toEqual(["everywhere", "us-only"]);
  });

  it("stores each batch exactly once, drops results for unknown monitors, and counts as a heartbeat", async () => {
    await makeMonitor(db, { key: "api" });
    const batch = { batchId: "batch-0001", results: [result("api", 1_000), result("api", 2_000, "down"), result("gone", 3_000)] };
    expect(await ingestBatch(db, "eu-west", batch, 5_000)).toEqual({ accepted: 3, duplicate: false });
    expect(await ingestBatch(db, "eu-west", batch, 6_000)).toEqual({ accepted: 0, duplicate: true });
    const rows = await db.select().from(checkResults);
    expect(rows.map((r) => [r.startedAt, r.status, r.totalUs, r.connectUs])).toEqual([
      [1_000, 0, 1234, 100],
      [2_000, 2, 1234, 100],
    ]);
    expect((await listHeartbeats(db)).find((h) => h.region === "eu-west")?.lastBeatAt).toBe(6_000);
    // An empty batch is a heartbeat.
    expect(await ingestBatch(db, "eu-west", { batchId: "batch-0002", results: [] }, 7_000)).toEqual({ accepted: 0, duplicate: false });
  });

  it("refuses malformed batches with a message that names the field", async () => {
    const bad = (body: unknown) => ingestBatch(db, "eu-west", body).catch((e) => e);
    expect(await bad({ batchId: "x", results: [] })).toBeInstanceOf(IngestError);
    expect((await bad({ batchId: "x", results: [] })).message).toBe("invalid batch: batchId: batchId must be 8 to 64 letters, digits, _ or -");
    expect((await bad({ batchId: "batch-0003", results: [{ ...result("api", 1), status: "fine" }] })).message).toMatch(/^invalid batch: results\.0\.status/);
    expect((await bad({ batchId: "batch-0003", results: [{ ...result("api", 1), extra: 1 }] })).message).toMatch(/^invalid batch: results\.0/);
    expect((await bad("not an object")).message).toMatch(/^invalid batch: body/);
  });
});
