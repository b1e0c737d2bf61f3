import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { checkResults, componentGroups, components, monitors } from "../db/schema";
import { createTestDb } from "../db/test-db";
import { loadConfig, parseConfig } from "./load";
import { applyConfig, monitorConfigHash } from "./sync";
import { readPageSettings } from "../settings/page";

const T0 = 1_700_000_000_000;
const ENV = { TARGET: "http://127.0.0.1:4100" };

/** A config with two groups, three components and three monitors; `edit` rewrites its text. */
function config(edit: (text: string) => string = (t) => t) {
  const text = `
page:
  name: Test
groups:
  - key: core
    name: Core
  - key: web
    name: Web
components:
  - key: api
    name: API
    group: core
  - key: search
    name: Search
    group: core
  - key: site
    name: Website
    group: web
monitors:
  - key: api-health
    name: API health
    type: http
    component: api
    url: \${TARGET}/healthy
  - key: search-latency
    name: Search latency
    type: http
    component: search
    interval: 15s
    url: \${TARGET}/slow
    maxLatency: 600ms
  - key: site-home
    name: Home
    type: http
    component: site
    url: \${TARGET}/healthy
`;
  return parseConfig(edit(text), ENV);
}

/** Removes the list entry (a "  - key: <key>" line and its indented lines) from a YAML text. */
function without(key: string) {
  return (text: string) => text.replace(new RegExp(`  - key: ${key}\\n(    .*\\n)*`), "");
}

async function dump(db: Db) {
  return {
    groups: await db.select().from(componentGroups).orderBy(componentGroups.id),
    components: await db.select().from(components).orderBy(components.id),
    monitors: await db.select().from(monitors).orderBy(monitors.id),
    checkResults: await db.select().from(checkResults).orderBy(checkResults.id),
  };
}

// A real SQLite file per test, migrated like production.
let db: Db;
let cleanup: () => void;

beforeEach(async () => {
  ({ db, cleanup } = await createTestDb());
});

afterEach(() => cleanup());

