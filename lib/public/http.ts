/**
 * Responses of the public read-only JSON APIs (the Statuspage-compatible /api/v2): any origin
 * may read them (they hold only public data), and caches may keep them briefly, so a busy
 * integration polling every few seconds costs one query set per 30 s at a CDN.
 */
export const PUBLIC_API_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "GET, OPTIONS",
  "cache-control": "public, max-age=30, stale-while-revalidate=60",
};

/**
 * JSON with `<`, `>` and `&` written as \u escapes: the same data to every JSON parser, and no
 * markup even for a client that sniffs the body as HTML (incident titles are user text).
 */
export function publicJson(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const text = JSON.stringify(body).replace(/[<>&]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return new Response(text, {
    status: init.status ?? 200,
    headers: { ...PUBLIC_API_HEADERS, "content-type": "application/json", "x-content-type-options": "nosniff", ...init.headers },
  });
}

/** The CORS preflight answer: GET from anywhere, with any request headers, remembered for a day. */
export function publicPreflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      "access-control-allow-origin": PUBLIC_API_HEADERS["access-control-allow-origin"],
      "access-control-allow-methods": PUBLIC_API_HEADERS["access-control-allow-methods"],
      "access-control-allow-headers": "*",
      "access-control-max-age": "86400",
    },
  });
}

/**
 * A GET handler that answers with the JSON `build` returns; a failure is logged and answered
 * with a generic 500 (still readable cross-origin, never cached, no internals).
 */
export function publicJsonHandler(build: (request: Request) => Promise<unknown>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      return publicJson(await build(request));
    } catch (error) {
      console.error(`${new URL(request.url).pathname}:`, error);
      return publicJson({ error: "The status could not be read just now: try again shortly." }, { status: 500, headers: { "cache-control": "no-store" } });
    }
  };
}
