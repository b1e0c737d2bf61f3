/**
 * The public status page as one HTML document, without React: a thousand monitors stay small
 * (no serialized component tree beside the markup) and fast (string building). It needs no
 * JavaScript; one small inline script only rewrites times into the reader's own time zone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strings as t } from "../../i18n/en";
import { formatUptimePercent } from "../../uptime/uptime";
import type { Condition } from "../../uptime/state-time";
import type { PublicIncident, PublicIncidentUpdate, PublicMaintenance, RecentIncident } from "../incidents";
import { ATOM_FEED_PATH, feedStrings, RSS_FEED_PATH } from "../feeds";
import { UPTIME_BAR_DAYS, type LatencyLine, type LoadedStatusPage, type PublicComponent, type PublicGroup } from "../status-page";
import { escapeHtml, html, trusted, type Html } from "./html";

const DAY_MS = 86_400_000;
/** On a phone only the last PHONE_DAYS of the bar are shown. */
const PHONE_DAYS = 30;

let css: string | undefined;
/** app/globals.css, the one stylesheet of the site, inlined (about 9 KB). */
function siteCss(): string {
  if (css === undefined) {
    try {
      css = readFileSync(join(process.cwd(), "app", "globals.css"), "utf8");
    } catch {
      css = "";
    }
  }
  return css;
}

