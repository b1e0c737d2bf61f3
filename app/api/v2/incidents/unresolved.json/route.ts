import { publicPreflight } from "@/lib/public/http";
import { statuspageUnresolvedIncidents } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: incidents investigating, identified or monitoring. */
export const GET = statuspageGet(statuspageUnresolvedIncidents);
export const OPTIONS = publicPreflight;
