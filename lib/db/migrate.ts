import { resolve } from "node:path";
import { migrate } from "drizzle-orm/libsql/migrator";
import type { Db } from "./client";

/** The one way the schema changes: apply drizzle/ migrations that have not run yet. */
export async function runMigrations(db: Db, migrationsFolder = resolve(process.cwd(), "drizzle")): Promise<void> {
  await migrate(db, { migrationsFolder });
}