// Formatted by hand: Intl formatting thousands of bar titles per render costs more than the rest.
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");
const fmtDayShort = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
};
const fmtDay = (ms: number) => `${fmtDayShort(ms)} ${new Date(ms).getUTCFullYear()}`;
const fmtUtc = (ms: number) => {
  const d = new Date(ms);
  return `${fmtDay(ms)}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
};

/** A time in UTC text, rewritten to the reader's local time by the inline script. */
/** When the page was last brought up to date: the server's minute, or (with JavaScript) the reader's last check, to the second. */
function refreshedAt(ms: number): Html {
  return html`<time datetime="${new Date(ms).toISOString()}" data-refreshed>${fmtUtc(ms)}</time>`;
}

function when(ms: number): Html {
  return html`<time datetime="${new Date(ms).toISOString()}" data-local>${fmtUtc(ms)}</time>`;
}

export interface RenderOptions {
  /** The page's own absolute URL is not needed: every link is relative, so any domain works. */
  now: number;
}

export function renderStatusPage(data: LoadedStatusPage, opts: RenderOptions): string {
  const { page } = data;
  const incidentsByComponent = new Map<number, RecentIncident[]>();
  for (const i of data.incidents.recent) {
    for (const c of i.componentIds) incidentsByComponent.set(c, [...(incidentsByComponent.get(c) ?? []), i]);
  }
  const doc = html`<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="theme-color" media="(prefers-color-scheme: light)" content="#f6f7f9">
<meta name="theme-color" media="(prefers-color-scheme: dark)" content="#0f1216">
<title>${page.name}</title>
<meta name="description" content="${page.description ?? `${page.name}: live status and uptime`}">
<link rel="alternate" type="application/rss+xml" title="${feedStrings.linkTitle(page.name, "RSS")}" href="${RSS_FEED_PATH}">
<link rel="alternate" type="application/atom+xml" title="${feedStrings.linkTitle(page.name, "Atom")}" href="${ATOM_FEED_PATH}">
<style>${trusted(siteCss())}${brandCss(page)}</style>
<noscript><meta http-equiv="refresh" content="${String(REFRESH_EVERY_S * 2)}"></noscript>
</head><body>
<a class="skip-link" href="#main">${t.page.skipToContent}</a>
<div class="container">
<header class="site">
<div class="brand">${page.logo ? html`<img src="${page.logo}" alt="" height="40">` : null}<div><h1>${page.homepage ? html`<a href="${page.homepage}">${page.name}</a>` : page.name}</h1>${page.description ? html`<p>${page.description}</p>` : null}</div></div>
${page.links?.length ? html`<nav class="brand-links" aria-label="${t.page.siteLinks}">${page.links.map((l) => html`<a href="${l.url}">${l.label}</a>`)}</nav>` : null}
<a class="button" href="/subscribe" data-testid="subscribe-link" style="text-decoration:none">${t.page.subscribe}</a>
</header>
<main id="main">
<section class="card banner" data-status="${data.overall.status}" aria-live="polite" data-testid="overall"><span>${data.overall.headline}<small data-testid="refreshed">${t.page.updated("")}${refreshedAt(Math.floor(data.generatedAt / 60_000) * 60_000)}</small></span></section>
${incidentsSection(data.incidents.active)}${maintenanceSection(data.incidents.maintenance)}
${data.groups.map((g) => group(g, incidentsByComponent, opts.now))}
${pastIncidentsSection(data.incidents.recent, opts.now)}
</main>
<footer class="site">
<span>${t.page.poweredBy}</span>
<nav aria-label="${t.page.moreLinks}" data-testid="feeds"><a href="/history">${t.history.link}</a> · <a href="/report">${t.page.reportLink}</a> · ${feedStrings.subscribe}: <a href="${RSS_FEED_PATH}">RSS</a> · <a href="${ATOM_FEED_PATH}">Atom</a></nav>
</footer>
</div>
<script>${trusted(REFRESH_SCRIPT + LOCAL_TIME_SCRIPT + DAY_TIPS_SCRIPT)}</script>
</body></html>`;
  return doc.value;
}

/** The accent colours from the config (validated as #rrggbb there, checked again here). */
function brandCss(page: { accentColor?: string; accentColorDark?: string }): Html | null {
  const hex = (v?: string) => (v && /^#[0-9a-fA-F]{6}$/.test(v) ? v : undefined);
  const light = hex(page.accentColor);
  const dark = hex(page.accentColorDark);
  if (!light && !dark) return null;
  return trusted(
    (light ? `:root{--link:${light};--focus:${light}}` : "") + (dark ? `@media (prefers-color-scheme: dark){:root{--link:${dark};--focus:${dark}}}` : ""),
  );
}

/** Rewrites each <time data-local> into the reader's time zone, keeping UTC in the tooltip. */
export const LOCAL_TIME_SCRIPT = `(()=>{const f=new Intl.DateTimeFormat(undefined,{day:"numeric",month:"short",year:"numeric",hour:"2-digit",minute:"2-digit",timeZoneName:"short"});const run=()=>{for(const e of document.querySelectorAll("time[data-local]")){const d=new Date(e.getAttribute("datetime"));if(isNaN(d))continue;e.title=e.textContent;e.textContent=f.format(d);}};window.__localTimes=run;run();})();`;

/** Seconds between background refreshes of the public page. */
export const REFRESH_EVERY_S = 30;

/**
 * Keeps the open page current without a reload: every REFRESH_EVERY_S (and when the tab comes
 * back into view) it fetches the page again (the ETag makes an unchanged page a 304), swaps the
 * <main> only when the server's markup changed (no flicker; open groups stay open), and shows the
 * reader's local time of the last successful check in the banner. Without JavaScript, a
 * <noscript> meta refresh reloads the page instead. Runs before LOCAL_TIME_SCRIPT, so it keeps the
 * server's markup to compare against.
 */
export const REFRESH_SCRIPT = `(()=>{const every=${REFRESH_EVERY_S}*1000;const main=()=>document.querySelector("main");let served=main()?main().innerHTML:"";const stamp=()=>{const e=document.querySelector("time[data-refreshed]");if(!e)return;const d=new Date();e.dateTime=d.toISOString();e.title=d.toISOString().slice(0,10)+" "+d.toISOString().slice(11,19)+" UTC";e.textContent=d.toLocaleTimeString(undefined,{hour:"2-digit",minute:"2-digit",second:"2-digit",timeZoneName:"short"});};let busy=false;const tick=async()=>{if(busy||document.hidden)return;busy=true;try{const r=await fetch(location.pathname+location.search,{headers:{accept:"text/html"},cache:"no-cache"});if(!r.ok)return;const next=new DOMParser().parseFromString(await r.text(),"text/html").querySelector("main");const cur=main();if(next&&cur&&next.innerHTML!==served){const open=new Map([...cur.querySelectorAll("details[id]")].map((d)=>[d.id,d.open]));served=next.innerHTML;cur.innerHTML=served;for(const d of cur.querySelectorAll("details[id]"))if(open.has(d.id))d.open=open.get(d.id);if(window.__localTimes)window.__localTimes();if(window.__dayTips)window.__dayTips();}stamp();}catch{}finally{busy=false;}};addEventListener("DOMContentLoaded",stamp);setInterval(tick,every);document.addEventListener("visibilitychange",()=>{if(!document.hidden)tick();});})();`;

/**
 * Day tooltips for touch and keyboard: `title` shows only on hover, so each bar becomes one tab
 * stop whose arrow keys (or a tap on a day) show that day's text in a line under the bar, read
 * out politely. Re-run after the page refreshes itself.
 */
export const DAY_TIPS_SCRIPT = `(()=>{const run=()=>{for(const bar of document.querySelectorAll(".bars[role=img]")){if(bar.dataset.tips)continue;bar.dataset.tips="1";const cells=[...bar.children];if(!cells.length)continue;const tip=document.createElement("p");tip.className="bar-tip";tip.setAttribute("aria-live","polite");tip.dataset.testid="day-tip";bar.after(tip);bar.tabIndex=0;let at=-1;const show=(i)=>{if(at>=0)cells[at].classList.remove("sel");at=Math.max(0,Math.min(cells.length-1,i));cells[at].classList.add("sel");tip.textContent=cells[at].title;};bar.addEventListener("click",(e)=>{const i=cells.indexOf(e.target);if(i>=0)show(i);});bar.addEventListener("focus",()=>{if(at<0)show(cells.length-1);});bar.addEventListener("keydown",(e)=>{if(e.key==="ArrowLeft"){show(at-1);e.preventDefault();}else if(e.key==="ArrowRight"){show(at+1);e.preventDefault();}else if(e.key==="Home"){show(0);e.preventDefault();}else if(e.key==="End"){show(cells.length-1);e.preventDefault();}else if(e.key==="Escape"){if(at>=0)cells[at].classList.remove("sel");at=-1;tip.textContent="";}});}};window.__dayTips=run;run();})();`;

function group(g: PublicGroup, incidents: Map<number, RecentIncident[]>, now: number): Html {
  const rows = html`<div class="card">${g.components.map((c) => component(c, incidents.get(c.id) ?? [], now))}</div>`;
  if (!g.name) return html`<section class="group">${rows}</section>`;
  // <details> collapses without JavaScript; open by default so nothing is hidden.
  return html`<section class="group" aria-labelledby="group-${g.id}"><details open><summary><h2 id="group-${g.id}">${g.name}</h2> <span class="status-text" data-status="${g.status}">${t.componentStatus[g.status]}</span></summary>${rows}</details></section>`;
}

function component(c: PublicComponent, incidents: RecentIncident[], now: number): Html {
  const uptime = formatUptimePercent(c.uptimeRatio);
  return html`<article class="component" data-testid="component" data-component="${c.name}" data-status="${c.status}">
<div class="component-head"><h3>${c.name}</h3><span class="status-text" data-status="${c.status}" data-testid="component-status"><span class="dot" aria-hidden="true"></span>${t.componentStatus[c.status]}</span></div>
${c.description ? html`<p class="component-desc">${c.description}</p>` : null}${
    c.detectedAt !== null
      ? html`<p class="component-desc" data-testid="detected">${t.detected.before}${when(c.detectedAt)}${t.detected.after}</p>`
      : c.since && c.status !== "operational"
        ? html`<p class="component-desc">${t.page.since("")}${when(c.since)}</p>`
        : null
  }
<div class="bars" role="img" aria-label="${t.page.uptimeBarLabel(c.name, UPTIME_BAR_DAYS, uptime)}">${bars(c, incidents, now)}</div>
<div class="bar-legend" aria-hidden="true"><span><span class="legend-long">${t.page.daysAgo(UPTIME_BAR_DAYS)}</span><span class="legend-short">${t.page.daysAgo(PHONE_DAYS)}</span></span><span>${t.page.uptimeOver(uptime)}</span><span>${t.page.today}</span></div>
${c.latency ? sparkline(c.name, c.latency) : null}
</article>`;
}

/**
 * The 90-day bar, one cell per day, with equal neighbouring days drawn as one wider cell (same
 * condition, same uptime, same incidents): a quiet quarter is a handful of elements, not 90.
 * Cells never straddle the start of the last 30 days, which is all a phone shows.
 */
function bars(c: PublicComponent, incidents: RecentIncident[], now: number): Html[] {
  const days = c.days.map((d) => {
    let names = "";
    if (incidents.length) {
      const dayEnd = d.dayStart + DAY_MS;
      names = incidents
        .filter((i) => i.startedAt < dayEnd && (i.resolvedAt ?? now) >= d.dayStart)
        .map((i) => i.title)
        .join("; ");
    }
    const uptime = d.ratio === null ? t.page.noData : d.ratio === 1 ? "100%" : formatUptimePercent(d.ratio);
    return { dayStart: d.dayStart, worst: d.worst, uptime, names, key: names ? `${d.worst}|${uptime}|${names}` : `${d.worst}|${uptime}` };
  });
  const phoneFrom = days.length - PHONE_DAYS;
  const out: Html[] = [];
  for (let i = 0; i < days.length; ) {
    let j = i + 1;
    while (j < days.length && days[j].key === days[i].key && j !== phoneFrom) j++;
    const first = days[i];
    const last = days[j - 1];
    const range = j - i === 1 ? fmtDay(first.dayStart) : `${fmtDayShort(first.dayStart)} – ${fmtDay(last.dayStart)}`;
    const condition = t.page.dayCondition[first.worst];
    const title = t.page.dayTitle(range, first.uptime) + (condition ? ` · ${condition}` : "") + (first.names ? ` · ${t.page.incidentsThatDay(first.names)}` : "");
    out.push(cell(first.worst, j - i, i < phoneFrom, title));
    i = j;
  }
  return out;
}

/** Short class names: with a thousand monitors these cells are most of the page's bytes. */
const CELL_CLASS: Record<Condition, string> = { up: "u", degraded: "d", partial: "p", major: "m", maintenance: "w", paused: "z", no_data: "n" };

function cell(worst: Condition, span: number, old: boolean, title: string): Html {
  return trusted(`<i class="${CELL_CLASS[worst]}${old ? " o" : ""}"${span > 1 ? ` style="--n:${span}"` : ""} title="${escapeHtml(title)}"></i>`);
}

/** "24 hours", "3 hours", "45 minutes": how far back a response-time line reaches. */
function spanWords(ms: number): string {
  const min = Math.round(ms / 60_000);
  if (min === 60) return "1 hour";
  if (min < 120) return `${min} minutes`;
  return `${Math.round(min / 60)} hours`;
}

/** The same, short, for the axis ("24 h", "45 min"). */
function spanShort(ms: number): string {
  const min = Math.round(ms / 60_000);
  return min < 120 && min !== 60 ? `${min} min` : `${Math.round(min / 60)} h`;
}

/** A duration in ms as people read it: "87 ms", "1.2 s". */
function formatMs(ms: number): string {
  if (ms >= 10_000) return `${Math.round(ms / 1000)} s`;
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

/** The smallest of 1, 2, 2.5, 5 × 10^k at or above v: the top of the axis. */
function niceCeiling(v: number): number {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

const LINE_W = 240;
const LINE_H = 40;

/**
 * The response-time line of a component over its span (lib/public/status-page.ts LatencyLine):
 * axes labelled in ms from zero and in time up to now, a gap where no check answered. Plain
 * SVG: no script, and the same in every browser.
 */
function sparkline(name: string, line: LatencyLine): Html | null {
  const { points, from, to } = line;
  if (points.length === 0) return null;
  const values = points.map((p) => p.ms);
  const weighted = points.reduce((a, p) => a + p.ms * p.n, 0) / points.reduce((a, p) => a + p.n, 0);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const top = niceCeiling(high * 1.1);
  const span = to - from;
  const x = (at: number) => Math.max(0, Math.min(LINE_W, ((at - from) / span) * LINE_W));
  const y = (ms: number) => LINE_H - (ms / top) * (LINE_H - 2) - 1;
  const segments: string[][] = [];
  const dots: [number, number][] = [];
  let current: string[] = [];
  points.forEach((p, i) => {
    const prev = points[i - 1];
    if (prev && p.at - prev.at > 2 * Math.max(p.stepMs, prev.stepMs)) {
      segments.push(current);
      current = [];
    }
    // A point stands at the middle of its bucket; the newest one, still filling, at most at now.
    const px = x(Math.min(p.at + p.stepMs / 2, to));
    current.push(`${px.toFixed(1)},${y(p.ms).toFixed(1)}`);
  });
  segments.push(current);
  const polylines = segments.filter((s) => s.length > 1);
  for (const s of segments) if (s.length === 1) dots.push(s[0].split(",").map(Number) as [number, number]);
  const spanText = spanWords(span);
  const avg = formatMs(weighted);
  // Styles live in app/globals.css (.latency …): with hundreds of lines, attributes repeated on
  // every element would be a large share of the page.
  return html`<figure class="latency" data-source="${line.fromRaw ? "raw" : "hourly"}"><figcaption class="sparkline-label">${t.page.responseTime(spanText)} · ${t.page.responseTimeAverage(avg)}</figcaption>
<div class="latency-plot"><div class="latency-y" aria-hidden="true"><span>${formatMs(top)}</span><span>0 ms</span></div><svg class="sparkline" viewBox="0 0 ${LINE_W} ${LINE_H}" preserveAspectRatio="none" role="img" aria-label="${t.page.sparklineLabel(name, spanText, avg, formatMs(low), formatMs(high))}">${polylines.map(
    (pts) => html`<polyline points="${pts.join(" ")}"/>`,
  )}${dots.map(([dx, dy]) => html`<line x1="${dx}" y1="${dy}" x2="${dx}" y2="${dy}"/>`)}</svg>
<div class="latency-x" aria-hidden="true"><span>${t.page.agoShort(spanShort(span))}</span><span>${t.page.now}</span></div></div></figure>`;
}

function incidentsSection(active: PublicIncident[]): Html | null {
  if (active.length === 0) return null;
  return html`<section class="inc-section" aria-labelledby="incidents-h" data-testid="incidents"><h2 id="incidents-h">${t.incidents.currentHeading}</h2>${active.map(
    (i) => html`<article class="card incident" data-impact="${i.impact}" data-testid="incident" aria-labelledby="incident-${i.id}">
<h3 id="incident-${i.id}"><a href="/incidents/${i.id}">${i.title}</a></h3>
${i.components.length ? html`<p class="inc-affected">${t.incidents.affected}: ${i.components.map((c) => `${c.name} (${t.incidents.componentImpact[c.impact].toLowerCase()})`).join(", ")}</p>` : null}
${timeline(i.updates)}</article>`,
  )}</section>`;
}

function maintenanceSection(items: PublicMaintenance[]): Html | null {
  if (items.length === 0) return null;
  return html`<section class="inc-section" aria-labelledby="maintenance-h" data-testid="maintenance"><h2 id="maintenance-h">${t.incidents.maintenanceHeading}</h2>${items.map(
    (m) => html`<article class="card incident" data-impact="maintenance" data-testid="maintenance-item" aria-labelledby="maintenance-${m.id}">
<div class="inc-head"><h3 id="maintenance-${m.id}"><a href="/incidents/${m.id}">${m.title}</a></h3><span class="inc-state" data-in-progress="${String(m.inProgress)}">${m.inProgress ? t.incidents.status.in_progress : t.incidents.upcoming}</span></div>
<p class="inc-window">${when(m.scheduledFor)} – ${when(m.scheduledUntil)}</p>
${m.components.length ? html`<p class="inc-affected">${t.incidents.maintenanceOnComponent[m.inProgress ? "active" : "upcoming"]}: ${m.components.map((c) => c.name).join(", ")}</p>` : null}
${timeline(m.updates)}</article>`,
  )}</section>`;
}

function timeline(updates: PublicIncidentUpdate[]): Html {
  // u.html is sanitized Markdown (lib/incidents/markdown.ts: no raw HTML, then an allow-list).
  return html`<ol class="inc-timeline">${updates.map(
    (u) => html`<li><p class="inc-entry-head"><strong>${t.incidents.status[u.status]}</strong> ${when(u.createdAt)}</p><div class="inc-body">${trusted(u.html)}</div></li>`,
  )}</ol>`;
}

/** Days the front page lists past incidents for, today included (older ones are in /history). */
export const PAST_INCIDENT_DAYS = 14;

/**
 * Resolved incidents of the last PAST_INCIDENT_DAYS UTC days, by the day they began, newest
 * first; a quiet day says so, as readers of Statuspage pages expect.
 */
function pastIncidentsSection(recent: RecentIncident[], now: number): Html {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const days = Array.from({ length: PAST_INCIDENT_DAYS }, (_, i) => today - i * DAY_MS);
  const byDay = new Map<number, RecentIncident[]>();
  for (const i of recent) {
    if (i.resolvedAt === null) continue;
    const day = Math.floor(i.startedAt / DAY_MS) * DAY_MS;
    if (day < days[days.length - 1] || day > today) continue;
    byDay.set(day, [...(byDay.get(day) ?? []), i]);
  }
  return html`<section class="inc-section past" aria-labelledby="past-h" data-testid="past-incidents"><h2 id="past-h">${t.incidents.pastHeading}</h2><div class="card past-days">${days.map((day) => {
    const list = (byDay.get(day) ?? []).sort((a, b) => b.startedAt - a.startedAt);
    return html`<div class="past-day" data-day="${new Date(day).toISOString().slice(0, 10)}"><h3>${fmtDay(day)}</h3>${
      list.length
        ? html`<ul>${list.map((i) => html`<li><a href="/incidents/${i.id}">${i.title}</a> <span class="muted">${t.incidents.resolvedAfter(formatSpan(i.resolvedAt! - i.startedAt))}</span></li>`)}</ul>`
        : html`<p class="muted">${t.history.noIncidents}</p>`
    }</div>`;
  })}</div><p class="past-more"><a href="/history">${t.history.link}</a></p></section>`;
}

/** "42 min", "3 h 5 min", "2 d 4 h": how long an incident lasted, coarse on purpose. */
function formatSpan(ms: number): string {
  const min = Math.max(1, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}
