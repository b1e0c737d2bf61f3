import { createHash, createHmac } from "node:crypto";
import { eq, inArray, is, sql, SQL } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Db } from "../db/client";
import { componentGroups, components, escalationPolicies, monitors, notificationChannels, type EscalationStep } from "../db/schema";
import { CHANNEL_TYPES } from "../notify/index";
import { encryptSecret, secretKey } from "../secrets/crypto";
import { readPageSettings, writePageSettings, type PageSettings } from "../settings/page";
import { issueMissingTokens } from "../heartbeats/push";
import { readBackupSchedule, writeBackupSchedule } from "../backup/schedule";
import { readRetention, writeRetention } from "../results/retention";
import type { ChannelConfig, EscalationConfig, MonitorConfig, StatusConfig } from "./schema";
import { ConfigError, DEFAULT_CONFIG_FILE, type ConfigIssue } from "./load";

/**
 * What applyConfig did. Entries are keys prefixed by kind: "group:core", "component:api",
 * "monitor:api-health". `updated` includes entries re-added after being archived;
 * `unchanged` counts entries (of all kinds) for which nothing was written.
 */
export interface SyncSummary {
  created: string[];
  updated: string[];
  archived: string[];
  unchanged: number;
}

type Write = BatchItem<"sqlite">;

/**
 * Makes the database match the config: rows are matched on `key`, created or updated in place,
 * and rows whose key left the file are archived (never deleted: results reference them).
 * Re-applying the same config writes nothing. All writes go in one batch, i.e. one atomic write
 * transaction: a failure leaves the previous config in place.
 *
 * Groups, components, monitors, channels and escalation policies created in the dashboard or API (origin "ui") are never
 * touched: a file entry whose key one of them holds is a ConfigError naming both (an archived
 * one is taken over by the file, history and all). A monitor's pause is not config either.
 */
export function applyConfig(db: Db, config: StatusConfig, now: number = Date.now()): Promise<SyncSummary> {
  // One sync at a time per database handle: two overlapping syncs (a file watcher firing twice)
  // would both read "absent" and both insert the same key.
  const previous = pending.get(db) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => sync(db, config, now));
  pending.set(db, run);
  return run;
}

const pending = new WeakMap<Db, Promise<unknown>>();

