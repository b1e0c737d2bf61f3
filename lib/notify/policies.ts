/**
 * Escalation policies as the dashboard and the API manage them, like channels (./manage.ts): the
 * config file's schema and messages (lib/config/schema.ts escalationEntrySchema), channel keys
 * checked against the live channels of the database instead of the file, config-owned policies
 * read-only, an audit entry in the same batch as each change.
 */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { escalationPolicies, monitors, notificationChannels } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { fieldError, invalidInput, UserError } from "../errors";
import { configErrorMap, escalationEntrySchema, normalizeEscalation, type EscalationConfig } from "../config/schema";
import { policyConfigHash } from "../config/sync";
import { formatDurationMs } from "../config/units";
import { unknownReference } from "../monitors/entry";
import { assertNotManagedByConfig } from "./manage";

export type PolicyRow = typeof escalationPolicies.$inferSelect;

/** Largest policy entry accepted, as JSON. */
export const MAX_POLICY_ENTRY_CHARS = 16_384;

export async function policyByKey(db: Db, key: string): Promise<PolicyRow | null> {
  const [row] = await db.select().from(escalationPolicies).where(eq(escalationPolicies.key, key));
  return row ?? null;
}

/** The live policy with this key, else not_found. */
export async function livePolicy(db: Db, key: unknown): Promise<PolicyRow> {
  const row = typeof key === "string" && key.length <= 64 ? await policyByKey(db, key) : null;
  if (!row || row.archivedAt !== null) throw new UserError("not_found", `There is no escalation policy with the key ${JSON.stringify(key)}.`);
  return row;
}

/** The policy as the config file writes it (`after: 5m`, `repeat: 30m`). */
export function policyEntry(row: Pick<PolicyRow, "key" | "name" | "steps" | "repeatEveryMs">): Record<string, unknown> {
  return {
    key: row.key,
    name: row.name,
    steps: row.steps.map((s) => ({ after: formatDurationMs(s.afterMs), channels: [...s.channels] })),
    ...(row.repeatEveryMs === null ? {} : { repeat: formatDurationMs(row.repeatEveryMs) }),
  };
}

async function validate(db: Db, input: unknown): Promise<EscalationConfig> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new UserError("invalid_input", "Expected an escalation policy: an object with key, name and steps.");
  if (JSON.stringify(input).length > MAX_POLICY_ENTRY_CHARS) throw new UserError("invalid_input", `An escalation policy is at most ${MAX_POLICY_ENTRY_CHARS} characters as JSON.`);
  const parsed = escalationEntrySchema.safeParse(input, { error: configErrorMap });
  if (!parsed.success) throw invalidInput(parsed.error);
  const live = (await db.select({ key: notificationChannels.key }).from(notificationChannels).where(isNull(notificationChannels.archivedAt))).map((c) => c.key);
  parsed.data.steps.forEach((step, i) => {
    const unknown = step.channels.find((ch) => !live.includes(ch));
    if (unknown !== undefined) throw fieldError(`steps.${i}.channels`, `step ${i + 1}: ${unknownReference("channel", unknown, live)}`);
  });
  return normalizeEscalation(parsed.data);
}

const valuesOf = (p: EscalationConfig) => ({ name: p.name, steps: p.steps, repeatEveryMs: p.repeatEveryMs, configHash: policyConfigHash(p) });

/** Creates a policy (origin "ui"); a key held by a live policy is refused, an archived one's is taken over. */
export async function createPolicy(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<PolicyRow> {
  const policy = await validate(db, input);
  const existing = await policyByKey(db, policy.key);
  if (existing && existing.archivedAt === null) {
    const where = existing.origin === "config" ? "declared in the config file" : "created in the dashboard";
    throw fieldError("key", `the key "${policy.key}" is already used by the escalation policy "${existing.name}" (${where}): choose another key`);
  }
  const values = { ...valuesOf(policy), origin: "ui" as const, archivedAt: null };
  const write = existing
    ? db.update(escalationPolicies).set(values).where(eq(escalationPolicies.id, existing.id))
    : db.insert(escalationPolicies).values({ key: policy.key, createdAt: now, ...values });
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "escalation.create", entity: "escalation", entityId: policy.key, after: policyEntry({ ...policy }) }, now)], "write");
  return (await policyByKey(db, policy.key))!;
}

