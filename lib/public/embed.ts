/**
 * /embed/{monitor|component}/<key>?theme=light|dark|auto&layout=compact|full&window=24h|7d|30d|90d
 * The status widget for an iframe (inserted by /embed.js, ./embed-script.ts): the request read
 * (./widgets.ts), the subject's data, and the HTML (./render/embed.ts). Unknown and private
 * subjects are the same 404.
 */
import type { Db } from "../db/client";
import { renderEmbed, renderEmbedError } from "./render/embed";
import { parseEmbedRequest, widgetData } from "./widgets";

/**
 * Framable by any page (that is its purpose: no frame-ancestors, no X-Frame-Options; "*" would
 * still refuse file: and about: hosts, such as a saved investor update opened from disk), and
 * allowed nothing but its own inline styles: no script, no request anywhere.
 */
export const EMBED_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": EMBED_CSP,
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
};

export async function embedResponse(db: Db, params: { kind: string; key: string }, url: URL, now = Date.now()): Promise<Response> {
  const parsed = parseEmbedRequest(params, url.searchParams);
  if (!parsed.ok) {
    return new Response(renderEmbedError(parsed.message), { status: parsed.status, headers: { ...HEADERS, "cache-control": "public, max-age=60" } });
  }
  const { request } = parsed;
  // The bars span the window of the uptime figure, as on the PNG card.
  const data = await widgetData(db, request.kind, request.key, request.range, now, { barsOver: "range" });
  if (!data) return new Response(renderEmbedError(null), { status: 404, headers: { ...HEADERS, "cache-control": "public, max-age=60" } });
  return new Response(renderEmbed(data, request), {
    headers: { ...HEADERS, "cache-control": "public, max-age=30, stale-while-revalidate=60" },
  });
}
