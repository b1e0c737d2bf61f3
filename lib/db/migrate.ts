import { resolve } from "node:path";
import { migrate } from "drizzle-orm/libsql/migrator";
import { assertWritable, databaseAccessError, type OpenOptions } from "./access";
import { openDb, type Db } from "./client";
import { enableIncrementalVacuum } from "./maintenance";

/** The one way the schema changes: apply drizzle/ migrations that have not run yet. */
export async function runMigrations(db: Db, migrationsFolder = resolve(process.cwd(), "drizzle")): Promise<void> {
  await migrate(db, { migrationsFolder });
}

/**
 * What a process that writes does at start: open the database, prove it takes writes, migrate,
 * and switch a small older file to incremental vacuum (a large one: `npm run compact`).
 * A file or folder that cannot be written throws a DatabaseAccessError naming it and what to
 * change, before anything else starts.
 */
export async function openMigratedDb(url: string, opts: OpenOptions = {}): Promise<Db> {
  const db = await openDb(url).catch((err: unknown) => {
    throw databaseAccessError(err, url, opts) ?? err;
  });
  try {
    await assertWritable(db, url, opts);
    await runMigrations(db);
    await enableIncrementalVacuum(db);
    return db;
  } catch (err) {
    db.$client.close();
    throw databaseAccessError(err, url, opts) ?? err;
  }
}
