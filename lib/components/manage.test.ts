import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb, makeMonitor } from "../db/test-db";
import { listAudit, type Actor } from "../audit/log";
import { createFirstAdmin } from "../auth/users";
import { UserError } from "../errors";
import { parseConfig } from "../config/load";
import { applyConfig } from "../config/sync";
import { listComponents } from "../dashboard/components";
import { archiveComponent, archiveGroup, componentByKey, createComponent, createGroup, groupByKey, updateComponent, updateGroup } from "./index";

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

const FILE = `page:\n  name: Test\ngroups:\n  - key: core\n    name: Core\ncomponents:\n  - key: api\n    name: API\n    group: core\n`;

describe("createComponent and createGroup", () => {
  it("store entries written as in the config file, with origin ui, page order after the others, and audit entries", async () => {
    await applyConfig(db, parseConfig(FILE, {}));
    const group = await createGroup(db, ALICE, { key: "billing", name: "Billing" }, T0);
    expect(group).toMatchObject({ key: "billing", name: "Billing", origin: "ui", displayOrder: 1, archivedAt: null });
    const row = await createComponent(db, ALICE, { key: "invoices", name: "Invoices", group: "billing", description: "Sending invoices", public: false, showLatency: false }, T0 + 1);
    expect(row).toMatchObject({ key: "invoices", origin: "ui", groupId: group.id, description: "Sending invoices", isPublic: false, showLatency: false, publishIncidents: false, displayOrder: 1 });
    // In a config group too, at a given position (a tie goes by name).
    expect(await createComponent(db, ALICE, { key: "search", name: "Search", group: "core", order: 0 })).toMatchObject({ displayOrder: 0 });
    expect((await listComponents(db)).map((c) => c.key)).toEqual(["api", "search", "invoices"]);
    const { entries } = await listAudit(db);
    expect(entries.map((e) => [e.action, e.entityId, e.actor])).toEqual([
      ["component.create", "search", "alice@example.com"],
      ["component.create", "invoices", "alice@example.com"],
      ["group.create", "billing", "alice@example.com"],
    ]);
    expect(entries[1]).toMatchObject({ at: T0 + 1, after: { key: "invoices", name: "Invoices", group: "billing", description: "Sending invoices", public: false, showLatency: false, publishIncidents: false, order: 1 } });
  });

  it("answer every invalid field by name, with the config file's messages, and write nothing", async () => {
    const err = await rejection(createComponent(db, ALICE, { key: "Bad Key", name: "", public: "yes", colour: "red", order: -1 }));
    expect(err.code).toBe("invalid_input");
    expect(Object.keys(err.fieldErrors!).sort()).toEqual(["colour", "key", "name", "order", "public"]);
    expect(err.fieldErrors!.key[0]).toMatch(/lowercase letters, digits and dashes/);
    expect(err.fieldErrors!.colour[0]).toBe("unknown field; expected one of: key, name, group, description, public, showLatency, publishIncidents, order");
    expect(err.fieldErrors!.public[0]).toBe("expected true or false");
    const unknownGroup = await rejection(createComponent(db, ALICE, { key: "a", name: "A", group: "cor" }));
    expect(unknownGroup.fieldErrors).toEqual({ group: ['unknown group "cor"; none exists yet'] });
    await createGroup(db, ALICE, { key: "core", name: "Core" });
    expect((await rejection(createComponent(db, ALICE, { key: "a", name: "A", group: "cor" }))).fieldErrors).toEqual({ group: ['unknown group "cor", did you mean "core"?'] });
    expect((await rejection(createComponent(db, ALICE, { key: "a", name: "A", description: "x".repeat(5_000) }))).message).toMatch(/at most 4096 characters/);
    expect((await rejection(createGroup(db, ALICE, { key: "g", name: "G", order: 1.5 }))).fieldErrors).toHaveProperty("order");
    expect(await componentByKey(db, "a")).toBeNull();
    expect((await listAudit(db)).entries.map((e) => e.action)).toEqual(["group.create"]);
  });

  it("refuse a key a live row holds (409 at the key field), and take over an archived one's key and row", async () => {
    await applyConfig(db, parseConfig(FILE, {}));
    const clash = await rejection(createComponent(db, ALICE, { key: "api", name: "Mine" }));
    expect(clash.code).toBe("conflict");
    expect(clash.fieldErrors!.key[0]).toBe('The key "api" is already used by the component "API" (declared in the config file): choose another key.');
    expect((await rejection(createGroup(db, ALICE, { key: "core", name: "Mine" }))).message).toMatch(/already used by the group "Core" \(declared in the config file\)/);
    const first = await createComponent(db, ALICE, { key: "web", name: "Web" });
    expect((await rejection(createComponent(db, ALICE, { key: "web", name: "Web 2" }))).message).toMatch(/"Web" \(created in the dashboard\)/);
    await archiveComponent(db, ALICE, "web");
    const again = await createComponent(db, ALICE, { key: "web", name: "Web again" });
    expect(again).toMatchObject({ id: first.id, name: "Web again", archivedAt: null, origin: "ui" });
  });
});

