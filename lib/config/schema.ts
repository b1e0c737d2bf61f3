import { z } from "zod";
import { DEFAULT_UPTIME_FORMULA, type UptimeFormula } from "../uptime/state-time";
import { CHANNEL_TYPES, type ChannelType } from "../notify/index";
import type { EscalationStep } from "../db/schema/notifications";
import { CHECK_TYPES } from "../checks/index";
import { MONITOR_TYPES, type MonitorType } from "../db/schema/monitors";
import { durationMs, fileDuration, formatDurationMs, parseDurationMs } from "./units";
import { regionNameSchema } from "../regions/name";
import { DEFAULT_KEEP } from "../backup/rotation";
import type { BackupSchedule } from "../backup/schedule";
import { DEFAULT_RETENTION, MIN_RETENTION, type RetentionPolicy } from "../results/retention-policy";

/*
 * The schema of status.config.yaml. Parsing turns the file as written (durations with units,
 * `public`, references by key) into the normalized StatusConfig that config sync applies.
 * Defaults live here and only here.
 */

export const MIN_INTERVAL_MS = 10_000;
export const MAX_INTERVAL_MS = 86_400_000;
export const DEFAULT_INTERVAL_MS = 60_000;
export const MIN_TIMEOUT_MS = 100;
/** The default timeout, or half the interval when that is shorter (a check must end before the next). */
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_THRESHOLD = 2;
export const MAX_THRESHOLD = 20;

/**
 * Each check type's own fields, written flat next to the common monitor fields: the schemas of
 * the check registry (lib/checks/index.ts CHECK_TYPES), where a new check type is one line.
 */
const CHECK_TYPE_NAMES = Object.keys(CHECK_TYPES) as MonitorType[];
export const CHECK_CONFIG_SCHEMAS = Object.fromEntries(CHECK_TYPE_NAMES.map((type) => [type, CHECK_TYPES[type].configSchema])) as {
  [T in MonitorType]: (typeof CHECK_TYPES)[T]["configSchema"];
};

/** A heartbeat reports once per interval, so one missed heartbeat is already an outage. */
const DEFAULT_THRESHOLDS_BY_TYPE: Partial<Record<MonitorType, number>> = { heartbeat: 1 };

// ---------------------------------------------------------------------------------------------
// Building blocks

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[b.length];
}

/** The candidate a typo most likely meant, if any is close enough to suggest. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? "" : `, did you mean "${match}"?`;
}

/**
 * An object that rejects unknown fields, one issue per field at the field's own path (so the
 * error points at its line) with a "did you mean" hint. zod's strictObject reports all unknown
 * keys as one issue on the object, without hints.
 */
export function strictObject<S extends z.core.$ZodLooseShape>(shape: S): z.ZodObject<S, z.core.$strict> {
  const knownKeys = Object.keys(shape);
  return z.looseObject(shape).superRefine(
    (value, ctx) => {
      for (const key of Object.keys(value)) {
        if (knownKeys.includes(key)) continue;
        const hint = didYouMean(key, knownKeys);
        ctx.addIssue({ code: "custom", path: [key], message: `unknown field${hint || `; expected one of: ${knownKeys.join(", ")}`}` });
      }
    },
    // Runs even when a field failed, so every problem of the file is reported at once.
    { when: (payload) => isPlainObject(payload.value) },
  ) as unknown as z.ZodObject<S, z.core.$strict>;
}

const KEY_PATTERN = /^[a-z0-9-]+$/;

/** A stable identifier: config sync matches rows on it, so renaming a key makes a new row. */
const keySchema = z
  .string({ error: 'expected a key of lowercase letters, digits and dashes, like "api-health"' })
  .max(64, { error: "must be at most 64 characters" })
  .refine((key) => KEY_PATTERN.test(key), {
    error: (iss) => `must be lowercase letters, digits and dashes, like "api-health", got ${JSON.stringify(iss.input)}`,
  });

/** A reference to a key declared elsewhere in the file; checked in `checkReferences`. */
const keyReference = z.string({ error: "expected the key of an entry declared in this file" });

const nameSchema = z.string({ error: "expected a name" }).trim().min(1, { error: "must not be empty" }).max(200);

const flag = (defaultValue: boolean) => z.boolean({ error: "expected true or false" }).default(defaultValue);

