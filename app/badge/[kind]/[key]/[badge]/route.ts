import { getDb } from "@/lib/db/client";
import { badgeResponse } from "@/lib/public/badges";

export const dynamic = "force-dynamic";

/**
 * /badge/{monitor|component}/<key>/{status|uptime-<window>|response-time-<window>}.{svg|json}
 * SVG badges and shields.io endpoint JSON of public monitors and components (?style=, ?label=).
 */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string; key: string; badge: string }> }) {
  return badgeResponse(await getDb(), await params, new URL(request.url));
}
