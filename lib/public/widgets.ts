/**
 * What the uptime widgets show of one public monitor or component: the PNG card for email
 * (app/card) and the iframe widget (app/embed, inserted by /embed.js). Both find their subject
 * through findPublicSubject only, so a private one answers exactly like an unknown one, and
 * both read their options here, before the database, so a bad request answers the same either way.
 */
import type { Db } from "../db/client";
import type { ComponentStatus } from "../status/component";
import { strings } from "../i18n/en";
import { readPageSettings } from "../settings/page";
import type { Condition } from "../uptime/state-time";
import { formatUptimePercent } from "../uptime/uptime";
import { THEMES, type Theme } from "./palette";
import { findPublicSubject, isRangeName, subjectDays, subjectHours, subjectUptime, RANGES, type SubjectKind, type RangeName } from "./subjects";

const t = strings;

export const DEFAULT_WIDGET_RANGE: RangeName = "90d";

export const EMBED_THEMES = [...THEMES, "auto"] as const;
/** light, dark, or auto: the reader's prefers-color-scheme. */
export type EmbedTheme = (typeof EMBED_THEMES)[number];
export const EMBED_LAYOUTS = ["compact", "full"] as const;
/** compact: status and uptime on two lines; full: plus the day bars and a link to the page. */
export type EmbedLayout = (typeof EMBED_LAYOUTS)[number];

export interface CardRequest {
  kind: SubjectKind;
  key: string;
  range: RangeName;
  theme: Theme;
}

export interface EmbedRequest {
  kind: SubjectKind;
  key: string;
  range: RangeName;
  theme: EmbedTheme;
  layout: EmbedLayout;
}

export type ParsedWidgetRequest<T> = { ok: true; request: T } | { ok: false; status: 400 | 404; message: string };

type Query = Pick<URLSearchParams, "get">;

/** The query option `name`, one of `allowed`, or `fallback` when absent. */
function option<T extends string>(query: Query, name: string, allowed: readonly T[], fallback: T): { value: T } | { error: string } {
  const raw = query.get(name);
  if (raw === null || raw === "") return { value: fallback };
  return (allowed as readonly string[]).includes(raw) ? { value: raw as T } : { error: t.widgets.badOption(name, raw, allowed) };
}

function rangeOption(query: Query): { value: RangeName } | { error: string } {
  const raw = query.get("window");
  if (raw === null || raw === "") return { value: DEFAULT_WIDGET_RANGE };
  return isRangeName(raw) ? { value: raw } : { error: t.widgets.badOption("window", raw, RANGES) };
}

/** `/card/{monitor|component}/<key>.png?window=24h|7d|30d|90d&theme=light|dark` (".png" may be left out). */
export function parseCardRequest(params: { kind: string; key: string }, query: Query): ParsedWidgetRequest<CardRequest> {
  if (params.kind !== "monitor" && params.kind !== "component") return { ok: false, status: 404, message: t.widgets.unknownKind(params.kind, "/card/component/api.png") };
  const range = rangeOption(query);
  if ("error" in range) return { ok: false, status: 400, message: range.error };
  const theme = option(query, "theme", THEMES, "light");
  if ("error" in theme) return { ok: false, status: 400, message: theme.error };
  return { ok: true, request: { kind: params.kind, key: params.key.replace(/\.png$/, ""), range: range.value, theme: theme.value } };
}

/** `/embed/{monitor|component}/<key>?theme=light|dark|auto&layout=compact|full&window=…`. */
export function parseEmbedRequest(params: { kind: string; key: string }, query: Query): ParsedWidgetRequest<EmbedRequest> {
  if (params.kind !== "monitor" && params.kind !== "component") return { ok: false, status: 404, message: t.widgets.unknownKind(params.kind, "/embed/component/api") };
  const range = rangeOption(query);
  if ("error" in range) return { ok: false, status: 400, message: range.error };
  const theme = option(query, "theme", EMBED_THEMES, "auto");
  if ("error" in theme) return { ok: false, status: 400, message: theme.error };
  const layout = option(query, "layout", EMBED_LAYOUTS, "compact");
  if ("error" in layout) return { ok: false, status: 400, message: layout.error };
  return { ok: true, request: { kind: params.kind, key: params.key, range: range.value, theme: theme.value, layout: layout.value } };
}

