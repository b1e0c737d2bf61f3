import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { settings } from "../db/schema";

/**
 * The config file's last error while running (an edit that does not validate, or a key a
 * dashboard entry holds): the worker keeps the previous config in force and stores the error
 * here, so the dashboard shows it with the same line-numbered messages as the log; the next good
 * sync clears it.
 */
export interface ConfigFileError {
  file: string;
  at: number;
  /** One problem per line: "monitors[3].interval: must be at least 10s, got 2s (line 42)". */
  lines: string[];
}

const KEY = "config_error";
/** The stored messages are capped: a broken file can have many problems. */
const MAX_LINES = 50;

export async function recordConfigError(db: Db, file: string, message: string, now = Date.now()): Promise<void> {
  const lines = message.split("\n").slice(0, MAX_LINES).map((l) => l.slice(0, 500));
  const value: ConfigFileError = { file, at: now, lines };
  await db.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value } });
}

export async function clearConfigError(db: Db): Promise<void> {
  await db.delete(settings).where(eq(settings.key, KEY));
}

export async function readConfigError(db: Db): Promise<ConfigFileError | null> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY));
  return (row?.value as ConfigFileError | undefined) ?? null;
}
