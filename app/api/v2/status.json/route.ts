import { publicPreflight } from "@/lib/public/http";
import { statuspageStatus } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: the page status (indicator and description). */
export const GET = statuspageGet(statuspageStatus);
export const OPTIONS = publicPreflight;
