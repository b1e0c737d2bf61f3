/**
 * The database's configuration written back as a status.config.yaml: page, groups, components,
 * monitors, channels and escalation policies that are not archived, wherever they were declared
 * (the file, the dashboard, the API). Applying the result to a fresh database (lib/config/sync.ts)
 * gives the same state; lib/config/export.test.ts proves it row by row.
 */
import { isDeepStrictEqual } from "node:util";
import { asc, isNull } from "drizzle-orm";
import { Document, Scalar, visit } from "yaml";
import type { Db } from "../db/client";
import { recordAudit, type Actor } from "../audit/log";
import { componentGroups, components, escalationPolicies, monitors, notificationChannels } from "../db/schema";
import type { MonitorType } from "../db/schema/monitors";
import { CHANNEL_TYPES, isChannelType } from "../notify/index";
import { decryptSecret } from "../secrets/crypto";
import { readPageSettings } from "../settings/page";
import { readBackupSchedule } from "../backup/schedule";
import { readRetention } from "../results/retention";
import { DEFAULT_RETENTION, type RetentionPolicy } from "../results/retention-policy";
import { DEFAULT_UPTIME_FORMULA } from "../uptime/state-time";
import { CHECK_CONFIG_SCHEMAS, configErrorMap, DEFAULT_INTERVAL_MS, DEFAULT_THRESHOLD, DEFAULT_TIMEOUT_MS, DOWN_TRIGGER_KEY, monitorEntrySchema, normalizeMonitor, type MonitorConfig } from "./schema";
import { monitorConfigHash } from "./sync";
import { configFilePath } from "./load";
import { fileDuration, formatSizeBytes } from "./units";

export interface ExportOptions {
  /** Write channel secrets decrypted (a private backup); by default each is a `${VAR}` reference. */
  includeSecrets?: boolean;
  /** Named in the header: where it was exported from (the site URL, or the database). */
  instance: string;
  /** Named in the header: who exported it (a user's email, or "npm run config"). */
  exportedBy?: string;
  now?: number;
  /** Who exports: recorded in the audit log (that it happened, never the content). */
  actor?: Actor;
}

export interface ConfigExport {
  yaml: string;
  /** The environment variables the file reads channel secrets from (empty with includeSecrets). */
  secretEnv: string[];
  /** Entries written with a change, in words (a reference to an archived entry left out). */
  warnings: string[];
  /** How many entries each section holds. */
  counts: Record<"groups" | "components" | "monitors" | "channels" | "escalation", number>;
}

type Entry = Record<string, unknown>;

/** The environment variable a channel's secret field is read from: CHANNEL_OPS_HOOK_WEBHOOK_URL. */
export function secretEnvName(channelKey: string, field: string): string {
  const snake = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, "$1_$2").replace(/[^A-Za-z0-9]+/g, "_").toUpperCase();
  return `CHANNEL_${snake(channelKey)}_${snake(field)}`;
}

