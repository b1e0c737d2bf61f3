import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cliActor, listAudit, userActor } from "../audit/log";
import type { Db } from "../db/client";
import { monitorRegionStates, users } from "../db/schema";
import { createTestDb, makeMonitor } from "../db/test-db";
import { addRegion, ensureRegion, listRegionViews } from "../regions/store";
import { pulse, PULSE_STALE_MS } from "../workers/pulse";
import { authenticateProbe, createProbeToken, listProbeTokens, revokeProbeToken } from "./tokens";

const T0 = Date.UTC(2026, 11, 1, 9, 0, 0);

describe("probe tokens and regions, as the shell, dashboard and API manage them", () => {
  let db: Db;
  let cleanup: () => void;
  let admin: ReturnType<typeof userActor>;
  beforeEach(async () => {
    ({ db, cleanup } = await createTestDb());
    const [user] = await db.insert(users).values({ email: "root@example.com", passwordHash: "x", role: "admin", createdAt: T0 }).returning();
    admin = userActor(user);
  });
  afterEach(() => cleanup());

  it("creates a token (and its region), lists it without the secret, revokes it at once; each change audited with the token's id", async () => {
    const created = await createProbeToken(db, admin, " eu-west ", T0);
    expect(created).toMatchObject({ region: "eu-west", createdAt: T0, lastUsedAt: null, revokedAt: null });
    expect((await listRegionViews(db, T0)).map((r) => [r.name, r.activeTokens])).toEqual([["eu-west", 1]]);
    expect(await authenticateProbe(db, `Bearer ${created.token}`, T0 + 1000)).toEqual({ id: created.id, region: "eu-west" });
    expect(await listProbeTokens(db)).toEqual([{ id: created.id, region: "eu-west", createdAt: T0, lastUsedAt: T0 + 1000, revokedAt: null }]);

    const revoked = await revokeProbeToken(db, admin, created.id, T0 + 2000);
    expect(revoked.revokedAt).toBe(T0 + 2000);
    expect(await authenticateProbe(db, `Bearer ${created.token}`, T0 + 3000)).toBeNull();
    await expect(revokeProbeToken(db, admin, created.id)).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeProbeToken(db, admin, 999)).rejects.toMatchObject({ code: "not_found" });

    const { entries } = await listAudit(db, { entity: "probe_token" });
    expect(entries.map((e) => [e.action, e.entityId, e.actor])).toEqual([
      ["probe_token.revoke", String(created.id), "root@example.com"],
      ["probe_token.create", String(created.id), "root@example.com"],
    ]);
    expect(JSON.stringify(entries)).not.toContain(created.token.slice(3));
    await createProbeToken(db, cliActor("npm run probe-token -- create"), "us-east");
    expect((await listAudit(db, { entity: "probe_token" })).entries[0]).toMatchObject({ source: "cli", actor: "npm run probe-token -- create" });
  });

  it("refuses a region name outside the rule, naming the field", async () => {
    for (const bad of ["EU West", "", "-x", "a".repeat(33), "x".repeat(5000), "push"]) {
      await expect(createProbeToken(db, admin, bad)).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { region: [expect.stringMatching(/region/i)] } });
    }
    await expect(addRegion(db, admin, "Bad_Name")).rejects.toMatchObject({ code: "invalid_input", fieldErrors: { name: [expect.stringContaining("lowercase letters")] } });
    expect(await listProbeTokens(db)).toEqual([]);
  });

  it("adds a region once (audited) and shows each region's pulse, newest result and silence", async () => {
    await addRegion(db, admin, "ap-south", T0);
    await expect(addRegion(db, admin, "ap-south")).rejects.toMatchObject({ code: "conflict" });
    await pulse(db, "probe", "eu-west", T0, {}, T0);
    await addRegion(db, admin, "eu-west", T0);
    await ensureRegion(db, "push", T0); // heartbeat pushes: no probe, not listed
    const euId = (await listRegionViews(db, T0)).find((r) => r.name === "eu-west")!.id;
    const monitor = await makeMonitor(db, { key: "api" });
    await db.insert(monitorRegionStates).values({ monitorId: monitor.id, regionId: euId, status: "operational", since: T0, lastResultAt: T0 - 5000 });
    const views = await listRegionViews(db, T0 + PULSE_STALE_MS - 1);
    expect(views.map((r) => [r.name, r.lastPulseAt, r.lastResultAt, r.silent])).toEqual([
      ["ap-south", null, null, true],
      ["eu-west", T0, T0 - 5000, false],
    ]);
    expect((await listRegionViews(db, T0 + PULSE_STALE_MS + 1)).find((r) => r.id === euId)?.silent).toBe(true);
    expect((await listAudit(db, { entity: "region" })).entries.map((e) => [e.action, e.entityId])).toEqual([
      ["region.create", "eu-west"],
      ["region.create", "ap-south"],
    ]);
  });
});
