import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { openDb, type Db } from "./client";
import { runMigrations } from "./migrate";

const MIGRATION = "0015_cluster_rollups_by_key";
const TABLES = ["rollups_hourly", "rollups_daily", "state_time_hourly", "state_time_daily"];

let cleanup: (() => void) | undefined;
afterEach(() => cleanup?.());

/** A database migrated up to, not including, `migration`: a copy of drizzle/ with a shorter journal. */
async function dbBefore(migration = MIGRATION): Promise<{ db: Db; full: string }> {
  const dir = mkdtempSync(join(tmpdir(), "status-migrate-"));
  const full = resolve(process.cwd(), "drizzle");
  const older = join(dir, "drizzle");
  cpSync(full, older, { recursive: true });
  const journalPath = join(older, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((e) => e.tag === migration);
  expect(at).toBeGreaterThan(0);
  writeFileSync(journalPath, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  const db = await openDb(`file:${join(dir, "test.db")}`);
  await runMigrations(db, older);
  cleanup = () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { db, full };
}

const contents = async (db: Db, table: string) => db.all(sql`SELECT * FROM ${sql.raw(table)} ORDER BY monitor_id, bucket_start${sql.raw(table.startsWith("rollups") ? ", region_id" : "")}`);
const ddl = async (db: Db, table: string) => (await db.all<{ sql: string }>(sql`SELECT sql FROM sqlite_master WHERE name = ${table}`))[0]?.sql ?? "";

describe(`migration ${MIGRATION}`, () => {
  it("rebuilds rollups and state time as WITHOUT ROWID tables with every row and index kept", async () => {
    const { db, full } = await dbBefore();
    // Rows inserted out of key order, with every column set to something of its own.
    for (let i = 0; i < 300; i++) {
      const monitorId = (i * 7) % 13;
      const bucketStart = 1_767_225_600_000 + ((i * 11) % 29) * 3_600_000;
      const blob = Buffer.from([1, i % 5, 1 + (i % 3)]);
      for (const table of ["rollups_hourly", "rollups_daily"]) {
        await db.run(sql`INSERT OR IGNORE INTO ${sql.raw(table)} VALUES (${monitorId}, ${1 + (i % 3)}, ${bucketStart}, ${i + 1}, ${i % 4}, ${i % 2}, ${i * 1_000}, ${i * 10}, ${i * 20}, ${i * 30}, ${i * 40}, ${i * 50}, ${blob})`);
      }
      for (const table of ["state_time_hourly", "state_time_daily"]) {
        await db.run(sql`INSERT OR IGNORE INTO ${sql.raw(table)} VALUES (${monitorId}, ${bucketStart}, ${i}, ${i + 1}, ${i + 2}, ${i + 3}, ${i + 4}, ${i + 5}, ${i + 6})`);
      }
    }
    const before = new Map<string, unknown[]>();
    for (const t of TABLES) before.set(t, await contents(db, t));
    expect(before.get("rollups_hourly")!.length).toBeGreaterThan(100);

    await runMigrations(db, full);

    for (const t of TABLES) {
      expect(await contents(db, t), t).toEqual(before.get(t));
      expect(await ddl(db, t), t).toMatch(/\) WITHOUT ROWID$/);
    }
    const indexes = (await db.all<{ name: string }>(sql`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('rollups_daily', 'state_time_daily') ORDER BY name`)).map((r) => r.name);
    expect(indexes).toEqual(expect.arrayContaining(["rollups_daily_bucket_idx", "state_time_daily_bucket_idx"]));
    // The upsert the fold runs still finds its row by the primary key.
    await db.run(sql`INSERT INTO rollups_hourly VALUES (0, 1, 1767225600000, 1, 0, 0, 1, 0, 0, 0, 0, 0, x'01')
      ON CONFLICT (monitor_id, bucket_start, region_id) DO UPDATE SET total = total + excluded.total`);
    expect((await db.all<{ n: number }>(sql`PRAGMA integrity_check`))[0]).toEqual({ integrity_check: "ok" });
  });
});

describe("migration 0016_seed_rollups_cursor", () => {
  const cursorsOf = async (db: Db) => db.all<{ name: string; position: number }>(sql`SELECT name, position FROM cursors ORDER BY name`);

  it("starts the rollup cursor where the results cursor is (rollups folded with it until then), so no result counts twice", async () => {
    const { db, full } = await dbBefore("0016_seed_rollups_cursor");
    await db.run(sql`INSERT INTO cursors (name, position) VALUES ('coordinator.results', 4242)`);
    await runMigrations(db, full);
    expect(await cursorsOf(db)).toEqual([{ name: "coordinator.results", position: 4242 }, { name: "coordinator.rollups", position: 4242 }]);
  });

  it("leaves a database that has folded nothing at 0 for both", async () => {
    const { db, full } = await dbBefore("0016_seed_rollups_cursor");
    await runMigrations(db, full);
    expect(await cursorsOf(db)).toEqual([]);
  });
});
