/**
 * Alert channels as the dashboard and the API manage them: each verb takes (db, actor, …),
 * validates with the config file's own channel schema (lib/config/schema.ts channelEntrySchema,
 * the same messages), stores secrets encrypted as config sync does, refuses to change a channel
 * the config file declares, and writes its audit entry, secrets redacted, in the same batch.
 *
 * Secrets never leave: answers are lib/notify/channels.ts views (masked), and an edit that leaves
 * a secret field out (or blank) keeps the stored one.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { notificationChannels } from "../db/schema";
import { statementOf } from "../db/statement";
import { auditStatement, type Actor } from "../audit/log";
import { fieldError, invalidInput, UserError } from "../errors";
import { configFilePath } from "../config/load";
import { channelEntrySchema, configErrorMap, normalizeChannel, type ChannelConfig } from "../config/schema";
import { channelConfigHash, storedChannelSettings } from "../config/sync";
import { decryptSecret, isEncrypted } from "../secrets/crypto";
import { CHANNEL_TYPES, isChannelType } from "./index";

export type ChannelRow = typeof notificationChannels.$inferSelect;

/** Largest channel entry accepted, as JSON: a config entry is a few hundred characters. */
export const MAX_CHANNEL_ENTRY_CHARS = 16_384;

/** What the audit log keeps of a secret setting. */
export const REDACTED = "[redacted]";

export async function channelByKey(db: Db, key: string): Promise<ChannelRow | null> {
  const [row] = await db.select().from(notificationChannels).where(eq(notificationChannels.key, key));
  return row ?? null;
}

/** The live channel with this key, else not_found. */
export async function liveChannel(db: Db, key: unknown): Promise<ChannelRow> {
  const row = typeof key === "string" && key.length <= 64 ? await channelByKey(db, key) : null;
  if (!row || row.archivedAt !== null) throw new UserError("not_found", `There is no channel with the key ${JSON.stringify(key)}.`);
  return row;
}

/**
 * The file owns what it declares: `conflict` (409), not `forbidden`, since no role may do it. The
 * message says where the change is made.
 */
export function assertNotManagedByConfig(row: { key: string; origin: string }, kind: "channel" | "escalation policy", verb: string): void {
  if (row.origin !== "config") return;
  const section = kind === "channel" ? "channels" : "escalation";
  throw new UserError("conflict", `The ${kind} "${row.key}" is managed by status.config.yaml: ${verb} it there, in ${configFilePath()} (the entry "key: ${row.key}" under ${section}:), and the change applies within seconds.`);
}

/** The channel as the file would write it, secrets in plain text (for validation only; never answered). */
function plainEntry(row: ChannelRow): Record<string, unknown> {
  const settings = Object.fromEntries(Object.entries(row.config).map(([k, v]) => [k, isEncrypted(v) ? decryptSecret(v) : v]));
  return { key: row.key, name: row.name, type: row.type, ...settings };
}

/** An entry with its type's secret fields replaced by REDACTED: what the audit log stores. */
export function redactedEntry(entry: Record<string, unknown>): Record<string, unknown> {
  const type = entry.type;
  const secret = new Set<string>(typeof type === "string" && isChannelType(type) ? CHANNEL_TYPES[type].secretFields : []);
  return Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, secret.has(k) && v !== undefined && v !== null ? REDACTED : v]));
}

function validate(input: unknown): ChannelConfig {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new UserError("invalid_input", "Expected a channel: an object with key, name, type and the type's settings.");
  if (JSON.stringify(input).length > MAX_CHANNEL_ENTRY_CHARS) throw new UserError("invalid_input", `A channel is at most ${MAX_CHANNEL_ENTRY_CHARS} characters as JSON.`);
  const parsed = channelEntrySchema.safeParse(input, { error: configErrorMap });
  if (!parsed.success) throw invalidInput(parsed.error);
  return normalizeChannel(parsed.data);
}

const entryOf = (c: ChannelConfig): Record<string, unknown> => ({ key: c.key, name: c.name, type: c.type, ...c.settings });

/**
 * Creates a channel (origin "ui": config sync leaves it alone). `input` is an entry as the config
 * file writes it: `{ key, name, type, …settings }`. A key held by a live channel is refused; an
 * archived channel's key is taken over (its delivery log stays with it).
 */