const threshold = z
  .number({ error: (iss) => `expected a whole number from 1 to ${MAX_THRESHOLD}, got ${JSON.stringify(iss.input)}` })
  .int({ error: (iss) => `expected a whole number from 1 to ${MAX_THRESHOLD}, got ${iss.input}` })
  .min(1, { error: (iss) => `must be from 1 to ${MAX_THRESHOLD}, got ${iss.input}` })
  .max(MAX_THRESHOLD, { error: (iss) => `must be from 1 to ${MAX_THRESHOLD}, got ${iss.input}` });

// ---------------------------------------------------------------------------------------------
// Sections of the file

/**
 * A notification channel: key, optional name, type, and the type's own settings, validated by
 * the channel's schema (lib/notify/<type>.ts). Secrets may come from the environment (${VAR}).
 */
const CHANNEL_COMMON = ["key", "name", "type"];
const channelSchema = z
  .looseObject({
    key: keySchema,
    name: nameSchema.optional(),
    type: z.enum(Object.keys(CHANNEL_TYPES) as [ChannelType, ...ChannelType[]], {
      error: (iss) => `unknown channel type ${JSON.stringify(iss.input)}; expected one of ${Object.keys(CHANNEL_TYPES).join(", ")}`,
    }),
  })
  .superRefine((entry, ctx) => {
    const channel = CHANNEL_TYPES[entry.type];
    if (!channel) return;
    const settings = Object.fromEntries(Object.entries(entry).filter(([k]) => !CHANNEL_COMMON.includes(k)));
    const parsed = channel.configSchema.safeParse(settings);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: "custom", path: issue.path as PropertyKey[], message: issue.message });
  });

const escalationSchema = strictObject({
  key: keySchema,
  name: nameSchema.optional(),
  /** In order of delay: each step tells its channels this long after the alert opened. */
  steps: z
    .array(
      strictObject({
        after: durationMs({ min: 0, max: 7 * 86_400_000 }).default(0),
        channels: z.array(keyReference, { error: "expected a list of channel keys" }).min(1, { error: "name at least one channel" }),
      }),
      { error: "expected a list of steps" },
    )
    .min(1, { error: "give at least one step" }),
  /** Repeat the last step this often until someone acknowledges; leave out for no reminders. */
  repeat: durationMs({ min: 60_000 }).optional(),
});

/**
 * One channel and one escalation policy entry as the file writes them: the dashboard and the API
 * validate with these too (lib/notify/manage.ts), so the messages are the file's.
 */
export const channelEntrySchema = channelSchema;
export const escalationEntrySchema = escalationSchema;

