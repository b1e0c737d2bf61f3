/**
 * The iframe status widget (/embed/…, inserted by /embed.js) as one small HTML document: inline
 * CSS, no script at all (the frame's sandbox would block any, and each blocked one is an error in
 * the host page's console), so the reader's browser does nothing but paint it.
 */
import { strings as t } from "../../i18n/en";
import type { ComponentStatus } from "../../status/component";
import { PALETTE, paletteCssVariables } from "../palette";
import type { EmbedRequest, EmbedTheme, WidgetData } from "../widgets";
import { html, trusted, type Html } from "./html";

/** The widget's text colour per status: a partial outage is an outage, maintenance is the link blue (palette.ts statusColor). */
const STATUS_VARIABLE: Record<ComponentStatus, string> = {
  operational: "--status-operational",
  degraded: "--status-degraded",
  partial_outage: "--status-down",
  down: "--status-down",
  maintenance: "--link",
  no_data: "--status-no_data",
  paused: "--status-paused",
};

/*
 * Drawn to fill its iframe (60 px compact, 140 px full: ../embed-script.ts). Reading order is
 * name, status, uptime, caption; the grid puts the uptime at the top right.
 */
const CSS = `html,body{margin:0;background:transparent}
.w{box-sizing:border-box;height:100vh;overflow:hidden;display:grid;grid-template-columns:minmax(0,1fr) auto;grid-template-areas:"name uptime" "status caption";align-content:center;column-gap:12px;padding:6px 14px;background:var(--surface);color:var(--text);border:1px solid var(--border);border-radius:8px;font:14px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
.w.full{grid-template-areas:"name uptime" "status caption" "bars bars" "legend legend";padding:10px 14px 8px}
.name{grid-area:name;min-width:0;font-weight:600;font-size:15px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.dot{display:inline-block;width:9px;height:9px;margin-right:7px;border-radius:50%;vertical-align:1px;background:var(--st)}
.st{grid-area:status;min-width:0;font-size:13px;font-weight:600;white-space:nowrap;overflow:hidden;text-overflow:ellipsis;color:var(--st)}
.up{grid-area:uptime;justify-self:end;font-weight:600;font-size:15px;font-variant-numeric:tabular-nums;white-space:nowrap}
.cap{grid-area:caption;justify-self:end;align-self:center;font-size:12px;color:var(--muted);white-space:nowrap}
.bars{grid-area:bars;display:flex;gap:1px;height:28px;margin-top:8px}
.bars>i{flex:1;min-width:1px;border-radius:1px}
.bars>i:hover{opacity:.7}
.legend{grid-area:legend;display:flex;justify-content:space-between;gap:8px;margin-top:4px;font-size:12px;color:var(--muted);white-space:nowrap}
.legend>a{min-width:0;overflow:hidden;text-overflow:ellipsis;color:var(--link);text-decoration-color:currentColor}
.w a{color:inherit;text-decoration:underline;text-decoration-color:var(--muted);text-underline-offset:2px}
.w .legend>a{color:var(--link);text-decoration-color:currentColor}
.w a:hover{text-decoration-thickness:2px}
.w a:focus-visible{outline:2px solid var(--focus);outline-offset:1px;border-radius:2px}
.err{box-sizing:border-box;height:100vh;overflow:auto;margin:0;padding:6px 14px;background:var(--surface);color:var(--text);border:1px solid var(--border);border-radius:8px;font:12px/1.35 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
@media (max-width:260px){.cap{display:none}}
${Object.entries(STATUS_VARIABLE)
  // Unquoted, so the markup's data-status="…" is the only place that text appears.
  .map(([status, variable]) => `.w[data-status=${status}]{--st:var(${variable})}`)
  .join("\n")}
${(["up", "degraded", "partial", "major", "maintenance", "paused", "no_data"] as const).map((c) => `.bars>i[data-worst=${c}]{background:var(--bar-${c})}`).join("\n")}`;

/**
 * The palette for the chosen theme. The root's color-scheme matches the one /embed.js gives the
 * frame, so the browser paints no backdrop of its own behind the rounded corners.
 */
function themeCss(theme: EmbedTheme): string {
  const light = paletteCssVariables(PALETTE.light);
  const dark = paletteCssVariables(PALETTE.dark);
  return theme === "auto"
    ? `:root{color-scheme:light dark;${light}}@media (prefers-color-scheme: dark){:root{${dark}}}`
    : `:root{color-scheme:${theme};${theme === "dark" ? dark : light}}`;
}

function doc(title: string | null, theme: EmbedTheme, body: Html): string {
  return html`<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
${title ? html`<title>${title}</title>` : null}
<style>${trusted(CSS)}${trusted(themeCss(theme))}</style>
</head><body>${body}</body></html>`.toString();
}

/** The widget for a public subject (./../widgets.ts widgetData) in the requested theme and layout. */
export function renderEmbed(data: WidgetData, request: Pick<EmbedRequest, "theme" | "layout">): string {
  const full = request.layout === "full";
  const pageLink = (text: string) => html`<a href="/" target="_top" rel="noopener">${text}</a>`;
  return doc(
    t.widgets.embedTitle(data.name, data.pageName),
    request.theme,
    html`<div class="w${full ? " full" : ""}" data-theme="${request.theme}" data-layout="${request.layout}" data-status="${data.status}" data-testid="embed">
<span class="name"><span class="dot" aria-hidden="true"></span>${full ? data.name : pageLink(data.name)}</span>
<span class="st" data-testid="embed-status">${data.statusText}</span>
<span class="up" data-testid="embed-uptime">${data.uptime}</span>
<span class="cap">${data.uptimeCaption}</span>
${
  full
    ? html`<div class="bars" role="img" aria-label="${data.daysLabel}">${data.days.map((d) => html`<i data-worst="${d.worst}" title="${d.title}"></i>`)}</div>
<div class="legend"><span aria-hidden="true">${data.barsFrom}</span>${pageLink(t.widgets.statusPageLink(data.pageName))}<span aria-hidden="true">${data.barsTo}</span></div>`
    : null
}</div>`,
  );
}

/**
 * What the frame shows for a request it cannot serve: a bad option says what to change; an
 * unknown or private subject is one 404 that names neither (the same bytes for both).
 */
export function renderEmbedError(message: string | null): string {
  return doc(null, "auto", html`<p class="err" role="alert">${message ?? t.widgets.notFound}</p>`);
}
