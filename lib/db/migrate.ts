import { resolve } from "node:path";
import { migrate } from "drizzle-orm/libsql/migrator";
import { assertWritable, databaseAccessError, type OpenOptions } from "./access";
import { openDb, type Db } from "./client";

/** The one way the schema changes: apply drizzle/ migrations that have not run yet. */
export async function runMigrations(db: Db, migrationsFolder = resolve(process.cwd(), "drizzle")): Promise<void> {
  await migrate(db, { migrationsFolder });
}

/**
 * What a process that writes does at start: open the database, prove it takes writes, migrate.
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
    return db;
  } catch (err) {
    db.$client.close();
    throw databaseAccessError(err, url, opts) ?? err;
  }
}