export async function createChannel(db: Db, actor: Actor, input: unknown, now = Date.now()): Promise<ChannelRow> {
  const channel = validate(input);
  const existing = await channelByKey(db, channel.key);
  if (existing && existing.archivedAt === null) {
    const where = existing.origin === "config" ? "declared in the config file" : "created in the dashboard";
    throw fieldError("key", `the key "${channel.key}" is already used by the channel "${existing.name}" (${where}): choose another key`);
  }
  const values = { name: channel.name, type: channel.type, config: storedChannelSettings(channel), configHash: channelConfigHash(channel), origin: "ui" as const, archivedAt: null };
  const write = existing
    ? db.update(notificationChannels).set(values).where(eq(notificationChannels.id, existing.id))
    : db.insert(notificationChannels).values({ key: channel.key, createdAt: now, ...values });
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "channel.create", entity: "channel", entityId: channel.key, after: redactedEntry(entryOf(channel)) }, now)], "write");
  return (await channelByKey(db, channel.key))!;
}

/**
 * Changes a dashboard/API channel: `changes` are merged over its entry (a field set to null is
 * removed; a secret field left out, blank or null keeps the stored secret, except that null
 * removes an optional one such as ntfy's token). The key and the type do not change.
 */
export async function updateChannel(db: Db, actor: Actor, key: unknown, changes: Record<string, unknown>, now = Date.now()): Promise<ChannelRow> {
  const row = await liveChannel(db, key);
  assertNotManagedByConfig(row, "channel", "change");
  if (changes.key !== undefined && changes.key !== row.key) throw fieldError("key", "A channel's key does not change: create a new channel with the new key, then archive this one.");
  if (changes.type !== undefined && changes.type !== row.type) throw fieldError("type", `A channel's type does not change (this one is ${row.type}): create a new channel instead.`);
  const secret = new Set<string>(isChannelType(row.type) ? CHANNEL_TYPES[row.type].secretFields : []);
  const current = plainEntry(row);
  const merged: Record<string, unknown> = { ...current };
  for (const [field, value] of Object.entries(changes)) {
    if (secret.has(field) && (value === undefined || value === "")) continue;
    if (value === null) delete merged[field];
    else merged[field] = value;
  }
  const channel = validate(merged);
  const configHash = channelConfigHash(channel);
  if (configHash === row.configHash) return row;
  const write = db.update(notificationChannels).set({ name: channel.name, config: storedChannelSettings(channel), configHash }).where(eq(notificationChannels.id, row.id));
  // Which secrets changed is worth knowing; what they are is not (the key avoids the log's own redaction of "secret…" names).
  const changed = [...secret].filter((field) => merged[field] !== current[field]);
  const after = { ...redactedEntry(entryOf(channel)), ...(changed.length ? { credentialsChanged: changed } : {}) };
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "channel.update", entity: "channel", entityId: row.key, before: redactedEntry(current), after }, now)], "write");
  return (await channelByKey(db, row.key))!;
}

/**
 * Archives a dashboard/API channel (its delivery log is kept, its key may be used again). A
 * channel that an escalation policy still names is refused, naming the policies.
 */
export async function archiveChannel(db: Db, actor: Actor, key: unknown, now = Date.now()): Promise<void> {
  const row = await liveChannel(db, key);
  assertNotManagedByConfig(row, "channel", "remove");
  const users = await policiesUsingChannel(db, row.key);
  if (users.length) {
    throw new UserError("conflict", `The channel "${row.key}" is used by the escalation ${users.length === 1 ? "policy" : "policies"} ${users.map((k) => `"${k}"`).join(", ")}: remove it from ${users.length === 1 ? "that policy" : "those policies"} first.`);
  }
  const write = db.update(notificationChannels).set({ archivedAt: now }).where(eq(notificationChannels.id, row.id));
  await db.$client.batch([statementOf(write), auditStatement(actor, { action: "channel.archive", entity: "channel", entityId: row.key, before: redactedEntry(plainEntry(row)) }, now)], "write");
}

/** Keys of live escalation policies with a step that tells this channel. */
async function policiesUsingChannel(db: Db, key: string): Promise<string[]> {
  const rs = await db.$client.execute({
    sql: `SELECT p.key FROM escalation_policies p WHERE p.archived_at IS NULL
          AND EXISTS (SELECT 1 FROM json_each(p.steps) s, json_each(s.value, '$.channels') c WHERE c.value = ?) ORDER BY p.key`,
    args: [key],
  });
  return rs.rows.map((r) => String(r.key));
}
