import { publicPreflight } from "@/lib/public/http";
import { statuspageIncidents } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: the 50 newest published incidents and maintenance. */
export const GET = statuspageGet(statuspageIncidents);
export const OPTIONS = publicPreflight;
