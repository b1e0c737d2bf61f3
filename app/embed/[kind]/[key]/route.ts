import { getDb } from "@/lib/db/client";
import { embedResponse } from "@/lib/public/embed";

export const dynamic = "force-dynamic";

/** The iframe status widget: plain HTML with inline CSS and no script (lib/public/embed.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ kind: string; key: string }> }) {
  return embedResponse(await getDb(), await params, new URL(request.url));
}