export async function exportConfig(db: Db, opts: ExportOptions): Promise<ConfigExport> {
  const [page, groupRows, componentRows, monitorRows, channelRows, policyRows, backups, retention] = await Promise.all([
    readPageSettings(db),
    db.select().from(componentGroups).where(isNull(componentGroups.archivedAt)).orderBy(asc(componentGroups.displayOrder), asc(componentGroups.id)),
    // Archived components too: a monitor's publicness is decided with its component's flag.
    db.select().from(components).orderBy(asc(components.displayOrder), asc(components.id)),
    db.select().from(monitors).where(isNull(monitors.archivedAt)).orderBy(asc(monitors.id)),
    db.select().from(notificationChannels).where(isNull(notificationChannels.archivedAt)).orderBy(asc(notificationChannels.id)),
    db.select().from(escalationPolicies).where(isNull(escalationPolicies.archivedAt)).orderBy(asc(escalationPolicies.id)),
    readBackupSchedule(db),
    readRetention(db),
  ]);
  const warnings: string[] = [];
  const secretEnv: string[] = [];
  /** Strings we wrote as `${VAR}` references: every other string is escaped so the loader reads it literally. */
  const references = new Set<string>();

  const groupKeyById = new Map(groupRows.map((g) => [g.id, g.key]));
  const liveComponents = componentRows.filter((c) => c.archivedAt === null);
  const componentById = new Map(componentRows.map((c) => [c.id, c]));
  const liveComponentKeys = new Set(liveComponents.map((c) => c.key));
  const policyKeyById = new Map(policyRows.map((p) => [p.id, p.key]));
  const channelKeys = new Set(channelRows.map((c) => c.key));
  /** Policies written below: those with a step that names a live channel. */
  const policyKeys = new Set(policyRows.filter((p) => p.steps.some((step) => step.channels.some((key) => channelKeys.has(key)))).map((p) => p.key));

  const pageEntry: Entry = { name: page.name };
  if (page.description) pageEntry.description = page.description;
  for (const field of ["logo", "homepage", "links", "accentColor", "accentColorDark"] as const) if (page[field]) pageEntry[field] = page[field];
  const uptime = { ...DEFAULT_UPTIME_FORMULA, ...(page.uptime ?? {}) };
  if (!isDeepStrictEqual(uptime, DEFAULT_UPTIME_FORMULA)) pageEntry.uptime = uptime;

  const groups = groupRows.map((g) => ({ key: g.key, name: g.name }));

  const componentEntries = liveComponents.map((c) => {
    const entry: Entry = { key: c.key, name: c.name };
    const group = c.groupId === null ? undefined : groupKeyById.get(c.groupId);
    if (group) entry.group = group;
    else if (c.groupId !== null) warnings.push(`component ${c.key}: its group is archived, so it is written without one`);
    if (c.description !== null) entry.description = c.description;
    if (!c.isPublic) entry.public = false;
    if (!c.showLatency) entry.showLatency = false;
    if (c.publishIncidents) entry.publishIncidents = true;
    return entry;
  });

  const monitorEntries = monitorRows.map((row) => {
    const component = row.componentId === null ? undefined : componentById.get(row.componentId);
    const declared: MonitorConfig = {
      key: row.key,
      name: row.name,
      type: row.type,
      componentKey: component?.key ?? null,
      intervalS: row.intervalS,
      timeoutMs: row.timeoutMs,
      isPublic: row.isPublic,
      failureThreshold: row.failureThreshold,
      successThreshold: row.successThreshold,
      regions: row.regions,
      quorum: row.quorum,
      escalationKey: row.escalationPolicyId === null ? null : (policyKeyById.get(row.escalationPolicyId) ?? null),
      checkConfig: row.checkConfig,
    } as MonitorConfig;
    // The entry as written (monitors.spec) when it still says what the row holds; else rebuilt from the columns.
    const entry = row.spec && reproduces(row.spec, declared, component?.isPublic) ? { ...row.spec } : rebuildMonitorEntry(declared, component?.isPublic);
    if (!reproduces(entry, declared, component?.isPublic)) warnings.push(`monitor ${row.key}: its stored settings could not be written back exactly; check this entry`);
    if (typeof entry.component === "string" && !liveComponentKeys.has(entry.component)) {
      warnings.push(`monitor ${row.key}: its component ${entry.component} is archived, so it is written without one`);
      delete entry.component;
    }
    if (row.escalationPolicyId !== null && (declared.escalationKey === null || !policyKeys.has(declared.escalationKey))) {
      warnings.push(`monitor ${row.key}: its escalation policy is archived or left out, so it is written without one`);
    }
    if (typeof entry.escalation === "string" && !policyKeys.has(entry.escalation)) delete entry.escalation;
    return entry;
  });

  const channelEntries = channelRows.flatMap((row) => {
    if (!isChannelType(row.type)) {
      warnings.push(`channel ${row.key}: unknown type ${row.type}, left out`);
      return [];
    }
    const secret = new Set<string>(CHANNEL_TYPES[row.type].secretFields);
    const entry: Entry = { key: row.key };
    if (row.name !== row.key) entry.name = row.name;
    entry.type = row.type;
    for (const [field, value] of Object.entries(row.config)) {
      if (!secret.has(field) || typeof value !== "string") entry[field] = value;
      else if (opts.includeSecrets) entry[field] = decryptSecret(value);
      else {
        const name = secretEnvName(row.key, field);
        const reference = `\${${name}}`;
        references.add(reference);
        secretEnv.push(name);
        entry[field] = reference;
      }
    }
    return [entry];
  });

  const policyEntries = policyRows.flatMap((row) => {
    const steps = row.steps.flatMap((step) => {
      const kept = step.channels.filter((key) => channelKeys.has(key));
      if (kept.length < step.channels.length) warnings.push(`escalation ${row.key}: archived channels left out of a step (${step.channels.filter((k) => !channelKeys.has(k)).join(", ")})`);
      if (kept.length === 0) return [];
      return [{ ...(step.afterMs ? { after: fileDuration(step.afterMs) } : {}), channels: kept }];
    });
    if (steps.length === 0) {
      warnings.push(`escalation ${row.key}: no step names a live channel, left out`);
      return [];
    }
    const entry: Entry = { key: row.key };
    if (row.name !== row.key) entry.name = row.name;
    entry.steps = steps;
    if (row.repeatEveryMs !== null) entry.repeat = fileDuration(row.repeatEveryMs);
    return [entry];
  });

  const data: Entry = { page: pageEntry };
  if (groups.length) data.groups = groups;
  if (componentEntries.length) data.components = componentEntries;
  if (monitorEntries.length) data.monitors = monitorEntries;
  if (channelEntries.length) data.channels = channelEntries;
  if (policyEntries.length) data.escalation = policyEntries;
  if (backups) {
    const heartbeatLive = backups.heartbeat !== null && monitorRows.some((m) => m.key === backups.heartbeat && m.type === "heartbeat");
    if (backups.heartbeat !== null && !heartbeatLive) warnings.push(`backups: the heartbeat monitor ${backups.heartbeat} is archived or not a heartbeat monitor, so it is written without one`);
    data.backups = { every: fileDuration(backups.everyMs), keep: { ...backups.keep }, ...(heartbeatLive ? { heartbeat: backups.heartbeat } : {}) };
  }

  const retentionEntry = retentionFields(retention);
  if (Object.keys(retentionEntry).length) data.retention = retentionEntry;

  const doc = new Document(data);
  visit(doc, {
    Scalar(key, node) {
      // Only values are substituted by the loader, never mapping keys.
      if (key === "key" || typeof node.value !== "string") return;
      // Our references are double-quoted, so a secret of digits is not read back as a number.
      if (references.has(node.value)) node.type = Scalar.QUOTE_DOUBLE;
      // The loader substitutes ${NAME}; `$${` is its escape for a literal `${`.
      else if (node.value.includes("${")) node.value = node.value.replaceAll("${", () => "$${");
    },
  });
  doc.commentBefore = header(opts, secretEnv);
  const yaml = doc.toString({ lineWidth: 0 });
  const counts = { groups: groups.length, components: componentEntries.length, monitors: monitorEntries.length, channels: channelEntries.length, escalation: policyEntries.length };
  if (opts.actor) {
    await recordAudit(db, opts.actor, { action: "config.export", entity: "config", after: { ...counts, channelCredentials: opts.includeSecrets ? "written in plain text" : "environment references" } }, opts.now);
  }
  return { yaml, secretEnv, warnings, counts };
}

