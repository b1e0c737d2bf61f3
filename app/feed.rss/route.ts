import { getDb } from "@/lib/db/client";
import { feedEntries, feedStrings, renderRss, RSS_FEED_PATH } from "@/lib/public/feeds";
import { siteUrlFrom } from "@/lib/public/site-url";
import { readPageSettings } from "@/lib/settings/page";

export const dynamic = "force-dynamic";

/** RSS 2.0 feed of public incidents and maintenance. */
export async function GET(request: Request) {
  const db = await getDb();
  const [page, entries] = await Promise.all([readPageSettings(db), feedEntries(db)]);
  const siteUrl = siteUrlFrom(request.headers);
  const xml = renderRss(entries, {
    title: feedStrings.title(page.name),
    description: feedStrings.description(page.name),
    siteUrl,
    feedUrl: `${siteUrl}${RSS_FEED_PATH}`,
    now: Date.now(),
  });
  return new Response(xml, { headers: { "content-type": "application/rss+xml; charset=utf-8", "cache-control": "public, max-age=60" } });
}
