import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { regions } from "../db/schema";

export const DEFAULT_REGION = "local";

/** A region's id, creating the row on first use. */
export async function ensureRegion(db: Db, name: string, now = Date.now()): Promise<number> {
  await db.insert(regions).values({ name, createdAt: now }).onConflictDoNothing();
  const [row] = await db.select({ id: regions.id }).from(regions).where(eq(regions.name, name));
  return row.id;
}

/** Every region's name by id. */
export async function regionNames(db: Db): Promise<Map<number, string>> {
  return new Map((await db.select({ id: regions.id, name: regions.name }).from(regions)).map((r) => [r.id, r.name]));
}