describe("applyConfig", () => {
  it("creates groups, components and monitors, in file order, with references resolved", async () => {
    const summary = await applyConfig(db, config(), T0);
    expect(summary).toEqual({
      created: ["group:core", "group:web", "component:api", "component:search", "component:site", "monitor:api-health", "monitor:search-latency", "monitor:site-home"],
      updated: [],
      archived: [],
      unchanged: 0,
    });

    const { groups, components: comps, monitors: mons } = await dump(db);
    expect(groups.map((g) => [g.key, g.displayOrder, g.archivedAt])).toEqual([
      ["core", 0, null],
      ["web", 1, null],
    ]);
    const groupId = Object.fromEntries(groups.map((g) => [g.key, g.id]));
    expect(comps.map((c) => [c.key, c.groupId, c.displayOrder])).toEqual([
      ["api", groupId.core, 0],
      ["search", groupId.core, 1],
      ["site", groupId.web, 2],
    ]);
    const componentId = Object.fromEntries(comps.map((c) => [c.key, c.id]));
    const search = mons.find((m) => m.key === "search-latency")!;
    expect(search).toMatchObject({
      type: "http",
      componentId: componentId.search,
      intervalS: 15,
      timeoutMs: 7_500,
      isPublic: true,
      createdAt: T0,
      updatedAt: T0,
      archivedAt: null,
      configHash: monitorConfigHash(config().monitors[1]),
    });
    expect(search.checkConfig).toEqual(config().monitors[1].checkConfig);
  });

  it("writes nothing when the same config is applied again", async () => {
    await applyConfig(db, config(), T0);
    const before = await dump(db);

    const summary = await applyConfig(db, config(), T0 + 60_000);
    expect(summary).toEqual({ created: [], updated: [], archived: [], unchanged: 8 });
    expect(await dump(db)).toEqual(before);
  });

  it("updates only the monitor that changed", async () => {
    await applyConfig(db, config(), T0);
    const before = await dump(db);

    const summary = await applyConfig(db, config((t) => t.replace("interval: 15s", "interval: 20s")), T0 + 60_000);
    expect(summary).toEqual({ created: [], updated: ["monitor:search-latency"], archived: [], unchanged: 7 });

    const after = await dump(db);
    expect({ ...after, monitors: after.monitors.filter((m) => m.key !== "search-latency") }).toEqual({
      ...before,
      monitors: before.monitors.filter((m) => m.key !== "search-latency"),
    });
    const old = before.monitors.find((m) => m.key === "search-latency")!;
    const changed = after.monitors.find((m) => m.key === "search-latency")!;
    expect(changed).toEqual({ ...old, intervalS: 20, timeoutMs: 10_000, configHash: changed.configHash, updatedAt: T0 + 60_000, spec: { ...old.spec, interval: "20s" } });
    expect(changed.configHash).not.toBe(old.configHash);
  });

  it("treats order, name and component changes as updates", async () => {
    await applyConfig(db, config(), T0);
    // Swap the order of the groups, rename a component, move a monitor to another component.
    const edited = (t: string) =>
      t
        .replace("  - key: core\n    name: Core\n  - key: web\n    name: Web\n", "  - key: web\n    name: Web\n  - key: core\n    name: Core\n")
        .replace("name: Website", "name: Site")
        .replace("component: api\n", "component: site\n");
    const summary = await applyConfig(db, config(edited), T0 + 1);
    expect(summary).toEqual({ created: [], updated: ["group:web", "group:core", "component:site", "monitor:api-health"], archived: [], unchanged: 4 });
    const { groups, components: comps, monitors: mons } = await dump(db);
    expect(groups.map((g) => [g.key, g.displayOrder])).toEqual([
      ["core", 1],
      ["web", 0],
    ]);
    expect(mons.find((m) => m.key === "api-health")?.componentId).toBe(comps.find((c) => c.key === "site")?.id);
  });

  it("archives what left the file, keeps its history, and brings the same row back when re-added", async () => {
    await applyConfig(db, config(), T0);
    const original = (await dump(db)).monitors.find((m) => m.key === "site-home")!;
    await db.insert(checkResults).values({ monitorId: original.id, regionId: 1, startedAt: T0 + 1, status: 0, statusCode: 200, totalUs: 12_345 });

    // Remove the monitor, its component and the component's group.
    const removed = (t: string) => without("web")(without("site")(without("site-home")(t)));
    const summary = await applyConfig(db, config(removed), T0 + 60_000);
    expect(summary).toEqual({ created: [], updated: [], archived: ["group:web", "component:site", "monitor:site-home"], unchanged: 5 });

    const archived = await dump(db);
    expect(archived.monitors.find((m) => m.key === "site-home")).toEqual({ ...original, archivedAt: T0 + 60_000, updatedAt: T0 + 60_000 });
    expect(archived.components.find((c) => c.key === "site")?.archivedAt).toBe(T0 + 60_000);
    expect(archived.groups.find((g) => g.key === "web")?.archivedAt).toBe(T0 + 60_000);
    expect(archived.checkResults).toEqual([expect.objectContaining({ monitorId: original.id, totalUs: 12_345 })]);

    // Applying the reduced file again does not archive twice.
    expect(await applyConfig(db, config(removed), T0 + 120_000)).toEqual({ created: [], updated: [], archived: [], unchanged: 5 });
    expect(await dump(db)).toEqual(archived);

    const restored = await applyConfig(db, config(), T0 + 180_000);
    expect(restored).toEqual({ created: [], updated: ["group:web", "component:site", "monitor:site-home"], archived: [], unchanged: 5 });
    const back = await dump(db);
    expect(back.monitors.find((m) => m.key === "site-home")).toEqual({ ...original, updatedAt: T0 + 180_000 });
    expect(back.components.find((c) => c.key === "site")?.archivedAt).toBeNull();
    expect(back.checkResults).toEqual(archived.checkResults);
    expect(back.monitors).toHaveLength(3);
  });

  it("moves an existing component into a group created in the same apply", async () => {
    await applyConfig(db, config(), T0);
    const withNewGroup = (t: string) =>
      t.replace("groups:\n", "groups:\n  - key: search-group\n    name: Search\n").replace("name: Search\n    group: core", "name: Search\n    group: search-group");
    const summary = await applyConfig(db, config(withNewGroup), T0 + 1);
    expect(summary.created).toEqual(["group:search-group"]);
    expect(summary.updated).toEqual(["group:core", "group:web", "component:search"]);
    const { groups, components: comps } = await dump(db);
    const newGroup = groups.find((g) => g.key === "search-group")!;
    expect(comps.find((c) => c.key === "search")?.groupId).toBe(newGroup.id);
    expect(newGroup.displayOrder).toBe(0);
  });

  it("is atomic: when one write fails, nothing of the config is applied", async () => {
    await applyConfig(db, config(), T0);
    const before = await dump(db);
    await db.$client.execute("CREATE TRIGGER refuse_boom BEFORE INSERT ON monitors WHEN NEW.key = 'boom' BEGIN SELECT RAISE(ABORT, 'refused'); END");

    const withBoom = (t: string) =>
      t.replace("  - key: site\n", "  - key: extra\n    name: Extra\n  - key: site\n").replace("interval: 15s", "interval: 20s") +
      "  - key: boom\n    name: Boom\n    type: http\n    component: extra\n    url: http://127.0.0.1:9/\n";
    await expect(applyConfig(db, config(withBoom), T0 + 1)).rejects.toThrow(/refused/);
    expect(await dump(db)).toEqual(before);
  });

  it("stores the page name and description, and updates them when they change", async () => {
    await applyConfig(db, config(), T0);
    const statuspage = { partialOutageWeight: 0.3, degradedWeight: 0 };
    expect(await readPageSettings(db)).toEqual({ name: "Test", uptime: statuspage });
    await applyConfig(db, config((t) => t.replace("name: Test", "name: Acme Status\n  description: All of it\n  uptime:\n    partialOutageWeight: 0.5")), T0);
    expect(await readPageSettings(db)).toEqual({ name: "Acme Status", description: "All of it", uptime: { partialOutageWeight: 0.5, degradedWeight: 0 } });
    expect(() => config((t) => t.replace("name: Test", "name: Test\n  uptime:\n    partialOutageWeight: 3"))).toThrow(/page.uptime.partialOutageWeight: .*1/);
  });

  it("applies the example status.config.yaml", async () => {
    const example = await loadConfig(join(__dirname, "../../status.config.yaml"), { APP_URL: "http://127.0.0.1:3000", DEMO_TARGET_URL: "http://127.0.0.1:4100" });
    const summary = await applyConfig(db, example, T0);
    expect(summary.created).toHaveLength(example.groups.length + example.components.length + example.monitors.length);
    const { monitors: mons } = await dump(db);
    expect(mons.filter((m) => m.componentId === null)).toEqual([]);
    expect(mons.find((m) => m.key === "status-page-self")?.isPublic).toBe(false);
  });

  it("runs overlapping calls one after the other", async () => {
    const [first, second] = await Promise.all([applyConfig(db, config(), T0), applyConfig(db, config(), T0 + 1)]);
    expect(first.created).toHaveLength(8);
    expect(second).toEqual({ created: [], updated: [], archived: [], unchanged: 8 });
  });
});
