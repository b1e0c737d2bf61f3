/**
 * Credentials of remote probes in push mode: create (the token is returned once and stored only as
 * a hash), list, revoke, and authenticate a push. The shell (`npm run probe-token`), the dashboard
 * (/dashboard/probes) and the API (/api/v1/probe-tokens) all go through these; each change is
 * audited in the same batch. A revoked token is refused on its very next request: every push
 * reads the row (authenticateProbe), nothing caches it.
 */
import { createHash, randomBytes } from "node:crypto";
import { desc, eq } from "drizzle-orm";
import { auditStatement, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { probeTokens } from "../db/schema";
import { UserError } from "../errors";
import { parseRegionName } from "../regions/name";

const TOKEN_PREFIX = "pt_";
/** Last-used times are written at most this often per token. */
const LAST_USED_RESOLUTION_MS = 60_000;

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export interface ProbeTokenView {
  id: number;
  region: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const VIEW = { id: probeTokens.id, region: probeTokens.region, createdAt: probeTokens.createdAt, lastUsedAt: probeTokens.lastUsedAt, revokedAt: probeTokens.revokedAt };

/**
 * A new token for a region's remote probe (the region is added if it is new); the token is
 * returned once, stored only as a hash.
 */
export async function createProbeToken(db: Db, actor: Actor, regionInput: string, now = Date.now()): Promise<{ token: string } & ProbeTokenView> {
  const region = parseRegionName(regionInput);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const hash = sha256(token);
  const [, inserted] = await db.$client.batch(
    [
      { sql: "INSERT INTO regions (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", args: [region, now] },
      { sql: "INSERT INTO probe_tokens (region, token_hash, created_at) VALUES (?, ?, ?) RETURNING id", args: [region, hash, now] },
      auditStatement(actor, { action: "probe_token.create", entity: "probe_token", after: { region } }, now),
      // The entry names the token's id, known only once the row above exists.
      { sql: "UPDATE audit_log SET entity_id = (SELECT CAST(id AS TEXT) FROM probe_tokens WHERE token_hash = ?) WHERE id = last_insert_rowid()", args: [hash] },
    ],
    "write",
  );
  return { id: Number(inserted.rows[0].id), region, createdAt: now, lastUsedAt: null, revokedAt: null, token };
}

/** Revokes a token at once (its next push answers 401). Unknown: not_found; revoked before: conflict. */
export async function revokeProbeToken(db: Db, actor: Actor, id: number, now = Date.now()): Promise<ProbeTokenView> {
  const [row] = Number.isSafeInteger(id) ? await db.select(VIEW).from(probeTokens).where(eq(probeTokens.id, id)) : [];
  if (!row) throw new UserError("not_found", `There is no probe token #${id}.`);
  if (row.revokedAt !== null) throw new UserError("conflict", `Probe token #${id} (${row.region}) was revoked already.`);
  await db.$client.batch(
    [
      { sql: "UPDATE probe_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", args: [now, id] },
      auditStatement(actor, { action: "probe_token.revoke", entity: "probe_token", entityId: id, before: { region: row.region, revokedAt: null }, after: { region: row.region, revokedAt: now } }, now),
    ],
    "write",
  );
  return { ...row, revokedAt: now };
}

/** Every token, newest first (revoked ones too, with when). */
export async function listProbeTokens(db: Db): Promise<ProbeTokenView[]> {
  return db.select(VIEW).from(probeTokens).orderBy(desc(probeTokens.id));
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
