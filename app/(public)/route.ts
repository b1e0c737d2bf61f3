import { createHash } from "node:crypto";
import { getDb } from "@/lib/db/client";
import { loadStatusPage } from "@/lib/public/status-page";
import { renderStatusPage } from "@/lib/public/render/status-page";

export const dynamic = "force-dynamic";

/**
 * The public status page. Rendered as one HTML string (lib/public/render) rather than a React
 * page: it must stay small and fast with thousands of monitors, and needs no client code.
 * Browsers revalidate every time (ETag); shared caches may serve it for 10 s.
 */
export async function GET(request: Request) {
  const now = Date.now();
  const body = renderStatusPage(await loadStatusPage(await getDb(), now), { now });
  const etag = `W/"${createHash("sha1").update(body).digest("base64url")}"`;
  const headers = {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "public, max-age=0, s-maxage=10, stale-while-revalidate=30",
    ETag: etag,
    "X-Content-Type-Options": "nosniff",
  };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  return new Response(body, { headers });
}
