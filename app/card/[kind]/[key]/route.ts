import { getDb } from "@/lib/db/client";
import { cardResponse } from "./card";

// ImageResponse runs on Node here: the database client is a Node addon.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * /card/{monitor|component}/<key>.png?window=24h|7d|30d|90d&theme=light|dark
 * A PNG uptime card of a public monitor or component for email: 1200 × 400, shown at 600 × 200.
 */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string; key: string }> }) {
  return cardResponse(await getDb(), await params, new URL(request.url));
}
