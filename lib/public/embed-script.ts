/**
 * /embed.js: the script tag that inserts the status widget (/embed/…) as an iframe right after
 * itself. It reads its options from its own data attributes and finds the app from its own src,
 * so the same tag works on any site, and under any path the app is served from:
 *
 *   <script src="https://status.example.com/embed.js" data-component="api"
 *           data-theme="auto" data-layout="compact" async></script>
 *
 * data-component or data-monitor (a key), data-theme (light|dark|auto), data-layout
 * (compact|full), data-window (24h|7d|30d|90d), data-width (a CSS length, default 100%
 * up to a layout's natural width), data-title (the frame's accessible name).
 */
import type { EmbedLayout } from "./widgets";

/** Height of the frame per layout: the widget is drawn to fit these exactly. */
export const EMBED_FRAME_HEIGHT_PX: Record<EmbedLayout, number> = { compact: 60, full: 140 };
/** Widest the frame grows by default; data-width sets another. */
export const EMBED_FRAME_MAX_WIDTH_PX: Record<EmbedLayout, number> = { compact: 380, full: 600 };

/**
 * The sandbox keeps the frame's scripts off (the widget needs none), and lets only a click on
 * its link open the status page in the top window or, when the host forbids that, a new tab.
 */
export const EMBED_SANDBOX = "allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation";

/** The script's source: plain ES2015 that every current browser runs as is. */
export function embedScript(): string {
  return `/* Status widget: inserts the status iframe after this script tag. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.src) return;
  var data = script.dataset;
  var kind = data.component ? "component" : data.monitor ? "monitor" : "";
  var key = data.component || data.monitor || "";
  if (!kind || !/^[a-z0-9-]{1,64}$/.test(key)) {
    console.error('status widget: add data-component="<key>" or data-monitor="<key>" (lowercase letters, digits and dashes) to the script tag');
    return;
  }
  var pick = function (value, allowed, fallback) { return allowed.indexOf(value) >= 0 ? value : fallback; };
  var theme = pick(data.theme, ["light", "dark", "auto"], "auto");
  var layout = pick(data.layout, ["compact", "full"], "compact");
  var heights = ${JSON.stringify(EMBED_FRAME_HEIGHT_PX)};
  var widths = ${JSON.stringify(EMBED_FRAME_MAX_WIDTH_PX)};
  // Relative to the script's own URL, so an app served under a path prefix works too.
  var url = new URL("embed/" + kind + "/" + key, script.src);
  url.searchParams.set("theme", theme);
  url.searchParams.set("layout", layout);
  if (data.window) url.searchParams.set("window", data.window);
  var width = /^\\d+(\\.\\d+)?(px|%|em|rem|vw)$/.test(data.width || "") ? data.width : "100%";
  var frame = document.createElement("iframe");
  frame.src = url.href;
  frame.title = data.title || "Status of " + key;
  frame.setAttribute("sandbox", ${JSON.stringify(EMBED_SANDBOX)});
  frame.setAttribute("loading", "lazy");
  frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
  frame.setAttribute("scrolling", "no");
  var style = frame.style;
  style.display = "block";
  style.border = "0";
  style.width = width;
  if (!data.width) style.maxWidth = widths[layout] + "px";
  style.height = heights[layout] + "px";
  style.overflow = "hidden";
  // The same color-scheme as the widget's own page: where the two differ, browsers paint an
  // opaque backdrop behind the frame, which would show at the widget's rounded corners.
  style.colorScheme = theme === "auto" ? "light dark" : theme;
  script.parentNode.insertBefore(frame, script.nextSibling);
})();
`;
}
