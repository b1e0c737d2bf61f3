import { publicPreflight } from "@/lib/public/http";
import { statuspageSummary } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: page, components, unresolved incidents, upcoming and in-progress maintenance, page status. */
export const GET = statuspageGet(statuspageSummary);
export const OPTIONS = publicPreflight;
