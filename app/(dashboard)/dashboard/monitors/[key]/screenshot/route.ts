import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { monitors } from "@/lib/db/schema";
import { latestScreenshot } from "@/lib/results/screenshots";
import { requireUser } from "../../../../_lib/session";

export const dynamic = "force-dynamic";

/** The latest failure screenshot of a browser monitor (signed-in users only). */
export async function GET(_request: Request, { params }: { params: Promise<{ key: string }> }) {
  await requireUser();
  const { key } = await params;
  const db = await getDb();
  const [m] = await db.select({ id: monitors.id }).from(monitors).where(eq(monitors.key, decodeURIComponent(key)));
  const shot = m ? await latestScreenshot(db, m.id) : null;
  if (!shot) return new Response("no screenshot", { status: 404, headers: { "content-type": "text/plain" } });
  return new Response(new Uint8Array(shot.png), {
    headers: { "content-type": "image/png", "cache-control": "private, no-store", "x-content-type-options": "nosniff" },
  });
}