function header(opts: ExportOptions, secretEnv: string[]): string {
  const at = new Date(opts.now ?? Date.now()).toISOString();
  const lines = [
    ` status.config.yaml exported from ${opts.instance} at ${at}${opts.exportedBy ? ` by ${opts.exportedBy}` : ""}.`,
    " Every live group, component, monitor, channel and escalation policy, from the file and from the",
    " dashboard or API alike: applied as the config file, all of them become managed by the file.",
    " (On the instance it came from, archive the dashboard's own entries first: a file key that a",
    " dashboard entry holds is refused.) Archived entries are left out.",
    " Not config, so not here: pauses, incidents, history, users, heartbeat push URLs (a new",
    " instance issues new ones).",
  ];
  if (opts.includeSecrets) lines.push(" Channel secrets are written in plain text: keep this file private.");
  else if (secretEnv.length) lines.push(" Channel secrets are not written: each is read from an environment variable, which must be set:", ...secretEnv.map((name) => `   ${name}`));
  else lines.push(" No channel has a secret setting.");
  return lines.join("\n");
}

/** The retention fields that differ from the defaults, as the file writes them. */
function retentionFields(policy: RetentionPolicy): Entry {
  const fields: [string, keyof RetentionPolicy][] = [["raw", "rawMs"], ["hourly", "hourlyMs"], ["daily", "dailyMs"], ["deliveries", "deliveriesMs"], ["audit", "auditMs"], ["logins", "loginsMs"]];
  const entry: Entry = {};
  for (const [name, field] of fields) {
    const ms = policy[field];
    if (ms !== DEFAULT_RETENTION[field]) entry[name] = ms === null ? "forever" : fileDuration(ms);
  }
  return entry;
}

