/**
 * Badges of one public monitor or component: its status, uptime over a window and mean
 * response time over a window, as an SVG (badge-maker, the shields.io renderer) or as the
 * shields.io endpoint JSON (https://shields.io/badges/endpoint-badge). The subject is found
 * through findPublicSubject only, so a private one answers exactly like an unknown one.
 */
import { makeBadge } from "badge-maker";
import type { Db } from "../db/client";
import type { ComponentStatus } from "../status/component";
import { strings } from "../i18n/en";
import { formatUptimePercent } from "../uptime/uptime";
import { findPublicSubject, isRangeName, subjectLatency, subjectUptime, RANGES, type PublicSubject, type SubjectKind, type RangeName } from "./subjects";

const t = strings.badges;

export const BADGE_STYLES = ["flat", "flat-square", "for-the-badge", "plastic", "social"] as const;
export type BadgeStyle = (typeof BADGE_STYLES)[number];

/** Named shields colours; the endpoint JSON and badge-maker both accept them. */
export type BadgeColor = "brightgreen" | "green" | "yellow" | "orange" | "red" | "blue" | "blueviolet" | "lightgrey";

export interface BadgeContent {
  label: string;
  message: string;
  color: BadgeColor;
  /** False for "no data": the endpoint JSON then marks it isError so nobody can recolour it green. */
  hasData: boolean;
}

const STATUS_COLORS: Record<ComponentStatus, BadgeColor> = {
  operational: "green",
  maintenance: "blue",
  paused: "blueviolet",
  no_data: "lightgrey",
  degraded: "yellow",
  partial_outage: "orange",
  down: "red",
};

/** Uptime colour by the shown percentage: the first entry whose minimum it reaches, else red. */
export const UPTIME_COLORS: readonly { minPercent: number; color: BadgeColor }[] = [
  { minPercent: 99.9, color: "brightgreen" },
  { minPercent: 99, color: "green" },
  { minPercent: 97, color: "yellow" },
  { minPercent: 95, color: "orange" },
];

/** Response-time colour by the shown mean: the first entry whose maximum it stays within, else red. */
export const RESPONSE_TIME_COLORS: readonly { maxMs: number; color: BadgeColor }[] = [
  { maxMs: 200, color: "brightgreen" },
  { maxMs: 500, color: "green" },
  { maxMs: 1000, color: "yellow" },
  { maxMs: 2000, color: "orange" },
];

export function statusBadge(status: ComponentStatus): BadgeContent {
  return { label: t.statusLabel, message: t.status[status], color: STATUS_COLORS[status], hasData: status !== "no_data" };
}

/** "uptime 30d: 99.95%", floored like everywhere else; the colour follows the shown number. */
export function uptimeBadge(range: RangeName, ratio: number | null): BadgeContent {
  const label = t.uptimeLabel(range);
  if (ratio === null) return { label, message: t.noData, color: "lightgrey", hasData: false };
  const message = formatUptimePercent(ratio);
  const percent = Number.parseFloat(message);
  return { label, message, color: UPTIME_COLORS.find((c) => percent >= c.minPercent)?.color ?? "red", hasData: true };
}

/** "avg response time 24h: 123 ms": the mean of answered checks (exact, unlike a bucketed percentile). */
export function responseTimeBadge(range: RangeName, meanMs: number | null): BadgeContent {
  const label = t.responseTimeLabel(range);
  if (meanMs === null) return { label, message: t.noData, color: "lightgrey", hasData: false };
  const shownMs = meanMs < 10 ? Math.round(meanMs * 10) / 10 : Math.round(meanMs);
  return { label, message: `${shownMs} ms`, color: RESPONSE_TIME_COLORS.find((c) => shownMs <= c.maxMs)?.color ?? "red", hasData: true };
}

/** The SVG; badge-maker escapes label and message, so names from the database stay text. */
export function badgeSvg(content: BadgeContent, style: BadgeStyle = "flat"): string {
  return makeBadge({ label: content.label, message: content.message, color: content.color, style });
}

/** The shields.io endpoint response (schema version 1). */
export interface ShieldsEndpoint {
  schemaVersion: 1;
  label: string;
  message: string;
  color: BadgeColor;
  isError: boolean;
  /** Shields' minimum: values below 300 are ignored by shields.io. */
  cacheSeconds: number;
  style?: BadgeStyle;
}

export const SHIELDS_CACHE_SECONDS = 300;

export function shieldsEndpoint(content: BadgeContent, style?: BadgeStyle): ShieldsEndpoint {
  return {
    schemaVersion: 1,
    label: content.label,
    message: content.message,
    color: content.color,
    // isError stops a `color=` in the shields URL from painting "no data" green.
    isError: !content.hasData,
    cacheSeconds: SHIELDS_CACHE_SECONDS,
    ...(style ? { style } : {}),
  };
}

export type BadgeMetric = { type: "status" } | { type: "uptime" | "response_time"; range: RangeName };

export interface BadgeRequest {
  kind: SubjectKind;
  key: string;
  metric: BadgeMetric;
  format: "svg" | "json";
  /** Only when the query names one; the SVG falls back to flat. */
  style?: BadgeStyle;
  /** Replaces the default label; "" leaves the label side out. */
  label?: string;
}

