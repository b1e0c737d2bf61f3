import { createHash, randomBytes } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { probeTokens } from "../db/schema";
import { isRegionName, REGION_NAME_RULE } from "../regions/name";

const TOKEN_PREFIX = "pt_";
/** Last-used times are written at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

/** A new token for a region's remote probe; returned once, stored only as a hash. */
export async function createProbeToken(db: Db, region: string, now = Date.now()): Promise<{ id: number; token: string }> {
  if (!isRegionName(region)) throw new Error(`region must be ${REGION_NAME_RULE}, got "${region}"`);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const [row] = await db.insert(probeTokens).values({ region, tokenHash: sha256(token), createdAt: now }).returning({ id: probeTokens.id });
  return { id: row.id, token };
}

export async function revokeProbeToken(db: Db, id: number, now = Date.now()): Promise<boolean> {
  const res = await db.update(probeTokens).set({ revokedAt: now }).where(and(eq(probeTokens.id, id), isNull(probeTokens.revokedAt)));
  return res.rowsAffected > 0;
}

export async function listProbeTokens(db: Db) {
  return db
    .select({ id: probeTokens.id, region: probeTokens.region, createdAt: probeTokens.createdAt, lastUsedAt: probeTokens.lastUsedAt, revokedAt: probeTokens.revokedAt })
    .from(probeTokens);
}

/** The region a bearer token speaks for, or null (missing, unknown or revoked). */
export async function authenticateProbe(db: Db, authorization: string | null, now = Date.now()): Promise<{ id: number; region: string } | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!m || !m[1].startsWith(TOKEN_PREFIX) || m[1].length > 200) return null;
  const [row] = await db.select().from(probeTokens).where(eq(probeTokens.tokenHash, sha256(m[1])));
  if (!row || row.revokedAt !== null) return null;
  if (row.lastUsedAt === null || now - row.lastUsedAt > LAST_USED_RESOLUTION_MS) {
    await db.update(probeTokens).set({ lastUsedAt: now }).where(eq(probeTokens.id, row.id));
  }
  return { id: row.id, region: row.region };
}
