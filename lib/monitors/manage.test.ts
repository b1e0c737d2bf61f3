import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb, makeComponent, makeMonitor } from "../db/test-db";
import { listAudit, type Actor } from "../audit/log";
import { createFirstAdmin } from "../auth/users";
import { UserError } from "../errors";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { archiveMonitor, createMonitor, monitorByKey, pauseMonitor, resumeMonitor, updateMonitor } from "./index";

let ALICE: Actor;
const T0 = 1_700_000_000_000;

let db: Db;
let cleanup: () => void;
beforeEach(async () => {
  ({ db, cleanup } = await createTestDb());
  ALICE = { userId: await createFirstAdmin(db, "alice@example.com", "a long enough password"), label: "alice@example.com", source: "ui" };
});
afterEach(() => cleanup());

async function rejection(p: Promise<unknown>): Promise<UserError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  return err as UserError;
}

const FILE = (monitors: string) =>
  parseConfig(`page:\n  name: Test\ncomponents:\n  - key: api\n    name: API\nmonitors:\n${monitors}`, {});

describe("createMonitor", () => {
  it("stores an entry written as in the config file, with origin ui, its spec and an audit entry", async () => {
    await makeComponent(db, { key: "api", isPublic: false });
    const entry = { key: "web-home", name: "Home", type: "http", component: "api", url: "http://127.0.0.1:9/", interval: "30s" };
    const row = await createMonitor(db, ALICE, entry, T0);
    expect(row).toMatchObject({ key: "web-home", origin: "ui", type: "http", intervalS: 30, timeoutMs: 10_000, isPublic: false, spec: entry, pausedAt: null });
    expect(row.checkConfig).toMatchObject({ url: "http://127.0.0.1:9/", expectedStatus: [[200, 299]] });
    const { entries } = await listAudit(db, { entity: "monitor" });
    expect(entries).toEqual([expect.objectContaining({ action: "monitor.create", entityId: "web-home", actor: "alice@example.com", source: "ui", after: entry, at: T0 })]);
  });

  it("answers every invalid field by name, with the config file's messages", async () => {
    const err = await rejection(createMonitor(db, ALICE, { key: "Bad Key", name: "", type: "http", url: "not a url", interval: "2s", colour: "red" }));
    expect(err.code).toBe("invalid_input");
    expect(Object.keys(err.fieldErrors!).sort()).toEqual(["colour", "interval", "key", "name", "url"]);
    expect(err.fieldErrors!.interval[0]).toBe("must be at least 10s, got 2s");
    expect(err.fieldErrors!.key[0]).toMatch(/lowercase letters, digits and dashes/);
    expect(await monitorByKey(db, "Bad Key")).toBeNull();
    expect((await listAudit(db)).entries).toEqual([]);
  });

  it("refuses an unknown type, component or escalation policy, and a key in use", async () => {
    expect((await rejection(createMonitor(db, ALICE, { key: "a", name: "A", type: "ftp" }))).fieldErrors).toEqual({ type: [expect.stringMatching(/unknown monitor type "ftp"/)] });
    await makeComponent(db, { key: "api" });
    const unknownComponent = await rejection(createMonitor(db, ALICE, { key: "a", name: "A", type: "tcp", host: "127.0.0.1", port: 9, component: "apo" }));
    expect(unknownComponent.fieldErrors).toEqual({ component: ['unknown component "apo", did you mean "api"?'] });
    const unknownPolicy = await rejection(createMonitor(db, ALICE, { key: "a", name: "A", type: "tcp", host: "127.0.0.1", port: 9, escalation: "oncall" }));
    expect(unknownPolicy.fieldErrors).toEqual({ escalation: ['unknown escalation policy "oncall"; none exists yet'] });
    await makeMonitor(db, { key: "taken", name: "Taken" });
    const taken = await rejection(createMonitor(db, ALICE, { key: "taken", name: "A", type: "tcp", host: "127.0.0.1", port: 9 }));
    expect(taken.fieldErrors!.key[0]).toMatch(/already used by the monitor "Taken" \(declared in the config file\)/);
  });

  it("refuses an oversized entry", async () => {
    const err = await rejection(createMonitor(db, ALICE, { key: "a", name: "A", type: "http", url: `http://x/${"a".repeat(40_000)}` }));
    expect(err.message).toMatch(/at most 32768 characters/);
  });
});