/** Whether this entry, validated and normalized as the config file's are, gives the row's settings. */
function reproduces(entry: Entry, declared: MonitorConfig, componentIsPublic: boolean | undefined): boolean {
  const parsed = monitorEntrySchema.safeParse(entry, { error: configErrorMap });
  if (!parsed.success) return false;
  return monitorConfigHash(normalizeMonitor(parsed.data, componentIsPublic)) === monitorConfigHash(declared);
}

/**
 * A monitor entry in the file's words from the stored columns (rows from before entries were kept
 * as written): durations with units, values equal to the defaults left out. Each check field is
 * written in the first form its schema reads back to the stored value.
 */
function rebuildMonitorEntry(m: MonitorConfig, componentIsPublic: boolean | undefined): Entry {
  const intervalMs = m.intervalS * 1_000;
  const defaultThreshold = m.type === "heartbeat" ? 1 : DEFAULT_THRESHOLD;
  const entry: Entry = { key: m.key, name: m.name, type: m.type };
  if (m.componentKey) entry.component = m.componentKey;
  if (intervalMs !== DEFAULT_INTERVAL_MS) entry.interval = fileDuration(intervalMs);
  if (m.timeoutMs !== Math.min(DEFAULT_TIMEOUT_MS, intervalMs / 2)) entry.timeout = fileDuration(m.timeoutMs);
  if (!m.isPublic && componentIsPublic !== false) entry.public = false;
  if (m.failureThreshold !== defaultThreshold) entry.failureThreshold = m.failureThreshold;
  if (m.successThreshold !== defaultThreshold) entry.successThreshold = m.successThreshold;
  if (m.regions) entry.regions = m.regions;
  if (m.quorum !== null) entry.quorum = m.quorum;
  if (m.escalationKey) entry.escalation = m.escalationKey;
  const { [DOWN_TRIGGER_KEY]: trigger, ...check } = m.checkConfig as Record<string, unknown>;
  const downTrigger = (trigger ?? {}) as { percent?: number; windowMs?: number };
  if (downTrigger.percent !== undefined) entry.downPercent = downTrigger.percent;
  if (downTrigger.windowMs !== undefined) entry.downWindow = fileDuration(downTrigger.windowMs);
  const shape = CHECK_CONFIG_SCHEMAS[m.type as MonitorType].shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>;
  for (const [field, stored] of Object.entries(check)) {
    const schema = shape[field];
    const readsAs = (candidate: unknown) => {
      const parsed = schema?.safeParse(candidate);
      return parsed?.success === true && isDeepStrictEqual(parsed.data, stored);
    };
    if (readsAs(undefined)) continue;
    const candidates = [stored, ...(typeof stored === "number" ? [fileDuration(stored), formatSizeBytes(stored).replace(" ", ""), `${stored}B`] : [])];
    // Status ranges are stored as [from, to] pairs and written as "200-299".
    if (Array.isArray(stored) && stored.every((r) => Array.isArray(r) && r.length === 2)) candidates.push(stored.map(([lo, hi]) => (lo === hi ? lo : `${lo}-${hi}`)));
    entry[field] = candidates.find(readsAs) ?? stored;
  }
  return entry;
}

/** What the config page shows: where the file is, what the database holds by origin, and what an export will need. */
export interface ConfigOverview {
  file: string;
  /** Live entries declared in the file and created in the dashboard or API. */
  counts: Record<"groups" | "components" | "monitors", { config: number; ui: number }> & { channels: number; escalation: number };
  /** The variables a dashboard export (never with secrets) reads channel secrets from. */
  secretEnv: string[];
  warnings: string[];
}

export async function readConfigOverview(db: Db, now = Date.now()): Promise<ConfigOverview> {
  const byOrigin = async (table: typeof componentGroups | typeof components | typeof monitors) => {
    const rows = await db.select({ origin: table.origin }).from(table).where(isNull(table.archivedAt));
    return { config: rows.filter((r) => r.origin === "config").length, ui: rows.filter((r) => r.origin === "ui").length };
  };
  const [groups, componentCounts, monitorCounts, exported] = await Promise.all([byOrigin(componentGroups), byOrigin(components), byOrigin(monitors), exportConfig(db, { instance: "", now })]);
  return {
    file: configFilePath(),
    counts: { groups, components: componentCounts, monitors: monitorCounts, channels: exported.counts.channels, escalation: exported.counts.escalation },
    secretEnv: exported.secretEnv,
    warnings: exported.warnings,
  };
}
