import { getDb } from "@/lib/db/client";
import { ATOM_FEED_PATH, feedEntries, feedStrings, renderAtom } from "@/lib/public/feeds";
import { siteUrlFrom } from "@/lib/public/site-url";
import { readPageSettings } from "@/lib/settings/page";

export const dynamic = "force-dynamic";

/** Atom feed of public incidents and maintenance. */
export async function GET(request: Request) {
  const db = await getDb();
  const [page, entries] = await Promise.all([readPageSettings(db), feedEntries(db)]);
  const siteUrl = siteUrlFrom(request.headers);
  const xml = renderAtom(entries, {
    title: feedStrings.title(page.name),
    description: feedStrings.description(page.name),
    author: page.name,
    siteUrl,
    feedUrl: `${siteUrl}${ATOM_FEED_PATH}`,
    now: Date.now(),
  });
  return new Response(xml, { headers: { "content-type": "application/atom+xml; charset=utf-8", "cache-control": "public, max-age=60" } });
}
