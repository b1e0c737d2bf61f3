export { openDb, getDb, databaseUrl, type Db } from "./client";
export { runMigrations } from "./migrate";
export * as tables from "./schema";