export interface WidgetDay {
  /** UTC midnight, epoch ms. */
  dayStart: number;
  /** The bar's colour: the day's worst condition. */
  worst: Condition;
  /** "26 Nov 2026: 99.95%", or "…: no data". */
  title: string;
}

export interface WidgetData {
  pageName: string;
  name: string;
  /** By the one rule (lib/status/component.ts, through ./subjects.ts). */
  status: ComponentStatus;
  /** "Operational", "Outage", … */
  statusText: string;
  range: RangeName;
  /** "99.95%" over `range`, floored as everywhere; "no data" without counted time. */
  uptime: string;
  hasUptime: boolean;
  /** "uptime, last 30 days" */
  uptimeCaption: string;
  /** One bar per UTC day (per hour for 24h bars), oldest first, ending now. */
  days: WidgetDay[];
  /** Where the bars begin and end, in words: "90 days ago" to "Today", "24 hours ago" to "Now". */
  barsFrom: string;
  barsTo: string;
  /** The bars' text alternative: the name and its uptime over their span. */
  daysLabel: string;
  /** "as of 26 Nov 2026, 10:05 UTC": a card in an old email says when it was drawn. */
  asOf: string;
}

const dateFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: "UTC" });

/** "26 Nov 2026, 10:05 UTC" */
export function formatWidgetTime(ms: number): string {
  return `${dateFormat.format(ms)}, ${timeFormat.format(ms)} UTC`;
}

/** Bars over each range, for the card: the span its uptime figure speaks of. */
const RANGE_BARS: Record<RangeName, { unit: "hour" | "day"; count: number }> = {
  "24h": { unit: "hour", count: 24 },
  "7d": { unit: "day", count: 7 },
  "30d": { unit: "day", count: 30 },
  "90d": { unit: "day", count: 90 },
};

/**
 * The widget's content for a public subject, or null for an unknown or private one. Its bars
 * span 90 days, or with `barsOver: "range"` (the PNG card) the window its uptime is over, so
 * the card never says "last 30 days" above bars that begin 90 days ago.
 */
export async function widgetData(db: Db, kind: SubjectKind, key: string, range: RangeName, now = Date.now(), opts: { barsOver?: "90d" | "range" } = {}): Promise<WidgetData | null> {
  const subject = await findPublicSubject(db, kind, key, now);
  if (!subject) return null;
  const bars = opts.barsOver === "range" ? RANGE_BARS[range] : RANGE_BARS["90d"];
  const barsRange: RangeName = opts.barsOver === "range" ? range : "90d";
  const [page, uptime, days, uptimeOfDays] = await Promise.all([
    readPageSettings(db),
    subjectUptime(db, subject, range, now),
    bars.unit === "hour" ? subjectHours(db, subject, bars.count, now) : subjectDays(db, subject, bars.count, now),
    range === barsRange ? null : subjectUptime(db, subject, barsRange, now),
  ]);
  const shown = formatUptimePercent(uptime.ratio);
  const ratioOfDays = uptimeOfDays ? uptimeOfDays.ratio : uptime.ratio;
  return {
    pageName: page.name,
    name: subject.name,
    status: subject.status,
    statusText: t.componentStatus[subject.status],
    range,
    uptime: shown,
    hasUptime: uptime.ratio !== null,
    uptimeCaption: t.widgets.uptimeOver[range],
    days: days.map((d) => ({
      dayStart: d.dayStart,
      worst: d.worst,
      title: t.page.dayTitle(bars.unit === "hour" ? formatWidgetTime(d.dayStart) : dateFormat.format(d.dayStart), d.ratio === null ? t.page.noData : formatUptimePercent(d.ratio)),
    })),
    barsFrom: bars.unit === "hour" ? t.widgets.hoursAgo(bars.count) : t.page.daysAgo(bars.count),
    barsTo: bars.unit === "hour" ? t.widgets.now : t.page.today,
    daysLabel:
      bars.unit === "hour"
        ? t.widgets.hourBarsLabel(subject.name, bars.count, ratioOfDays === null ? t.page.noData : formatUptimePercent(ratioOfDays))
        : ratioOfDays === null
          ? t.widgets.barsWithoutData(subject.name, bars.count)
          : t.page.uptimeBarLabel(subject.name, bars.count, formatUptimePercent(ratioOfDays)),
    asOf: t.widgets.asOf(formatWidgetTime(now)),
  };
}
