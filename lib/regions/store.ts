import { eq } from "drizzle-orm";
import { auditStatement, type Actor } from "../audit/log";
import type { Db } from "../db/client";
import { regions } from "../db/schema";
import { UserError } from "../errors";
import { parseRegionName, PUSH_REGION } from "./name";
import { PULSE_STALE_MS } from "../workers/pulse";

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

/** A region added by the team ahead of its probe (to make it a token, or name it in monitors' `regions:`); audited. */
export async function addRegion(db: Db, actor: Actor, nameInput: string, now = Date.now()): Promise<{ id: number; name: string; createdAt: number }> {
  const name = parseRegionName(nameInput, "name");
  const [existing] = await db.select({ id: regions.id }).from(regions).where(eq(regions.name, name));
  if (existing) throw new UserError("conflict", `Region ${name} exists already.`, { fieldErrors: { name: [`Region ${name} exists already.`] } });
  const [inserted] = await db.$client.batch(
    [
      { sql: "INSERT INTO regions (name, created_at) VALUES (?, ?) RETURNING id", args: [name, now] },
      auditStatement(actor, { action: "region.create", entity: "region", entityId: name, after: { name } }, now),
    ],
    "write",
  );
  return { id: Number(inserted.rows[0].id), name, createdAt: now };
}

export interface RegionView {
  id: number;
  name: string;
  createdAt: number;
  /** The region's probe's last pulse (its own, or a push through the hub); null: never reported. */
  lastPulseAt: number | null;
  /** The newest result of any monitor from this region, as the coordinator folded it. */
  lastResultAt: number | null;
  /** No pulse for PULSE_STALE_MS (or never): the region's monitors fall back to the others. */
  silent: boolean;
  activeTokens: number;
}

/** Every probe region by name (heartbeat pushes' region left out), with its liveness and how many live tokens it has: one statement. */
export async function listRegionViews(db: Db, now = Date.now()): Promise<RegionView[]> {
  const res = await db.$client.execute(
    `
    SELECT r.id, r.name, r.created_at,
      (SELECT max(last_beat_at) FROM worker_heartbeats WHERE role = 'probe' AND region = r.name) AS last_pulse_at,
      (SELECT max(last_result_at) FROM monitor_region_states WHERE region_id = r.id) AS last_result_at,
      (SELECT count(*) FROM probe_tokens WHERE region = r.name AND revoked_at IS NULL) AS active_tokens
    FROM regions r WHERE r.name != ? ORDER BY r.name`,
    [PUSH_REGION],
  );
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return res.rows.map((r) => {
    const lastPulseAt = num(r.last_pulse_at);
    return {
      id: Number(r.id),
      name: String(r.name),
      createdAt: Number(r.created_at),
      lastPulseAt,
      lastResultAt: num(r.last_result_at),
      silent: lastPulseAt === null || now - lastPulseAt > PULSE_STALE_MS,
      activeTokens: Number(r.active_tokens),
    };
  });
}
