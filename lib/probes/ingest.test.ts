import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, makeMonitor } from "../db/test-db";
import type { Db } from "../db/client";
import { checkResults } from "../db/schema";
import { listPulses } from "../workers/pulse";
import { MAX_CLOCK_SKEW_MS } from "../results/store";
import { UserError } from "../errors";
import { assignmentsFor, ingestBatch, INGESTED_BATCH_RETENTION_MS } from "./ingest";
import { authenticateProbe, createProbeToken, revokeProbeToken } from "./tokens";
import { SYSTEM_ACTOR } from "../audit/log";

const result = (monitorKey: string, startedAt: number, status = "up") => ({ monitorKey, startedAt, status, totalUs: 1234, connectUs: 100 });

describe("push mode: tokens, assignments, ingest", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("authenticates a region's token until it is revoked; never stores the token itself", async () => {
    const { id, token } = await createProbeToken(db, SYSTEM_ACTOR, "eu-west");
    expect(token).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);
    expect(await authenticateProbe(db, `Bearer ${token}`)).toEqual({ id, region: "eu-west" });
    expect(await authenticateProbe(db, `Bearer ${token}x`)).toBeNull();
    expect(await authenticateProbe(db, null)).toBeNull();
    const raw = JSON.stringify(await db.$client.execute("SELECT * FROM probe_tokens").then((r) => r.rows));
    expect(raw).not.toContain(token.slice(3));
    expect((await revokeProbeToken(db, SYSTEM_ACTOR, id)).revokedAt).not.toBeNull();
    expect(await authenticateProbe(db, `Bearer ${token}`)).toBeNull();
    await expect(createProbeToken(db, SYSTEM_ACTOR, "EU West")).rejects.toThrow(/lowercase letters/);
  });

  it("assigns a region its monitors and spaces slots over all of them", async () => {
    await makeMonitor(db, { key: "everywhere" });
    await makeMonitor(db, { key: "us-only", regions: ["us-east"] });
    await makeMonitor(db, { key: "push", type: "heartbeat", checkConfig: { grace: 60_000 } });
    const a = await assignmentsFor(db, "eu-west");
    expect(a.monitors.map((m) => m.key)).toEqual(["everywhere"]);
    expect(a.spacing.map((m) => m.key).sort()).toEqual(["everywhere", "us-only"]);
  });

  it("stores each batch exactly once, refuses results for unknown monitors with a reason, and counts as a pulse", async () => {
    await makeMonitor(db, { key: "api" });
    const batch = { batchId: "batch-0001", results: [result("api", 1_000), result("api", 2_000, "down"), result("gone", 3_000)] };
    expect(await ingestBatch(db, "eu-west", batch, 5_000)).toEqual({
      accepted: 2,
      duplicate: false,
      recheck: [],
      rejected: [{ index: 2, monitorKey: "gone", reason: 'no active monitor "gone" (removed from the config?)' }],
    });
    expect(await ingestBatch(db, "eu-west", batch, 6_000)).toEqual({ accepted: 0, duplicate: true, rejected: [], recheck: [] });
    const rows = await db.select().from(checkResults);
    expect(rows.map((r) => [r.startedAt, r.status, r.totalUs, r.connectUs])).toEqual([
      [1_000, 0, 1234, 100],
      [2_000, 2, 1234, 100],
    ]);
    expect((await listPulses(db)).find((h) => h.region === "eu-west")?.lastBeatAt).toBe(6_000);
    // An empty batch is a pulse.
    expect(await ingestBatch(db, "eu-west", { batchId: "batch-0002", results: [] }, 7_000)).toEqual({ accepted: 0, duplicate: false, rejected: [], recheck: [] });
  });

  it("stores only what the token's region could have checked, now-ish, and refuses the rest of the batch with reasons", async () => {
    const now = Date.UTC(2026, 10, 26, 10, 0, 0);
    const everywhere = await makeMonitor(db, { key: "everywhere" });
    await makeMonitor(db, { key: "us-only", regions: ["us-east"] });
    await makeMonitor(db, { key: "push", type: "heartbeat", checkConfig: { grace: 60_000 } });
    await makeMonitor(db, { key: "old", archivedAt: now - 1_000 });
    const batch = {
      batchId: "batch-mixed-01",
      results: [
        result("everywhere", now - 1_000),
        result("us-only", now - 1_000),
        result("push", now - 1_000),
        result("everywhere", 0),
        result("everywhere", Number.MAX_SAFE_INTEGER),
        result("everywhere", now + 365 * 86_400_000),
        result("everywhere", now + MAX_CLOCK_SKEW_MS + 1),
        result("everywhere", now - INGESTED_BATCH_RETENTION_MS),
        result("old", now - 1_000),
        result("everywhere", now + MAX_CLOCK_SKEW_MS - 1, "down"), // within the skew: a clock a little ahead
      ],
    };
    const out = await ingestBatch(db, "eu-west", batch, now);
    expect(out.accepted).toBe(2);
    expect(out.duplicate).toBe(false);
    expect(out.rejected.map((r) => [r.index, r.monitorKey])).toEqual([
      [1, "us-only"],
      [2, "push"],
      [3, "everywhere"],
      [4, "everywhere"],
      [5, "everywhere"],
      [6, "everywhere"],
      [7, "everywhere"],
      [8, "old"],
    ]);
    const reasons = out.rejected.map((r) => r.reason);
    expect(reasons[0]).toBe('monitor "us-only" is not assigned to region eu-west (it runs in us-east)');
    expect(reasons[1]).toBe('monitor "push" is a heartbeat monitor: its results come from its own pushes, not from probes');
    expect(reasons[2]).toBe("startedAt 1970-01-01T00:00:00.000Z is older than the 7 days the hub remembers batch ids, so it could not tell a resend from a new result");
    expect(reasons[3]).toBe(`startedAt 9007199254740991 is more than 60 s ahead of the hub's clock (2026-11-26T10:00:00.000Z): is the probe machine's clock right?`);
    expect(reasons[4]).toMatch(/^startedAt 2027-11-26T10:00:00\.000Z is more than 60 s ahead/);
    expect(reasons[5]).toMatch(/is more than 60 s ahead/);
    expect(reasons[6]).toMatch(/is older than the 7 days/);
    expect(reasons[7]).toBe('no active monitor "old" (removed from the config?)');
    const rows = await db.select().from(checkResults);
    expect(rows.map((r) => [r.monitorId, r.startedAt, r.status])).toEqual([
      [everywhere.id, now - 1_000, 0],
      [everywhere.id, now + MAX_CLOCK_SKEW_MS - 1, 2],
    ]);
  });

  it("scopes batch ids per region: another region's id is not a duplicate, a resend in the same region is", async () => {
    const now = Date.UTC(2026, 10, 26, 10, 0, 0);
    await makeMonitor(db, { key: "api" });
    const batch = (at: number) => ({ batchId: "same-id-0001", results: [result("api", at)] });
    expect(await ingestBatch(db, "eu-west", batch(now - 2_000), now)).toEqual({ accepted: 1, duplicate: false, rejected: [], recheck: [] });
    expect(await ingestBatch(db, "us-east", batch(now - 1_000), now)).toEqual({ accepted: 1, duplicate: false, rejected: [], recheck: [] });
    expect(await ingestBatch(db, "us-east", batch(now - 1_000), now + 1_000)).toEqual({ accepted: 0, duplicate: true, rejected: [], recheck: [] });
    const rows = await db.$client.execute("SELECT r.name AS region, c.started_at AS at FROM check_results c JOIN regions r ON r.id = c.region_id ORDER BY c.id");
    expect(rows.rows.map((r) => [r.region, r.at])).toEqual([
      ["eu-west", now - 2_000],
      ["us-east", now - 1_000],
    ]);
  });

  it("refuses malformed batches with a message that names the field", async () => {
    const bad = (body: unknown) => ingestBatch(db, "eu-west", body).catch((e) => e);
    expect(await bad({ batchId: "x", results: [] })).toBeInstanceOf(UserError);
    expect((await bad({ batchId: "x", results: [] })).message).toBe("invalid batch: batchId: batchId must be 8 to 64 letters, digits, _ or -");
    expect((await bad({ batchId: "batch-0003", results: [{ ...result("api", 1), status: "fine" }] })).message).toMatch(/^invalid batch: results\.0\.status/);
    expect((await bad({ batchId: "batch-0003", results: [{ ...result("api", 1), extra: 1 }] })).message).toMatch(/^invalid batch: results\.0/);
    expect((await bad("not an object")).message).toMatch(/^invalid batch: body/);
  });
});
