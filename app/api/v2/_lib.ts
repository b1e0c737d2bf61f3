import { getDb, type Db } from "@/lib/db/client";
import { publicJsonHandler } from "@/lib/public/http";
import { siteUrlFrom } from "@/lib/public/site-url";
import type { StatuspageOptions } from "@/lib/public/statuspage";

/** The GET handler of one Statuspage-compatible document (lib/public/statuspage.ts). */
export function statuspageGet(build: (db: Db, options: StatuspageOptions) => Promise<unknown>) {
  return publicJsonHandler(async (request) => build(await getDb(), { siteUrl: siteUrlFrom(request.headers) }));
}
