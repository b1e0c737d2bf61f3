import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb, type Db } from "./client";
import { runMigrations } from "./migrate";
import { components, monitors } from "./schema";

/** A fresh, migrated SQLite file in a temp folder; `cleanup()` closes and deletes it. */
export async function createTestDb(): Promise<{ db: Db; url: string; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), "status-test-"));
  const url = `file:${join(dir, "test.db")}`;
  const db = await openDb(url);
  await runMigrations(db);
  return {
    db,
    url,
    cleanup: () => {
      db.$client.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let seq = 0;

/** Test factory: a component row (public by default). */
export async function makeComponent(db: Db, over: Partial<typeof components.$inferInsert> = {}) {
  const n = ++seq;
  const [row] = await db
    .insert(components)
    .values({ key: `component-${n}`, name: `Component ${n}`, displayOrder: n, ...over })
    .returning();
  return row;
}

/** Test factory: an HTTP monitor row (public, 30 s interval, thresholds 2/2 by default). */
export async function makeMonitor(db: Db, over: Partial<typeof monitors.$inferInsert> = {}) {
  const n = ++seq;
  const now = Date.now();
  const [row] = await db
    .insert(monitors)
    .values({
      key: `monitor-${n}`,
      name: `Monitor ${n}`,
      type: "http",
      checkConfig: { url: "http://127.0.0.1:9/", method: "GET", headers: {}, expectedStatus: [[200, 299]], maxBodySize: 1_048_576, maxRedirects: 5, ignoreTlsErrors: false },
      intervalS: 30,
      timeoutMs: 5_000,
      configHash: `hash-${n}`,
      createdAt: now,
      updatedAt: now,
      ...over,
    })
    .returning();
  return row;
}
