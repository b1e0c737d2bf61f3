/**
 * A monitor from the dashboard or the API, validated as the config file validates it: the same
 * entry schema (lib/config/schema.ts monitorEntrySchema) and the same messages, with its
 * references (component, escalation policy) checked against the database instead of the file.
 */
import { isNull } from "drizzle-orm";
import type { Db } from "../db/client";
import { components, escalationPolicies } from "../db/schema";
import { fieldError, invalidInput, UserError } from "../errors";
import { configFilePath } from "../config/load";
import { closestMatch, configErrorMap, monitorEntrySchema, normalizeMonitor, type MonitorConfig } from "../config/schema";
import { monitorByKey, type MonitorRow } from "./store";

/** Largest monitor entry accepted, as JSON: a config entry is a few hundred characters. */
export const MAX_MONITOR_ENTRY_CHARS = 32_768;

export interface ValidatedMonitor {
  config: MonitorConfig;
  componentId: number | null;
  escalationPolicyId: number | null;
}

/** Validates an entry and resolves its references; throws invalid_input with each problem by field. */
export async function validateMonitorEntry(db: Db, input: unknown): Promise<ValidatedMonitor> {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw new UserError("invalid_input", "Expected a monitor: an object with key, name, type and the type's fields.");
  if (JSON.stringify(input).length > MAX_MONITOR_ENTRY_CHARS) throw new UserError("invalid_input", `A monitor is at most ${MAX_MONITOR_ENTRY_CHARS} characters as JSON.`);
  const parsed = monitorEntrySchema.safeParse(input, { error: configErrorMap });
  if (!parsed.success) throw invalidInput(parsed.error);
  const entry = parsed.data;

  let componentId: number | null = null;
  let componentIsPublic: boolean | undefined;
  if (entry.component !== undefined) {
    const live = await db.select({ id: components.id, key: components.key, isPublic: components.isPublic }).from(components).where(isNull(components.archivedAt));
    const found = live.find((c) => c.key === entry.component);
    if (!found) throw fieldError("component", unknownReference("component", entry.component, live.map((c) => c.key)));
    componentId = found.id;
    componentIsPublic = found.isPublic;
  }
  let escalationPolicyId: number | null = null;
  if (entry.escalation !== undefined) {
    const live = await db.select({ id: escalationPolicies.id, key: escalationPolicies.key }).from(escalationPolicies).where(isNull(escalationPolicies.archivedAt));
    const found = live.find((p) => p.key === entry.escalation);
    if (!found) throw fieldError("escalation", unknownReference("escalation policy", entry.escalation, live.map((p) => p.key)));
    escalationPolicyId = found.id;
  }
  const config = normalizeMonitor(entry, componentIsPublic);
  config.spec = input as Record<string, unknown>;
  return { config, componentId, escalationPolicyId };
}

export function unknownReference(kind: string, key: string, keys: string[]): string {
  const match = closestMatch(key, keys);
  if (match) return `unknown ${kind} "${key}", did you mean "${match}"?`;
  return keys.length ? `unknown ${kind} "${key}"; there are: ${keys.join(", ")}` : `unknown ${kind} "${key}"; none exists yet`;
}

/** The columns a validated monitor sets (config sync sets the same ones for file entries). */
export function monitorValues(v: ValidatedMonitor) {
  const m = v.config;
  return {
    name: m.name,
    type: m.type,
    checkConfig: m.checkConfig as Record<string, unknown>,
    intervalS: m.intervalS,
    timeoutMs: m.timeoutMs,
    regions: m.regions,
    quorum: m.quorum,
    escalationPolicyId: v.escalationPolicyId,
    componentId: v.componentId,
    isPublic: m.isPublic,
    failureThreshold: m.failureThreshold,
    successThreshold: m.successThreshold,
    spec: m.spec ?? null,
  };
}

/**
 * A monitor declared in the config file is read-only here: the refusal says where to change it.
 * `conflict` (409), not `forbidden`: no role may do it, the entry's owner is the file.
 */
export function assertNotManagedByConfig(row: Pick<MonitorRow, "key" | "origin">, verb: string): void {
  if (row.origin !== "config") return;
  throw new UserError(
    "conflict",
    `The monitor "${row.key}" is managed by config: ${verb} it in ${configFilePath()} (the entry "key: ${row.key}" under monitors:), and the change applies within seconds.`,
  );
}

/** The live monitor with this key, else not_found. */
export async function liveMonitor(db: Db, key: unknown): Promise<MonitorRow> {
  const row = typeof key === "string" && key.length <= 64 ? await monitorByKey(db, key) : null;
  if (!row || row.archivedAt !== null) throw new UserError("not_found", `There is no monitor with the key ${JSON.stringify(key)}.`);
  return row;
}