describe("updateComponent and updateGroup", () => {
  it("change only the fields sent, keep the rest, and record before and after", async () => {
    await createGroup(db, ALICE, { key: "core", name: "Core" });
    await createComponent(db, ALICE, { key: "api", name: "API", group: "core", description: "The API", public: false }, T0);
    const row = await updateComponent(db, ALICE, { key: "api", name: "Public API", order: 7 }, T0 + 1);
    expect(row).toMatchObject({ name: "Public API", description: "The API", isPublic: false, displayOrder: 7 });
    const out = await updateComponent(db, ALICE, { key: "api", group: null, description: null, public: true }, T0 + 2);
    expect(out).toMatchObject({ groupId: null, description: null, isPublic: true, name: "Public API" });
    // The same values again: nothing written.
    await updateComponent(db, ALICE, { key: "api", name: "Public API" }, T0 + 3);
    const entries = (await listAudit(db, { entity: "component", entityId: "api" })).entries;
    expect(entries.map((e) => e.action)).toEqual(["component.update", "component.update", "component.create"]);
    expect(entries[1]).toMatchObject({
      before: { key: "api", name: "API", group: "core", description: "The API", public: false, showLatency: true, publishIncidents: false, order: 0 },
      after: { key: "api", name: "Public API", group: "core", description: "The API", public: false, showLatency: true, publishIncidents: false, order: 7 },
    });
    const invalid = await rejection(updateComponent(db, ALICE, { key: "api", name: "", group: "nope", renamed: true }));
    expect(Object.keys(invalid.fieldErrors!).sort()).toEqual(["name", "renamed"]);
    expect((await rejection(updateComponent(db, ALICE, { key: "api", group: "cor" }))).fieldErrors).toEqual({ group: ['unknown group "cor", did you mean "core"?'] });
    expect((await rejection(updateComponent(db, ALICE, { key: "nope", name: "X" }))).code).toBe("not_found");

    expect(await updateGroup(db, ALICE, { key: "core", name: "Core services", order: 3 }, T0 + 4)).toMatchObject({ name: "Core services", displayOrder: 3 });
    expect((await listAudit(db, { entity: "group", entityId: "core" })).entries[0]).toMatchObject({ action: "group.update", before: { name: "Core", order: 0 }, after: { name: "Core services", order: 3 } });
  });
});

describe("archiveComponent and archiveGroup", () => {
  it("archive with an audit entry; refuse a component monitors point to, naming them, and a group that still holds components", async () => {
    await createGroup(db, ALICE, { key: "core", name: "Core" });
    const api = await createComponent(db, ALICE, { key: "api", name: "API", group: "core" });
    await makeMonitor(db, { key: "api-health", name: "API health", componentId: api.id });
    await makeMonitor(db, { key: "api-old", name: "Old", componentId: api.id, archivedAt: T0 });
    const busy = await rejection(archiveComponent(db, ALICE, "api"));
    expect(busy.code).toBe("conflict");
    expect(busy.message).toBe('The component "api" still has a monitor: "API health" (api-health). Move it to another component or archive it first.');
    const full = await rejection(archiveGroup(db, ALICE, "core"));
    expect(full.message).toBe('The group "core" still holds a component: "API" (api). Move it to another group (or none) or archive it first.');

    await db.$client.execute("UPDATE monitors SET component_id = NULL");
    await archiveComponent(db, ALICE, "api", T0 + 1);
    await archiveGroup(db, ALICE, "core", T0 + 2);
    expect((await componentByKey(db, "api"))!.archivedAt).toBe(T0 + 1);
    expect((await groupByKey(db, "core"))!.archivedAt).toBe(T0 + 2);
    expect((await rejection(archiveComponent(db, ALICE, "api"))).code).toBe("not_found");
    expect((await listAudit(db)).entries.slice(0, 2).map((e) => [e.action, e.entityId, e.before])).toEqual([
      ["group.archive", "core", { key: "core", name: "Core", order: 0 }],
      ["component.archive", "api", expect.objectContaining({ key: "api", group: "core" })],
    ]);
  });
});

describe("entries declared in the config file", () => {
  it("are refused with a conflict that names the file and the entry, and nothing is written", async () => {
    await applyConfig(db, parseConfig(FILE, {}));
    for (const [attempt, kind, key] of [
      [updateComponent(db, ALICE, { key: "api", name: "Renamed" }), "component", "api"],
      [archiveComponent(db, ALICE, "api"), "component", "api"],
      [updateGroup(db, ALICE, { key: "core", name: "Renamed" }), "group", "core"],
      [archiveGroup(db, ALICE, "core"), "group", "core"],
    ] as const) {
      const err = await rejection(attempt);
      expect(err.code).toBe("conflict");
      expect(err.message).toMatch(new RegExp(`^The ${kind} "${key}" is managed by config: (change|remove) it in status\\.config\\.yaml \\(the entry "key: ${key}" under ${kind}s:\\)`));
    }
    expect(await componentByKey(db, "api")).toMatchObject({ name: "API", archivedAt: null });
    expect((await listAudit(db)).entries).toEqual([]);
  });

  it("leave dashboard entries alone on sync, and a dashboard component may sit in a config group", async () => {
    await applyConfig(db, parseConfig(FILE, {}));
    await createComponent(db, ALICE, { key: "search", name: "Search", group: "core" });
    await createGroup(db, ALICE, { key: "extra", name: "Extra" });
    const summary = await applyConfig(db, parseConfig(FILE.replace("name: API", "name: API v2"), {}));
    expect(summary).toMatchObject({ updated: ["component:api"], archived: [] });
    expect(await componentByKey(db, "search")).toMatchObject({ origin: "ui", archivedAt: null });
    expect(await groupByKey(db, "extra")).toMatchObject({ origin: "ui", archivedAt: null });
  });
});
