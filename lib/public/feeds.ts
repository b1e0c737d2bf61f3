import { desc, inArray, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { incidentUpdates, type ComponentImpact, type IncidentImpact, type IncidentKind, type IncidentStatus } from "../db/schema/incidents";
import { strings as t } from "../i18n/en";
import { renderMarkdown } from "../incidents/markdown";
import { publicComponent, publicIncident } from "./scope";

/** Where the feeds are served; the public page links to them. */
export const RSS_FEED_PATH = "/feed.rss";
export const ATOM_FEED_PATH = "/feed.atom";
export const FEED_DEFAULT_LIMIT = 50;
const FEED_MAX_LIMIT = 200;

/** The feeds' own words (the rest comes from lib/i18n). */
export const feedStrings = {
  title: (pageName: string) => `${pageName}: incidents and maintenance`,
  description: (pageName: string) => `Incidents and scheduled maintenance on ${pageName}, with every update.`,
  linkTitle: (pageName: string, format: "RSS" | "Atom") => `${pageName} incidents (${format})`,
  subscribe: "Subscribe",
  /** Headline of an incident by its impact, in front of its title. */
  incidentHeadline: { none: "Incident", minor: "Minor incident", major: "Major outage", critical: "Critical outage" } satisfies Record<IncidentImpact, string>,
  maintenanceHeadline: "Scheduled maintenance",
  resolved: "resolved",
};

export interface FeedUpdate {
  status: IncidentStatus;
  /** Sanitized HTML from the update's Markdown. */
  html: string;
  createdAt: number;
}

/** One incident or maintenance as a feed item. */
export interface FeedEntry {
  id: number;
  kind: IncidentKind;
  title: string;
  status: IncidentStatus;
  impact: IncidentImpact;
  /** Maintenance window; null for incidents. */
  window: { from: number; until: number } | null;
  /** When it was first announced: its first timeline entry. */
  publishedAt: number;
  /** Latest activity: its newest timeline entry, or the start of its maintenance window once begun. */
  updatedAt: number;
  /** Public components only, in page order. */
  components: { name: string; impact: ComponentImpact }[];
  /** Newest first. */
  updates: FeedUpdate[];
}

/**
 * The newest public incidents and maintenance by latest activity, for the feeds. Two queries
 * whatever the limit: the entries (with their public components as JSON), then their timelines.
 * Ordering reads every public incident's newest entry through incident_updates_incident_idx: one
 * index probe per incident, a few thousand at most over years.
 */
export async function feedEntries(db: Db, opts: { limit?: number; now?: number } = {}): Promise<FeedEntry[]> {
  const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? FEED_DEFAULT_LIMIT)), FEED_MAX_LIMIT);
  const now = opts.now ?? Date.now();
  // Plain SQL with the tables' own names, which the scope filters use ("incidents"."published"):
  // drizzle's select() would write the correlated subqueries' columns unqualified, and an inner
  // "id" would then be the inner table's. A window that has begun is news even before the
  // coordinator writes its "in progress" entry, hence its start in the activity.
  const rows = await db.all<{
    id: number;
    kind: IncidentKind;
    title: string;
    status: IncidentStatus;
    impact: IncidentImpact;
    scheduled_for: number | null;
    scheduled_until: number | null;
    created_at: number;
    first_update_at: number | null;
    activity_at: number;
    components: string;
  }>(sql`
    SELECT incidents.id, incidents.kind, incidents.title, incidents.status, incidents.impact,
      incidents.scheduled_for, incidents.scheduled_until, incidents.created_at,
      (SELECT min(u.created_at) FROM incident_updates u WHERE u.incident_id = incidents.id) AS first_update_at,
      max(
        coalesce((SELECT max(u.created_at) FROM incident_updates u WHERE u.incident_id = incidents.id), incidents.created_at),
        CASE WHEN incidents.kind = 'maintenance' AND incidents.scheduled_for <= ${now} THEN incidents.scheduled_for ELSE 0 END
      ) AS activity_at,
      (SELECT json_group_array(json_object('name', components.name, 'impact', incident_components.impact, 'order', components.display_order))
        FROM incident_components JOIN components ON components.id = incident_components.component_id
        WHERE incident_components.incident_id = incidents.id AND ${publicComponent}) AS components
    FROM incidents
    WHERE ${publicIncident}
    ORDER BY activity_at DESC, incidents.id DESC
    LIMIT ${limit}`);
  if (rows.length === 0) return [];

  const updateRows = await db
    .select({ incidentId: incidentUpdates.incidentId, status: incidentUpdates.status, body: incidentUpdates.body, createdAt: incidentUpdates.createdAt })
    .from(incidentUpdates)
    .where(inArray(incidentUpdates.incidentId, rows.map((r) => r.id)))
    .orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id));
  const updatesOf = new Map<number, FeedUpdate[]>();
  for (const u of updateRows) {
    const list = updatesOf.get(u.incidentId) ?? [];
    list.push({ status: u.status, html: renderMarkdown(u.body), createdAt: u.createdAt });
    updatesOf.set(u.incidentId, list);
  }

  return rows.map((r) => {
    const affected = (JSON.parse(r.components ?? "[]") as { name: string; impact: ComponentImpact; order: number }[]).sort(
      (a, b) => a.order - b.order || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    return {
      id: Number(r.id),
      kind: r.kind,
      title: r.title,
      status: r.status,
      impact: r.impact,
      window: r.kind === "maintenance" && r.scheduled_for !== null && r.scheduled_until !== null ? { from: Number(r.scheduled_for), until: Number(r.scheduled_until) } : null,
      publishedAt: Number(r.first_update_at ?? r.created_at),
      updatedAt: Number(r.activity_at),
      components: affected.map(({ name, impact }) => ({ name, impact })),
      updates: updatesOf.get(r.id) ?? [],
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering: pure functions of the entries.

export interface FeedOptions {
  title: string;
  /** Absolute origin of the public page, without a trailing slash (see ./site-url.ts). */
  siteUrl: string;
  /** Absolute URL of this feed (its rel="self"). */
  feedUrl: string;
  now: number;
  description?: string;
  /** Atom's required author; defaults to the title. */
  author?: string;
}

/** The permalink of an incident's public page. */
export function incidentUrl(siteUrl: string, id: number): string {
  return `${siteUrl}/incidents/${id}`;
}

export function renderRss(entries: FeedEntry[], o: FeedOptions): string {
  const items = entries.map((e) => {
    const link = incidentUrl(o.siteUrl, e.id);
    return [
      "    <item>",
      `      <title>${xml(entryTitle(e))}</title>`,
      `      <link>${xml(link)}</link>`,
      `      <guid isPermaLink="true">${xml(link)}</guid>`,
      `      <pubDate>${rfc822(e.updatedAt)}</pubDate>`,
      ...categories(e).map((c) => `      <category>${xml(c)}</category>`),
      `      <description>${xml(entryHtml(e))}</description>`,
      "    </item>",
    ].join("\n");
  });
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">`,
    "  <channel>",
    `    <title>${xml(o.title)}</title>`,
    `    <link>${xml(`${o.siteUrl}/`)}</link>`,
    `    <description>${xml(o.description ?? o.title)}</description>`,
    "    <language>en</language>",
    `    <lastBuildDate>${rfc822(o.now)}</lastBuildDate>`,
    `    <atom:link href="${xml(o.feedUrl)}" rel="self" type="application/rss+xml"/>`,
    ...items,
    "  </channel>",
    "</rss>",
    "",
  ].join("\n");
}

export function renderAtom(entries: FeedEntry[], o: FeedOptions): string {
  // The feed changed when its newest entry did; an empty feed has nothing older to point at.
  const updated = entries.reduce((max, e) => Math.max(max, e.updatedAt), 0) || o.now;
  const items = entries.map((e) => {
    const link = incidentUrl(o.siteUrl, e.id);
    return [
      "  <entry>",
      `    <id>${xml(link)}</id>`,
      `    <title type="text">${xml(entryTitle(e))}</title>`,
      `    <link rel="alternate" type="text/html" href="${xml(link)}"/>`,
      `    <published>${rfc3339(e.publishedAt)}</published>`,
      `    <updated>${rfc3339(e.updatedAt)}</updated>`,
      ...categories(e).map((c) => `    <category term="${xml(c)}"/>`),
      `    <content type="html">${xml(entryHtml(e))}</content>`,
      "  </entry>",
    ].join("\n");
  });
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">`,
    `  <id>${xml(o.feedUrl)}</id>`,
    `  <title type="text">${xml(o.title)}</title>`,
    ...(o.description ? [`  <subtitle type="text">${xml(o.description)}</subtitle>`] : []),
    `  <updated>${rfc3339(updated)}</updated>`,
    `  <author><name>${xml(o.author ?? o.title)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${xml(o.feedUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xml(`${o.siteUrl}/`)}"/>`,
    ...items,
    "</feed>",
    "",
  ].join("\n");
}

/** "Major outage: API is down", "Scheduled maintenance: DB upgrade (27 Nov 02:00–04:00 UTC)". */
export function entryTitle(e: FeedEntry): string {
  if (e.kind === "maintenance") {
    return `${feedStrings.maintenanceHeadline}: ${e.title}${e.window ? ` (${windowText(e.window.from, e.window.until)})` : ""}`;
  }
  return `${feedStrings.incidentHeadline[e.impact]}: ${e.title}${e.status === "resolved" ? ` (${feedStrings.resolved})` : ""}`;
}

/** The item's HTML: window, affected public components, then the timeline newest first. */
export function entryHtml(e: FeedEntry): string {
  const parts: string[] = [];
  if (e.window) parts.push(`<p>${html(t.incidents.window)}: ${html(fullUtc(e.window.from))} – ${html(fullUtc(e.window.until))}</p>`);
  if (e.components.length) {
    const names =
      e.kind === "maintenance"
        ? e.components.map((c) => html(c.name))
        : e.components.map((c) => `${html(c.name)} (${html(t.incidents.componentImpact[c.impact].toLowerCase())})`);
    // "Under maintenance" only once the window is under way: a planned one says so.
    const maintenanceWord = e.status === "scheduled" ? "upcoming" : e.status === "completed" ? "completed" : "active";
    parts.push(`<p>${html(e.kind === "maintenance" ? t.incidents.maintenanceOnComponent[maintenanceWord] : t.incidents.affected)}: ${names.join(", ")}</p>`);
  }
  for (const u of e.updates) {
    parts.push(`<p><strong>${html(t.incidents.status[u.status])}</strong> · <time datetime="${rfc3339(u.createdAt)}">${html(fullUtc(u.createdAt))}</time></p>`);
    // Already sanitized (lib/incidents/markdown): it goes in as HTML.
    parts.push(u.html);
  }
  return parts.join("\n");
}

function categories(e: FeedEntry): string[] {
  return [e.kind, e.impact];
}

// ---------------------------------------------------------------------------------------------
// Text helpers

/** Characters XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF): a parser rejects the whole feed. */
const XML_ILLEGAL = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text or attribute value for XML: illegal characters dropped, markup characters escaped. */
export function xml(text: string): string {
  return text
    .replace(XML_ILLEGAL, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** Text inside the entry's HTML (which is then escaped once more as XML text). */
function html(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** RSS 2.0 dates: RFC 822 (with a four-digit year), "Thu, 26 Nov 2026 10:00:00 GMT". */
export function rfc822(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Atom dates: RFC 3339 in UTC, "2026-11-26T10:00:00Z". */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number) => String(n).padStart(2, "0");
const dayMonth = (d: Date) => `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
const hourMinute = (d: Date) => `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;

/** "26 Nov 2026, 10:00 UTC", as the public page writes times. */
function fullUtc(ms: number): string {
  const d = new Date(ms);
  return `${dayMonth(d)} ${d.getUTCFullYear()}, ${hourMinute(d)} UTC`;
}

/** "27 Nov 02:00–04:00 UTC", or "27 Nov 22:00 – 28 Nov 02:00 UTC" across midnight. */
function windowText(from: number, until: number): string {
  const [a, b] = [new Date(from), new Date(until)];
  return dayMonth(a) === dayMonth(b) && a.getUTCFullYear() === b.getUTCFullYear()
    ? `${dayMonth(a)} ${hourMinute(a)}–${hourMinute(b)} UTC`
    : `${dayMonth(a)} ${hourMinute(a)} – ${dayMonth(b)} ${hourMinute(b)} UTC`;
}