async function sync(db: Db, config: StatusConfig, now: number): Promise<SyncSummary> {
  const [groupRows, componentRows, monitorRows, storedPage, channelRows, policyRows, storedBackups, storedRetention] = await Promise.all([
    db.select().from(componentGroups),
    db.select().from(components),
    db.select().from(monitors),
    readPageSettings(db),
    db.select().from(notificationChannels),
    db.select().from(escalationPolicies),
    readBackupSchedule(db),
    readRetention(db),
  ]);
  const summary: SyncSummary = { created: [], updated: [], archived: [], unchanged: 0 };
  const writes: Write[] = [];
  assertNoClash(config, { groups: groupRows, components: componentRows, monitors: monitorRows, channels: channelRows, escalation: policyRows });

  // Page settings (name, description): written only when they differ, not counted in the summary.
  const page: PageSettings = {
    name: config.page.name,
    ...(config.page.description ? { description: config.page.description } : {}),
    uptime: config.page.uptime,
    ...(config.page.logo ? { logo: config.page.logo } : {}),
    ...(config.page.homepage ? { homepage: config.page.homepage } : {}),
    ...(config.page.links ? { links: config.page.links } : {}),
    ...(config.page.accentColor ? { accentColor: config.page.accentColor } : {}),
    ...(config.page.accentColorDark ? { accentColorDark: config.page.accentColorDark } : {}),
  };
  if (JSON.stringify(page) !== JSON.stringify(storedPage)) writes.push(writePageSettings(db, page));
  // The backup schedule, likewise.
  if (JSON.stringify(config.backups) !== JSON.stringify(storedBackups)) writes.push(writeBackupSchedule(db, config.backups));
  // And the retention policy (stored in full, the defaults included, so the pruning reads one row).
  if (JSON.stringify(config.retention) !== JSON.stringify(storedRetention)) writes.push(writeRetention(db, config.retention));

  // Groups.
  const groupByKey = new Map(groupRows.map((row) => [row.key, row]));
  config.groups.forEach((group, displayOrder) => {
    const row = groupByKey.get(group.key);
    const values = { name: group.name, displayOrder, origin: "config" as const, archivedAt: null };
    const change = changeOf(row, values);
    if (change === "created") writes.push(db.insert(componentGroups).values({ key: group.key, ...values }));
    if (row && change === "updated") writes.push(db.update(componentGroups).set(values).where(eq(componentGroups.id, row.id)));
    tally(summary, change, `group:${group.key}`);
  });

  // Components. A group created in this same batch has no id yet: a subquery finds it.
  const componentByKey = new Map(componentRows.map((row) => [row.key, row]));
  config.components.forEach((component, displayOrder) => {
    const row = componentByKey.get(component.key);
    const values = {
      name: component.name,
      description: component.description,
      groupId: component.groupKey === null ? null : (groupByKey.get(component.groupKey)?.id ?? idByKey(componentGroups, component.groupKey)),
      displayOrder,
      isPublic: component.isPublic,
      showLatency: component.showLatency,
      publishIncidents: component.publishIncidents,
      origin: "config" as const,
      archivedAt: null,
    };
    const change = changeOf(row, values);
    if (change === "created") writes.push(db.insert(components).values({ key: component.key, ...values }));
    if (row && change === "updated") writes.push(db.update(components).set(values).where(eq(components.id, row.id)));
    tally(summary, change, `component:${component.key}`);
  });

  // Channels: secrets are encrypted at rest; the hash is keyed, so it reveals nothing about them.
  const channelByKey = new Map(channelRows.map((row) => [row.key, row]));
  for (const channel of config.channels) {
    const row = channelByKey.get(channel.key);
    const configHash = channelConfigHash(channel);
    if (row && row.configHash === configHash && row.archivedAt === null && row.origin === "config") {
      tally(summary, "unchanged", `channel:${channel.key}`);
      continue;
    }
    const values = { name: channel.name, type: channel.type, config: storedChannelSettings(channel), configHash, origin: "config" as const, archivedAt: null };
    if (!row) writes.push(db.insert(notificationChannels).values({ key: channel.key, createdAt: now, ...values }));
    else writes.push(db.update(notificationChannels).set(values).where(eq(notificationChannels.id, row.id)));
    tally(summary, row ? "updated" : "created", `channel:${channel.key}`);
  }

  // Escalation policies.
  const policyByKey = new Map(policyRows.map((row) => [row.key, row]));
  for (const policy of config.escalation) {
    const row = policyByKey.get(policy.key);
    const configHash = policyConfigHash(policy);
    if (row && row.configHash === configHash && row.archivedAt === null && row.origin === "config") {
      tally(summary, "unchanged", `escalation:${policy.key}`);
      continue;
    }
    const values = { name: policy.name, steps: policy.steps, repeatEveryMs: policy.repeatEveryMs, configHash, origin: "config" as const, archivedAt: null };
    if (!row) writes.push(db.insert(escalationPolicies).values({ key: policy.key, createdAt: now, ...values }));
    else writes.push(db.update(escalationPolicies).set(values).where(eq(escalationPolicies.id, row.id)));
    tally(summary, row ? "updated" : "created", `escalation:${policy.key}`);
  }

  // Monitors: an unchanged hash means unchanged settings, so nothing else is compared.
  const monitorByKey = new Map(monitorRows.map((row) => [row.key, row]));
  for (const monitor of config.monitors) {
    const row = monitorByKey.get(monitor.key);
    const configHash = monitorConfigHash(monitor);
    if (row && row.configHash === configHash && row.archivedAt === null && row.origin === "config") {
      tally(summary, "unchanged", `monitor:${monitor.key}`);
      continue;
    }
    const values = {
      name: monitor.name,
      type: monitor.type,
      checkConfig: monitor.checkConfig,
      intervalS: monitor.intervalS,
      timeoutMs: monitor.timeoutMs,
      regions: monitor.regions,
      quorum: monitor.quorum,
      escalationPolicyId: monitor.escalationKey === null ? null : (policyByKey.get(monitor.escalationKey)?.id ?? idByKey(escalationPolicies, monitor.escalationKey)),
      componentId: monitor.componentKey === null ? null : (componentByKey.get(monitor.componentKey)?.id ?? idByKey(components, monitor.componentKey)),
      isPublic: monitor.isPublic,
      failureThreshold: monitor.failureThreshold,
      successThreshold: monitor.successThreshold,
      configHash,
      spec: monitor.spec ?? null,
      origin: "config" as const,
      updatedAt: now,
      archivedAt: null,
    };
    if (!row) writes.push(db.insert(monitors).values({ key: monitor.key, createdAt: now, ...values }));
    else writes.push(db.update(monitors).set(values).where(eq(monitors.id, row.id)));
    tally(summary, row ? "updated" : "created", `monitor:${monitor.key}`);
  }

  // Whatever left the file is archived, once.
  const gone = <R extends { id: number; key: string; archivedAt: number | null; origin?: string }>(rows: R[], declared: { key: string }[]) => {
    const keys = new Set(declared.map((d) => d.key));
    return rows.filter((row) => row.archivedAt === null && row.origin !== "ui" && !keys.has(row.key));
  };
  const goneGroups = gone(groupRows, config.groups);
  const goneComponents = gone(componentRows, config.components);
  const goneMonitors = gone(monitorRows, config.monitors);
  const goneChannels = gone(channelRows, config.channels);
  const gonePolicies = gone(policyRows, config.escalation);
  assertNotUsedByDashboardPolicies(goneChannels, policyRows);
  if (goneChannels.length) writes.push(db.update(notificationChannels).set({ archivedAt: now }).where(inArray(notificationChannels.id, goneChannels.map((r) => r.id))));
  if (gonePolicies.length) writes.push(db.update(escalationPolicies).set({ archivedAt: now }).where(inArray(escalationPolicies.id, gonePolicies.map((r) => r.id))));
  if (goneGroups.length) writes.push(db.update(componentGroups).set({ archivedAt: now }).where(inArray(componentGroups.id, goneGroups.map((r) => r.id))));
  if (goneComponents.length) writes.push(db.update(components).set({ archivedAt: now }).where(inArray(components.id, goneComponents.map((r) => r.id))));
  if (goneMonitors.length) writes.push(db.update(monitors).set({ archivedAt: now, updatedAt: now }).where(inArray(monitors.id, goneMonitors.map((r) => r.id))));
  summary.archived.push(
    ...goneGroups.map((r) => `group:${r.key}`),
    ...goneComponents.map((r) => `component:${r.key}`),
    ...goneMonitors.map((r) => `monitor:${r.key}`),
    ...goneChannels.map((r) => `channel:${r.key}`),
    ...gonePolicies.map((r) => `escalation:${r.key}`),
  );

  if (writes.length > 0) await db.batch(writes as [Write, ...Write[]]);
  // New heartbeat monitors get their push token (a no-op when every one has one).
  await issueMissingTokens(db, now);
  return summary;
}