/** Changes a dashboard/API policy: `changes` are merged over its entry (null removes `repeat`); the key does not change. */
export async function updatePolicy(db: Db, actor: Actor, key: unknown, changes: Record<string, unknown>, now = Date.now()): Promise<PolicyRow> {
  const row = await livePolicy(db, key);
  assertNotManagedByConfig(row, "escalation policy", "change");
  if (changes.key !== undefined && changes.key !== row.key) throw fieldError("key", "A policy's key does not change: create a new policy with the new key, then archive this one.");
  const current = policyEntry(row);
  const merged: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  const policy = await validate(db, merged);
  const values = valuesOf(policy);
  if (values.configHash === row.configHash) return row;
  const write = db.update(escalationPolicies).set(values).where(eq(escalationPolicies.id, row.id));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "escalation.update", entity: "escalation", entityId: row.key, before: current, after: policyEntry({ ...policy }) }, now)], "write");
  return (await policyByKey(db, row.key))!;
}

/** Archives a dashboard/API policy; one that live monitors follow is refused, naming them. */
export async function archivePolicy(db: Db, actor: Actor, key: unknown, now = Date.now()): Promise<void> {
  const row = await livePolicy(db, key);
  assertNotManagedByConfig(row, "escalation policy", "remove");
  const users = await monitorsUsingPolicy(db, row.id);
  if (users.length) {
    const shown = users.slice(0, 10).map((k) => `"${k}"`).join(", ") + (users.length > 10 ? ` and ${users.length - 10} more` : "");
    throw new UserError("conflict", `The escalation policy "${row.key}" is used by the ${users.length === 1 ? "monitor" : "monitors"} ${shown}: give ${users.length === 1 ? "it" : "them"} another policy first.`);
  }
  const write = db.update(escalationPolicies).set({ archivedAt: now }).where(eq(escalationPolicies.id, row.id));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "escalation.archive", entity: "escalation", entityId: row.key, before: policyEntry(row) }, now)], "write");
}

/** Keys of live monitors that follow this policy. */
export async function monitorsUsingPolicy(db: Db, policyId: number): Promise<string[]> {
  const rows = await db
    .select({ key: monitors.key })
    .from(monitors)
    .where(and(eq(monitors.escalationPolicyId, policyId), isNull(monitors.archivedAt)))
    .orderBy(asc(monitors.key));
  return rows.map((r) => r.key);
}

export interface PolicyView {
  key: string;
  name: string;
  origin: "config" | "ui";
  steps: { afterMs: number; channels: string[] }[];
  repeatEveryMs: number | null;
  /** Keys of the live monitors that follow it. */
  monitors: string[];
}

/** Live policies with the monitors that follow each, by key. */
export async function listPolicyViews(db: Db): Promise<PolicyView[]> {
  const [rows, used] = await Promise.all([
    db.select().from(escalationPolicies).where(isNull(escalationPolicies.archivedAt)).orderBy(asc(escalationPolicies.key)),
    db.select({ key: monitors.key, policyId: monitors.escalationPolicyId }).from(monitors).where(isNull(monitors.archivedAt)).orderBy(asc(monitors.key)),
  ]);
  return rows.map((r) => ({
    key: r.key,
    name: r.name,
    origin: r.origin,
    steps: r.steps,
    repeatEveryMs: r.repeatEveryMs,
    monitors: used.filter((m) => m.policyId === r.id).map((m) => m.key),
  }));
}

/** The live policy `key` as listPolicyViews shows it, else not_found. */
export async function getPolicyView(db: Db, key: string): Promise<PolicyView> {
  const view = (await listPolicyViews(db)).find((p) => p.key === key);
  if (!view) throw new UserError("not_found", `There is no escalation policy with the key ${JSON.stringify(key)}.`);
  return view;
}