export const MAX_LABEL_CHARS = 64;
// Control characters and bidi overrides: invisible text that could make a badge say something else.
const UNSAFE_LABEL_CHARS = /[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
const BADGE_NAME = /^(status|uptime-([0-9a-z]+)|response-time-([0-9a-z]+))\.(svg|json)$/;

export type ParsedBadgeRequest = { ok: true; request: BadgeRequest } | { ok: false; status: 400 | 404; message: string };

/**
 * Reads the route's segments and query (`style`, `label`) without touching the database, so a
 * bad request answers the same whether or not the subject exists and is public.
 */
export function parseBadgeRequest(params: { kind: string; key: string; badge: string }, query: URLSearchParams): ParsedBadgeRequest {
  const { kind, key, badge } = params;
  if (kind !== "monitor" && kind !== "component") return { ok: false, status: 404, message: t.unknownKind(kind) };
  const m = BADGE_NAME.exec(badge);
  const range = m?.[2] ?? m?.[3];
  if (!m || (range !== undefined && !isRangeName(range))) return { ok: false, status: 404, message: t.unknownBadge(badge, RANGES) };
  const metric: BadgeMetric = m[1] === "status" ? { type: "status" } : { type: m[2] ? "uptime" : "response_time", range: range as RangeName };

  const style = query.get("style");
  if (style !== null && !(BADGE_STYLES as readonly string[]).includes(style)) return { ok: false, status: 400, message: t.badStyle(style, BADGE_STYLES) };
  const label = query.get("label");
  if (label !== null && ([...label].length > MAX_LABEL_CHARS || UNSAFE_LABEL_CHARS.test(label))) return { ok: false, status: 400, message: t.badLabel(MAX_LABEL_CHARS) };

  return {
    ok: true,
    request: { kind, key, metric, format: m[4] as "svg" | "json", ...(style !== null ? { style: style as BadgeStyle } : {}), ...(label !== null ? { label } : {}) },
  };
}

/** What the badge says about this subject now. */
export async function badgeContent(db: Db, subject: PublicSubject, metric: BadgeMetric, now = Date.now()): Promise<BadgeContent> {
  switch (metric.type) {
    case "status":
      return statusBadge(subject.status);
    case "uptime":
      return uptimeBadge(metric.range, (await subjectUptime(db, subject, metric.range, now)).ratio);
    case "response_time":
      return responseTimeBadge(metric.range, (await subjectLatency(db, subject, metric.range, now)).meanMs);
  }
}

const COMMON_HEADERS = {
  "cache-control": "public, max-age=60, s-maxage=60, stale-while-revalidate=300",
  // Badges are embedded anywhere, and the endpoint JSON is fetched by shields.io and by browsers.
  "access-control-allow-origin": "*",
  "x-content-type-options": "nosniff",
};

/** What a badge that does not exist shows: grey, so a README shows "not found" rather than a broken image. */
export const NOT_FOUND_BADGE: BadgeContent = { label: t.notFoundLabel, message: t.notFoundMessage, color: "lightgrey", hasData: false };

/** The route's whole answer: SVG, endpoint JSON, or a short plain-text error. */
export async function badgeResponse(db: Db, params: { kind: string; key: string; badge: string }, url: URL, now = Date.now()): Promise<Response> {
  const parsed = parseBadgeRequest(params, url.searchParams);
  if (!parsed.ok) return parsed.status === 404 ? notFoundResponse(params.badge, parsed.message) : errorResponse(parsed.status, parsed.message);
  const { request } = parsed;
  const subject = await findPublicSubject(db, request.kind, request.key, now);
  if (!subject) return notFoundResponse(params.badge, t.notFound);
  const content = await badgeContent(db, subject, request.metric, now);
  const shown = request.label === undefined ? content : { ...content, label: request.label };
  if (request.format === "json") {
    return new Response(JSON.stringify(shieldsEndpoint(shown, request.style)), {
      headers: { ...COMMON_HEADERS, "content-type": "application/json", "content-security-policy": "default-src 'none'" },
    });
  }
  return new Response(badgeSvg(shown, request.style), {
    headers: { ...COMMON_HEADERS, "content-type": "image/svg+xml; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" },
  });
}

/**
 * A 404 in the format asked for: a grey "not found" SVG for `.svg` (an <img> shows it), the
 * endpoint JSON with isError for `.json`, else text. The reason goes in a header for people
 * debugging; private and unknown subjects answer the same.
 */
function notFoundResponse(badge: string, reason: string): Response {
  const headers = { ...COMMON_HEADERS, "x-badge-error": reason.replace(/[^\x20-\x7e]/g, "?") };
  if (badge.endsWith(".svg")) {
    return new Response(badgeSvg(NOT_FOUND_BADGE), {
      status: 404,
      headers: { ...headers, "content-type": "image/svg+xml; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'" },
    });
  }
  if (badge.endsWith(".json")) {
    return new Response(JSON.stringify(shieldsEndpoint(NOT_FOUND_BADGE)), {
      status: 404,
      headers: { ...headers, "content-type": "application/json", "content-security-policy": "default-src 'none'" },
    });
  }
  return errorResponse(404, reason);
}

function errorResponse(status: 400 | 404, message: string): Response {
  return new Response(`${message}\n`, {
    status,
    headers: { ...COMMON_HEADERS, "content-type": "text/plain; charset=utf-8", "content-security-policy": "default-src 'none'" },
  });
}