type Owned = { key: string; name: string; origin: string; archivedAt: number | null };

const KIND_OF_SECTION = { groups: "group", components: "component", monitors: "monitor", channels: "channel", escalation: "escalation policy" } as const;

/** A file entry whose key a live dashboard/API entry holds: every one at once, naming both. */
function assertNoClash(config: StatusConfig, rows: Record<keyof typeof KIND_OF_SECTION, Owned[]>): void {
  const issues: ConfigIssue[] = [];
  for (const section of Object.keys(KIND_OF_SECTION) as (keyof typeof KIND_OF_SECTION)[]) {
    const ui = new Map(rows[section].filter((r) => r.origin === "ui" && r.archivedAt === null).map((r) => [r.key, r]));
    config[section].forEach((entry, index) => {
      const row = ui.get(entry.key);
      if (!row) return;
      const kind = KIND_OF_SECTION[section];
      issues.push({
        path: `${section}[${index}].key`,
        message: `key "${entry.key}" (${entry.name}) is already used by the ${kind} "${row.name}" created in the dashboard: rename this entry, or archive the dashboard ${kind} first`,
      });
    });
  }
  if (issues.length) throw new ConfigError(DEFAULT_CONFIG_FILE, issues);
}

/**
 * A channel leaving the file while an escalation policy made in the dashboard still names it: the
 * file cannot archive it from under that policy (its alerts would go nowhere).
 */
function assertNotUsedByDashboardPolicies(goneChannels: { key: string }[], policies: (Owned & { steps: EscalationStep[] })[]): void {
  const issues: ConfigIssue[] = [];
  for (const channel of goneChannels) {
    const users = policies.filter((p) => p.origin === "ui" && p.archivedAt === null && p.steps.some((s) => s.channels.includes(channel.key)));
    if (users.length === 0) continue;
    issues.push({
      path: "channels",
      message: `the channel "${channel.key}" left the file but the escalation policy ${users.map((p) => `"${p.key}"`).join(", ")} created in the dashboard still uses it: keep the channel, or remove it from that policy first`,
    });
  }
  if (issues.length) throw new ConfigError(DEFAULT_CONFIG_FILE, issues);
}

/**
 * sha256 of the monitor's normalized settings (its component as a key, not an id), in a JSON
 * form independent of key order. Stored in monitors.config_hash.
 */
export function monitorConfigHash(monitor: MonitorConfig): string {
  return createHash("sha256").update(stableJson(monitor)).digest("hex");
}

/** sha256 of the escalation policy's normalized settings, independent of key order. */
export function policyConfigHash(policy: EscalationConfig): string {
  return createHash("sha256").update(stableJson(policy)).digest("hex");
}

/** Keyed with the product's secret: equal settings give equal hashes, and the hash says nothing of the secrets. */
export function channelConfigHash(channel: ChannelConfig): string {
  return createHmac("sha256", secretKey()).update(stableJson(channel)).digest("hex");
}

/** The settings as stored: the channel type's secret fields encrypted. */
export function storedChannelSettings(channel: ChannelConfig): Record<string, unknown> {
  const secret = new Set<string>(CHANNEL_TYPES[channel.type].secretFields);
  return Object.fromEntries(Object.entries(channel.settings).map(([k, v]) => [k, secret.has(k) && typeof v === "string" ? encryptSecret(v) : v]));
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The id of the row with this key, as a subquery evaluated inside the batch. */
function idByKey(table: typeof componentGroups | typeof components | typeof escalationPolicies, key: string): SQL<number> {
  return sql<number>`(select ${table.id} from ${table} where ${table.key} = ${key})`;
}

type Change = "created" | "updated" | "unchanged";

/** Whether a row must be created or updated; a subquery value (a row created in this batch) is always a change. */
function changeOf(row: Record<string, unknown> | undefined, values: Record<string, unknown>): Change {
  if (!row) return "created";
  return Object.entries(values).some(([column, value]) => is(value, SQL) || row[column] !== value) ? "updated" : "unchanged";
}

function tally(summary: SyncSummary, change: Change, name: string): void {
  if (change === "unchanged") summary.unchanged++;
  else summary[change].push(name);
}