const pageSchema = strictObject({
  /** Shown as the title of the public page. */
  name: nameSchema,
  description: z.string().optional(),
  /** Branding: a logo image (absolute https URL or a path on this site), shown beside the name. */
  logo: z
    .string()
    .refine((v) => /^https?:\/\/[^\s"'<>]+$/i.test(v) || /^\/[^\s"'<>]*$/.test(v), { error: "must be an http(s) URL or a path starting with /" })
    .optional(),
  /** The company's own site: the page name links there. */
  homepage: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  /** A few links in the header ("Support", "Docs"). */
  links: z
    .array(strictObject({ label: z.string().trim().min(1).max(40), url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }) }))
    .max(6, { error: "at most 6 links" })
    .optional(),
  /** Accent colour (links, buttons) as #rrggbb, for the light and the dark theme. */
  accentColor: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like "#1d5fd1"' }).optional(),
  accentColorDark: z.string().regex(/^#[0-9a-fA-F]{6}$/, { error: 'must be a colour like "#8ab4ff"' }).optional(),
  /** The uptime formula (lib/uptime/state-time.ts): how much partial outage and degraded time count as down. */
  uptime: strictObject({
    partialOutageWeight: z.number({ error: "expected a number from 0 to 1 (0.3 counts 30 %)" }).min(0).max(1).default(DEFAULT_UPTIME_FORMULA.partialOutageWeight),
    degradedWeight: z.number({ error: "expected a number from 0 to 1" }).min(0).max(1).default(DEFAULT_UPTIME_FORMULA.degradedWeight),
  }).optional(),
});

const keepCount = (fallback: number) =>
  z.number({ error: "expected a whole number" }).int({ error: "expected a whole number" }).min(0).max(10_000).default(fallback);

/** Scheduled, verified backups of the SQLite file into BACKUP_DIR (lib/backup/schedule.ts); leave out for none. */
const backupsSchema = strictObject({
  /** How often: the newest backup is at most this old. */
  every: durationMs({ min: 60_000, max: 7 * 86_400_000 }).default(3_600_000),
  /** How many to keep: the newest per hour, per day and per week. */
  keep: strictObject({ hourly: keepCount(DEFAULT_KEEP.hourly), daily: keepCount(DEFAULT_KEEP.daily), weekly: keepCount(DEFAULT_KEEP.weekly) }).default(DEFAULT_KEEP),
  /** A heartbeat monitor's key: each run reports to it, so a failing or missing backup alerts like an outage. */
  heartbeat: keyReference.optional(),
});

/** Longest retention written as a duration (100 years); longer is "forever". */
const MAX_RETENTION_MS = 36_500 * 86_400_000;

/** How long one kind of data is kept: a duration with a unit ("7d"), or "forever" where `forever` is allowed (null). */
function keepFor(field: keyof RetentionPolicy, forever: boolean) {
  const minMs = MIN_RETENTION[field] as number;
  const expected = `expected a duration like "30d"${forever ? ' or "forever"' : ""}`;
  return z
    .string({ error: expected })
    .transform((text, ctx): number | null => {
      if (forever && text.trim() === "forever") return null;
      const ms = parseDurationMs(text);
      if (ms === undefined) ctx.addIssue({ code: "custom", message: `${expected}, got "${text}"` });
      else if (ms < minMs) ctx.addIssue({ code: "custom", message: `must be at least ${fileDuration(minMs)}, got ${text.trim()}` });
      else if (ms > MAX_RETENTION_MS) ctx.addIssue({ code: "custom", message: `must be at most ${fileDuration(MAX_RETENTION_MS)}${forever ? ' (or "forever")' : ""}, got ${text.trim()}` });
      else return ms;
      return z.NEVER;
    })
    .default(DEFAULT_RETENTION[field]);
}

/** How long data is kept (lib/results/retention.ts); every field has a default, so the section is optional. */
const retentionSchema = strictObject({
  /** Raw check results; older history is read from the rollups. */
  raw: keepFor("rawMs", false),
  /** Hourly rollups (the 24-hour and 7-day figures, charts up to 8 days). */
  hourly: keepFor("hourlyMs", true),
  /** Daily rollups (30 and 90 days, reports, the public history). */
  daily: keepFor("dailyMs", true),
  /** The delivery log: finished notifications and their attempts (those of open alerts stay). */
  deliveries: keepFor("deliveriesMs", false),
  audit: keepFor("auditMs", false),
  /** Sign-in throttle rows, after their last failure (expired sessions go at expiry). */
  logins: keepFor("loginsMs", false),
});

/** A group's fields, shared with the dashboard and the API (lib/components/entry.ts). */
export const groupFields = {
  key: keySchema,
  /** The heading shown above the group's components. */
  name: nameSchema,
};
const groupSchema = strictObject(groupFields);

/** A component's fields, shared with the dashboard and the API (lib/components/entry.ts). */
export const componentFields = {
  key: keySchema,
  name: nameSchema,
  /** Key of a group; absent means the component stands on its own. */
  group: keyReference.optional(),
  description: z.string().optional(),
  /** Private components and their monitors appear only on the dashboard. */
  public: flag(true),
  /** Show a response-time sparkline on the public page. */
  showLatency: flag(true),
  /** Publish incidents that monitors open automatically at once (default: drafts for the team to publish). */
  publishIncidents: flag(false),
};
const componentSchema = strictObject(componentFields);

/** Fields every monitor has, whatever its type. A check type must not reuse these names. */
const monitorCommonShape = {
  key: keySchema,
  name: nameSchema,
  /** Key of the component whose health this monitor decides. */
  component: keyReference.optional(),
  /** How often to check. Stored as whole seconds. */
  interval: durationMs({ min: MIN_INTERVAL_MS, max: MAX_INTERVAL_MS })
    .refine((ms) => ms % 1_000 === 0, { error: (iss) => `must be a whole number of seconds, got ${formatDurationMs(iss.input as number)}` })
    .default(DEFAULT_INTERVAL_MS),
  /** Overall deadline of one check; must end before the next one is due. */
  timeout: durationMs({ min: MIN_TIMEOUT_MS }).optional(),
  /** A monitor of a private component is private whatever this says. */
  public: flag(true),
  /** Consecutive failing rounds before the monitor is down (or slow rounds before degraded). Default 2 (heartbeat: 1). */
  failureThreshold: threshold.optional(),
  /** Consecutive good rounds before it recovers. Default 2 (heartbeat: 1). */
  successThreshold: threshold.optional(),
  /** Regions that check this monitor (probe --region names); default every region. */
  regions: z
    .array(regionNameSchema)
    .min(1, { error: "list at least one region, or leave regions out for every region" })
    .optional(),
  /** How many regions must agree before the monitor is down; default a majority of the live ones. */
  quorum: z.number().int().min(1, { error: (iss) => `must be at least 1, got ${iss.input}` }).max(50).optional(),
  /** Key of the escalation policy that is walked when it goes down; default the policy keyed "default". */
  escalation: keyReference.optional(),
  /**
   * The time-based trigger beside failureThreshold: a region whose checks failed at least this
   * share of the last `downWindow` is down, even when good checks in between keep resetting the
   * consecutive count (a service that bounces). Percent, 1 to 100; default 50.
   */
  downPercent: z
    .number({ error: (iss) => `expected a percentage from 1 to 100, got ${JSON.stringify(iss.input)}` })
    .min(1, { error: (iss) => `must be from 1 to 100 (percent of downWindow), got ${iss.input}` })
    .max(100, { error: (iss) => `must be from 1 to 100 (percent of downWindow), got ${iss.input}` })
    .optional(),
  /** The window of downPercent, e.g. 10m (1m to 24h; default 10m). */
  downWindow: durationMs({ min: 60_000, max: 86_400_000 }).optional(),
};
const MONITOR_COMMON_KEYS = Object.keys(monitorCommonShape);

function monitorOption<T extends MonitorType>(type: T, checkSchema: z.ZodObject) {
  const clash = Object.keys(checkSchema.shape).filter((k) => MONITOR_COMMON_KEYS.includes(k) || k === "type");
  if (clash.length) throw new Error(`check type ${type} reuses common monitor field(s): ${clash.join(", ")}`);
  return strictObject({ ...monitorCommonShape, type: z.literal(type), ...checkSchema.shape });
}

type MonitorOption = ReturnType<typeof monitorOption<MonitorType>>;

const monitorInputSchema = z
  .discriminatedUnion(
    "type",
    CHECK_TYPE_NAMES.map((type) => monitorOption(type, CHECK_CONFIG_SCHEMAS[type])) as [MonitorOption, ...MonitorOption[]],
    {
      error: (iss) => {
        if (iss.code !== "invalid_union" || !isPlainObject(iss.input)) return undefined;
        const types = MONITOR_TYPES.join(", ");
        return iss.input.type === undefined ? `is required (one of: ${types})` : `unknown monitor type ${JSON.stringify(iss.input.type)}; supported types: ${types}`;
      },
    },
  )
  .superRefine(
    (monitor, ctx) => {
      if (monitor.timeout !== undefined && monitor.timeout >= monitor.interval) {
        ctx.addIssue({
          code: "custom",
          path: ["timeout"],
          message: `must be less than interval (${formatDurationMs(monitor.interval)}), got ${formatDurationMs(monitor.timeout)}`,
        });
      }
    },
    { when: (p) => isPlainObject(p.value) && typeof p.value.interval === "number" && typeof p.value.timeout === "number" },
  );

type MonitorInput = z.output<typeof monitorInputSchema>;

/**
 * One monitor entry as the config file writes it (key, name, type, the common fields and the
 * type's own): the dashboard and API validate a monitor with this same schema (lib/monitors),
 * then check its references against the database instead of the file. Parse with `configErrorMap`.
 */
export const monitorEntrySchema = monitorInputSchema;

// ---------------------------------------------------------------------------------------------
// The whole file, and its normalized form

/** Common settings of a monitor, with units in the names and references resolved to keys. */
interface MonitorCommon {
  key: string;
  name: string;
  componentKey: string | null;
  intervalS: number;
  timeoutMs: number;
  /** False when the monitor or its component is private. */
  isPublic: boolean;
  failureThreshold: number;
  successThreshold: number;
  /** Region names that check it; null = every region. */
  regions: string[] | null;
  /** k of n; null = majority. */
  quorum: number | null;
  /** Escalation policy key; null = the policy keyed "default", if any. */
  escalationKey: string | null;
  /** The entry as written (after environment substitution), stored as monitors.spec; not part of the hash. */
  spec?: Record<string, unknown>;
}

/**
 * Where the time-based down trigger is stored: inside check_config (the monitors table has no
 * column for it), under a key no check type uses, only when the config sets it; readers apply
 * the defaults (lib/status/state.ts downTriggerOf).
 */
export const DOWN_TRIGGER_KEY = "downTrigger";

/** A monitor: common settings plus its check type's normalized settings (stored as check_config). */
export type MonitorConfig = {
  [T in MonitorType]: MonitorCommon & { type: T; checkConfig: z.output<(typeof CHECK_CONFIG_SCHEMAS)[T]> };
}[MonitorType];

export interface GroupConfig {
  key: string;
  name: string;
}

export interface ComponentConfig {
  key: string;
  name: string;
  groupKey: string | null;
  description: string | null;
  isPublic: boolean;
  showLatency: boolean;
  publishIncidents: boolean;
}

/** status.config.yaml after validation: defaults applied, durations in the units the tables store. */
export interface ChannelConfig {
  key: string;
  name: string;
  type: ChannelType;
  /** The type's settings, secrets in plain text (encrypted when stored). */
  settings: Record<string, unknown>;
}

export interface EscalationConfig {
  key: string;
  name: string;
  steps: EscalationStep[];
  repeatEveryMs: number | null;
}

export interface StatusConfig {
  page: {
    name: string;
    description: string | null;
    uptime: UptimeFormula;
    logo?: string;
    homepage?: string;
    links?: { label: string; url: string }[];
    accentColor?: string;
    accentColorDark?: string;
  };
  groups: GroupConfig[];
  components: ComponentConfig[];
  monitors: MonitorConfig[];
  channels: ChannelConfig[];
  escalation: EscalationConfig[];
  /** Scheduled backups; null: none. */
  backups: BackupSchedule | null;
  /** How long each kind of data is kept (the defaults when the file says nothing). */
  retention: RetentionPolicy;
}

const rawConfigSchema = strictObject({
  page: pageSchema,
  groups: z.array(groupSchema, { error: "expected a list of groups" }).default([]),
  components: z.array(componentSchema, { error: "expected a list of components" }).default([]),
  monitors: z.array(monitorInputSchema, { error: "expected a list of monitors" }).default([]),
  channels: z.array(channelSchema, { error: "expected a list of channels" }).default([]),
  escalation: z.array(escalationSchema, { error: "expected a list of escalation policies" }).default([]),
  backups: backupsSchema.optional(),
  retention: retentionSchema.optional(),
});

type RawConfig = z.output<typeof rawConfigSchema>;

/** Keys are unique per section, and references name a declared key. */
function checkReferences(config: RawConfig, ctx: z.core.$RefinementCtx<RawConfig>): void {
  // Runs on partially valid input too (see `when` below), so every entry is checked defensively.
  const keyed = (list: unknown): { index: number; key?: string; ref?: string; entry: Record<string, unknown> }[] =>
    Array.isArray(list)
      ? list.flatMap((entry, index) => (isPlainObject(entry) ? [{ index, entry, key: typeof entry.key === "string" ? entry.key : undefined }] : []))
      : [];

  const declared = (section: "groups" | "components" | "monitors" | "channels" | "escalation"): string[] => {
    const firstIndexByKey = new Map<string, number>();
    for (const { index, key } of keyed(config[section])) {
      if (key === undefined) continue;
      const first = firstIndexByKey.get(key);
      if (first === undefined) firstIndexByKey.set(key, index);
      else ctx.addIssue({ code: "custom", path: [section, index, "key"], message: `duplicate key "${key}", already used by ${section}[${first}]` });
    }
    return [...firstIndexByKey.keys()];
  };

  const badRef = (ref: string, targetSection: string, targets: string[]) => {
    const kind = targetSection === "escalation" ? "escalation policy" : targetSection.slice(0, -1);
    const help = didYouMean(ref, targets) || (targets.length ? `; declared ${targetSection}: ${targets.join(", ")}` : `; no ${targetSection} are declared`);
    return `unknown ${kind} "${ref}"${help}`;
  };
  const checkRef = (section: "components" | "monitors", field: string, targetSection: string, targets: string[]) => {
    for (const { index, entry } of keyed(config[section])) {
      const ref = entry[field];
      if (typeof ref !== "string" || targets.includes(ref)) continue;
      ctx.addIssue({ code: "custom", path: [section, index, field], message: badRef(ref, targetSection, targets) });
    }
  };

  const groupKeys = declared("groups");
  const componentKeys = declared("components");
  const monitorKeys = declared("monitors");
  const channelKeys = declared("channels");
  const policyKeys = declared("escalation");
  checkRef("components", "group", "groups", groupKeys);
  checkRef("monitors", "component", "components", componentKeys);
  checkRef("monitors", "escalation", "escalation", policyKeys);
  const heartbeat = isPlainObject(config.backups) ? config.backups.heartbeat : undefined;
  if (typeof heartbeat === "string") {
    const entry = keyed(config.monitors).find((m) => m.key === heartbeat)?.entry;
    if (!entry) ctx.addIssue({ code: "custom", path: ["backups", "heartbeat"], message: badRef(heartbeat, "monitors", monitorKeys) });
    else if (entry.type !== "heartbeat") ctx.addIssue({ code: "custom", path: ["backups", "heartbeat"], message: `"${heartbeat}" is a ${String(entry.type)} monitor: name a monitor of type heartbeat` });
  }
  for (const { index, entry } of keyed(config.escalation)) {
    if (!Array.isArray(entry.steps)) continue;
    entry.steps.forEach((step: unknown, stepIndex: number) => {
      if (!isPlainObject(step) || !Array.isArray(step.channels)) return;
      step.channels.forEach((ref: unknown, i: number) => {
        if (typeof ref === "string" && !channelKeys.includes(ref)) {
          ctx.addIssue({ code: "custom", path: ["escalation", index, "steps", stepIndex, "channels", i], message: badRef(ref, "channels", channelKeys) });
        }
      });
    });
  }
}

/**
 * A validated monitor entry in the units the tables store; `componentIsPublic` is its component's
 * flag (undefined without a component): a monitor of a private component is private.
 */
export function normalizeMonitor(monitor: MonitorInput, componentIsPublic: boolean | undefined): MonitorConfig {
  const { key, name, type, component, interval, timeout, public: isPublic, failureThreshold, successThreshold, regions, quorum, escalation, downPercent, downWindow, ...checkFields } = monitor;
  const checkConfig: Record<string, unknown> = { ...checkFields };
  if (downPercent !== undefined || downWindow !== undefined) {
    checkConfig[DOWN_TRIGGER_KEY] = { ...(downPercent !== undefined ? { percent: downPercent } : {}), ...(downWindow !== undefined ? { windowMs: downWindow } : {}) };
  }
  return {
    key,
    name,
    type,
    componentKey: component ?? null,
    intervalS: interval / 1_000,
    timeoutMs: timeout ?? Math.min(DEFAULT_TIMEOUT_MS, interval / 2),
    isPublic: isPublic && componentIsPublic !== false,
    failureThreshold: failureThreshold ?? DEFAULT_THRESHOLDS_BY_TYPE[type] ?? DEFAULT_THRESHOLD,
    successThreshold: successThreshold ?? DEFAULT_THRESHOLDS_BY_TYPE[type] ?? DEFAULT_THRESHOLD,
    regions: regions ? [...new Set(regions)].sort() : null,
    quorum: quorum ?? null,
    escalationKey: escalation ?? null,
    checkConfig,
  } as MonitorConfig;
}

/** A validated component entry in the columns' terms (an empty description is none). */
export function normalizeComponent(c: z.output<typeof componentSchema>): ComponentConfig {
  return {
    key: c.key,
    name: c.name,
    groupKey: c.group ?? null,
    description: c.description || null,
    isPublic: c.public,
    showLatency: c.showLatency,
    publishIncidents: c.publishIncidents,
  };
}

function normalize(config: RawConfig): StatusConfig {
  const components: ComponentConfig[] = config.components.map(normalizeComponent);
  const componentPublic = new Map(components.map((c) => [c.key, c.isPublic]));
  return {
    page: {
      name: config.page.name,
      description: config.page.description ?? null,
      uptime: config.page.uptime ?? DEFAULT_UPTIME_FORMULA,
      ...(config.page.logo ? { logo: config.page.logo } : {}),
      ...(config.page.homepage ? { homepage: config.page.homepage } : {}),
      ...(config.page.links?.length ? { links: config.page.links } : {}),
      ...(config.page.accentColor ? { accentColor: config.page.accentColor } : {}),
      ...(config.page.accentColorDark ? { accentColorDark: config.page.accentColorDark } : {}),
    },
    groups: config.groups.map((g) => ({ key: g.key, name: g.name })),
    components,
    monitors: config.monitors.map((m) => normalizeMonitor(m, m.component === undefined ? undefined : componentPublic.get(m.component))),
    channels: config.channels.map(normalizeChannel),
    escalation: config.escalation.map(normalizeEscalation),
    backups: config.backups ? { everyMs: config.backups.every, keep: config.backups.keep, heartbeat: config.backups.heartbeat ?? null } : null,
    retention: normalizeRetention(config.retention),
  };
}

function normalizeRetention(r: z.output<typeof retentionSchema> | undefined): RetentionPolicy {
  if (!r) return { ...DEFAULT_RETENTION };
  return { rawMs: r.raw as number, hourlyMs: r.hourly, dailyMs: r.daily, deliveriesMs: r.deliveries as number, auditMs: r.audit as number, loginsMs: r.logins as number };
}

/** A validated channel entry as stored: the common fields apart, the rest its type's settings. */
export function normalizeChannel({ key, name, type, ...settings }: z.output<typeof channelSchema>): ChannelConfig {
  return { key, name: name ?? key, type, settings };
}

/** A validated escalation entry as stored: steps in order of delay, each channel once per step. */
export function normalizeEscalation(p: z.output<typeof escalationSchema>): EscalationConfig {
  return {
    key: p.key,
    name: p.name ?? p.key,
    steps: [...p.steps].sort((a, b) => a.after - b.after).map((s) => ({ afterMs: s.after, channels: [...new Set(s.channels)] })),
    repeatEveryMs: p.repeat ?? null,
  };
}

/** Validates the parsed YAML (after env substitution) and normalizes it. Parse it with `configErrorMap`. */
export const statusConfigSchema = rawConfigSchema
  .superRefine(checkReferences, { when: (p) => isPlainObject(p.value) })
  .transform(normalize);

const TYPE_NAMES: Record<string, string> = { object: "a mapping", array: "a list", string: "a string", number: "a number", boolean: "true or false" };

function describeValue(value: unknown): string {
  if (value === null) return "nothing (null)";
  if (Array.isArray(value)) return "a list";
  if (isPlainObject(value)) return "a mapping";
  return `${typeof value} ${JSON.stringify(value)}`;
}

/**
 * Plain-words messages for zod's generic issues. Fields with their own message (durations,
 * URLs, keys) keep it: a schema's own error wins over this map.
 */
export const configErrorMap: z.core.$ZodErrorMap = (iss) => {
  switch (iss.code) {
    case "invalid_type":
      if (iss.input === undefined) return "is required";
      return `expected ${TYPE_NAMES[iss.expected] ?? iss.expected}, got ${describeValue(iss.input)}`;
    case "invalid_value":
      return iss.values.length === 1
        ? `expected ${JSON.stringify(iss.values[0])}, got ${JSON.stringify(iss.input)}`
        : `expected one of ${iss.values.map((v) => JSON.stringify(v)).join(", ")}, got ${JSON.stringify(iss.input)}`;
    case "too_small":
      if (iss.origin === "array") return `must have at least ${iss.minimum} item${iss.minimum === 1 ? "" : "s"}`;
      if (iss.origin === "string") return iss.minimum === 1 ? "must not be empty" : `must be at least ${iss.minimum} characters`;
      return `must be at least ${iss.minimum}, got ${JSON.stringify(iss.input)}`;
    case "too_big":
      if (iss.origin === "array") return `must have at most ${iss.maximum} items`;
      if (iss.origin === "string") return `must be at most ${iss.maximum} characters`;
      return `must be at most ${iss.maximum}, got ${JSON.stringify(iss.input)}`;
    default:
      return undefined;
  }
};