describe("updateMonitor and archiveMonitor", () => {
  it("replace and archive a dashboard monitor, each with its audit entry", async () => {
    await createMonitor(db, ALICE, { key: "db", name: "Database", type: "tcp", host: "127.0.0.1", port: 5432 }, T0);
    const updated = await updateMonitor(db, ALICE, { key: "db", name: "Database primary", type: "tcp", host: "127.0.0.1", port: 5433, interval: "2m" }, T0 + 1);
    expect(updated).toMatchObject({ name: "Database primary", intervalS: 120, checkConfig: expect.objectContaining({ port: 5433 }) });
    const invalid = await rejection(updateMonitor(db, ALICE, { key: "db", name: "Database", type: "tcp", host: "127.0.0.1", port: 70_000 }));
    expect(Object.keys(invalid.fieldErrors!)).toEqual(["port"]);
    await archiveMonitor(db, ALICE, "db", T0 + 2);
    expect((await monitorByKey(db, "db"))!.archivedAt).toBe(T0 + 2);
    expect((await rejection(archiveMonitor(db, ALICE, "db"))).code).toBe("not_found");
    const actions = (await listAudit(db, { entity: "monitor", entityId: "db" })).entries.map((e) => e.action);
    expect(actions).toEqual(["monitor.archive", "monitor.update", "monitor.create"]);
  });

  it("refuse a monitor declared in the config file with a conflict that names the file and the key", async () => {
    await applyConfig(db, FILE("  - key: api-health\n    name: API health\n    type: http\n    url: http://127.0.0.1:9/\n"));
    for (const attempt of [
      updateMonitor(db, ALICE, { key: "api-health", name: "Renamed", type: "http", url: "http://127.0.0.1:9/" }),
      archiveMonitor(db, ALICE, "api-health"),
    ]) {
      const err = await rejection(attempt);
      expect(err.code).toBe("conflict");
      expect(err.message).toMatch(/"api-health" is managed by config: .* in status\.config\.yaml \(the entry "key: api-health" under monitors:\)/);
    }
    expect((await monitorByKey(db, "api-health"))!).toMatchObject({ name: "API health", archivedAt: null });
    expect((await listAudit(db)).entries).toEqual([]);
  });

  it("take over an archived monitor's key, history and all", async () => {
    const first = await createMonitor(db, ALICE, { key: "db", name: "Database", type: "tcp", host: "127.0.0.1", port: 5432 }, T0);
    await archiveMonitor(db, ALICE, "db", T0 + 1);
    const again = await createMonitor(db, ALICE, { key: "db", name: "Database again", type: "tcp", host: "127.0.0.1", port: 5432 }, T0 + 2);
    expect(again).toMatchObject({ id: first.id, name: "Database again", archivedAt: null, origin: "ui" });
  });
});

describe("config sync and dashboard monitors", () => {
  it("leaves dashboard monitors alone: not updated, not archived when absent from the file", async () => {
    await applyConfig(db, FILE("  - key: api-health\n    name: API health\n    type: http\n    url: http://127.0.0.1:9/\n"));
    await createMonitor(db, ALICE, { key: "web", name: "Web", type: "http", url: "http://127.0.0.1:9/", component: "api" }, T0);
    const before = await monitorByKey(db, "web");
    const summary = await applyConfig(db, FILE("  - key: other\n    name: Other\n    type: http\n    url: http://127.0.0.1:9/\n"));
    expect(summary.archived).toEqual(["monitor:api-health"]);
    expect(await monitorByKey(db, "web")).toEqual(before);
  });

  it("refuses a file entry whose key a dashboard monitor holds, naming both", async () => {
    await applyConfig(db, FILE("  []\n"));
    await createMonitor(db, ALICE, { key: "web", name: "Web (dashboard)", type: "http", url: "http://127.0.0.1:9/" });
    const clash = await applyConfig(db, FILE("  - key: web\n    name: Web (file)\n    type: http\n    url: http://127.0.0.1:9/\n")).catch((e: Error) => e);
    expect(clash).toMatchObject({ name: "ConfigError" });
    expect((clash as Error).message).toBe(
      'monitors[0].key: key "web" (Web (file)) is already used by the monitor "Web (dashboard)" created in the dashboard: rename this entry, or archive the dashboard monitor first',
    );
    expect(await monitorByKey(db, "web")).toMatchObject({ name: "Web (dashboard)", origin: "ui" });
  });

  it("leaves dashboard components alone too, and refuses a file component on their key", async () => {
    await makeComponent(db, { key: "billing", name: "Billing", origin: "ui" });
    await applyConfig(db, FILE("  []\n"));
    expect((await db.query.components.findFirst({ where: (c, { eq }) => eq(c.key, "billing") }))!.archivedAt).toBeNull();
    await makeComponent(db, { key: "shop", name: "Shop", origin: "ui" });
    const text = `page:\n  name: Test\ncomponents:\n  - key: shop\n    name: Shop (file)\n`;
    await expect(applyConfig(db, parseConfig(text, {}))).rejects.toThrow('components[0].key: key "shop" (Shop (file)) is already used by the component "Shop" created in the dashboard');
  });

  it("keeps a pause across syncs that change the monitor", async () => {
    await applyConfig(db, FILE("  - key: api-health\n    name: API health\n    type: http\n    url: http://127.0.0.1:9/\n"));
    await pauseMonitor(db, ALICE, "api-health", T0);
    await applyConfig(db, FILE("  - key: api-health\n    name: API health (renamed)\n    type: http\n    url: http://127.0.0.1:9/\n"));
    expect(await monitorByKey(db, "api-health")).toMatchObject({ name: "API health (renamed)", pausedAt: T0, pausedBy: "alice@example.com" });
  });
});

describe("pauseMonitor and resumeMonitor", () => {
  it("pause and resume a config-managed monitor too, once each, with audit entries", async () => {
    await applyConfig(db, FILE("  - key: api-health\n    name: API health\n    type: http\n    url: http://127.0.0.1:9/\n"));
    expect(await pauseMonitor(db, ALICE, "api-health", T0)).toMatchObject({ pausedAt: T0, pausedBy: "alice@example.com", updatedAt: T0 });
    expect(await pauseMonitor(db, ALICE, "api-health", T0 + 1)).toMatchObject({ pausedAt: T0 });
    expect(await resumeMonitor(db, ALICE, "api-health", T0 + 2)).toMatchObject({ pausedAt: null, pausedBy: null, updatedAt: T0 + 2 });
    expect(await resumeMonitor(db, ALICE, "api-health", T0 + 3)).toMatchObject({ pausedAt: null });
    expect((await listAudit(db)).entries.map((e) => e.action)).toEqual(["monitor.resume", "monitor.pause"]);
    expect((await rejection(pauseMonitor(db, ALICE, "nope"))).code).toBe("not_found");
  });
});
