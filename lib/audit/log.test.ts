import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { applyRetention } from "../results/retention";
import { AUDIT_LOG_RETENTION_MS, AUDIT_SNAPSHOT_MAX_CHARS, auditStatement, CONFIG_ACTOR, listAudit, recordAudit, type Actor } from "./log";

const ana: Actor = { userId: null, label: "ana@example.com", source: "ui" };
const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe("audit log", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("stores who, what, when and the entity before and after, newest first", async () => {
    await recordAudit(db, CONFIG_ACTOR, { action: "monitor.create", entity: "monitor", entityId: "api", after: { name: "API" } }, T0);
    await recordAudit(db, ana, { action: "monitor.pause", entity: "monitor", entityId: "api", before: { paused: false }, after: { paused: true } }, T0 + 1_000);
    const { entries, next } = await listAudit(db);
    expect(next).toBeNull();
    expect(entries.map((e) => [e.at, e.actor, e.source, e.action, e.entityId])).toEqual([
      [T0 + 1_000, "ana@example.com", "ui", "monitor.pause", "api"],
      [T0, "status.config.yaml", "config", "monitor.create", "api"],
    ]);
    expect(entries[0]).toMatchObject({ before: { paused: false }, after: { paused: true } });
    expect(entries[1].before).toBeNull();
  });

  it("never stores a secret, at any depth", async () => {
    const channel = { name: "Pager", config: { url: "https://hooks.example/x", secret: "whsec_abc", auth: { password: "hunter2", tokenEnv: "" } }, apiKey: "sk_live_1" };
    await recordAudit(db, ana, { action: "channel.update", entity: "channel", entityId: 3, before: channel, after: channel }, T0);
    const [raw] = (await db.$client.execute("SELECT before, after FROM audit_log")).rows;
    for (const text of [String(raw.before), String(raw.after)]) {
      expect(text).not.toMatch(/whsec_abc|hunter2|sk_live_1/);
      expect(text).toContain("https://hooks.example/x");
    }
    const [entry] = (await listAudit(db)).entries;
    expect(entry.after).toEqual({ name: "Pager", config: { url: "https://hooks.example/x", secret: "[redacted]", auth: "[redacted]" }, apiKey: "[redacted]" });
  });

  it("cuts a huge snapshot and says so", async () => {
    await recordAudit(db, ana, { action: "incident.update", entity: "incident", entityId: 1, after: { body: "x".repeat(100_000) } }, T0);
    const [raw] = (await db.$client.execute("SELECT length(after) AS n FROM audit_log")).rows;
    expect(Number(raw.n)).toBeLessThanOrEqual(AUDIT_SNAPSHOT_MAX_CHARS + 100);
    const [entry] = (await listAudit(db)).entries;
    expect(entry.after).toMatchObject({ truncated: true, chars: 100_011 });
  });

  it("commits with the change it records, or not at all", async () => {
    const failing = db.$client.batch([auditStatement(ana, { action: "monitor.remove", entity: "monitor", entityId: "x" }, T0), { sql: "INSERT INTO no_such_table VALUES (1)", args: [] }], "write");
    await expect(failing).rejects.toThrow();
    expect((await listAudit(db)).entries).toEqual([]);
  });

  it("pages by id cursor and filters to one entity", async () => {
    for (let i = 0; i < 5; i++) await recordAudit(db, ana, { action: "monitor.update", entity: "monitor", entityId: i % 2 ? "a" : "b" }, T0 + i);
    const first = await listAudit(db, { limit: 2 });
    expect(first.entries.map((e) => e.at)).toEqual([T0 + 4, T0 + 3]);
    const second = await listAudit(db, { limit: 2, before: first.next! });
    expect(second.entries.map((e) => e.at)).toEqual([T0 + 2, T0 + 1]);
    const last = await listAudit(db, { limit: 2, before: second.next! });
    expect(last).toMatchObject({ next: null });
    expect(last.entries.map((e) => e.at)).toEqual([T0]);
    expect((await listAudit(db, { entity: "monitor", entityId: "a" })).entries.map((e) => e.at)).toEqual([T0 + 3, T0 + 1]);
  });

  it("is pruned past its retention with the rest", async () => {
    await recordAudit(db, ana, { action: "monitor.update", entity: "monitor", entityId: "old" }, T0);
    await recordAudit(db, ana, { action: "monitor.update", entity: "monitor", entityId: "new" }, T0 + 2 * 86_400_000);
    await applyRetention(db, T0 + AUDIT_LOG_RETENTION_MS + 86_400_000);
    expect((await listAudit(db)).entries.map((e) => e.entityId)).toEqual(["new"]);
  });
});
