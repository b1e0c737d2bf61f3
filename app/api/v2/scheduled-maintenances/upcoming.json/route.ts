import { publicPreflight } from "@/lib/public/http";
import { statuspageUpcomingMaintenances } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: maintenance not begun yet. */
export const GET = statuspageGet(statuspageUpcomingMaintenances);
export const OPTIONS = publicPreflight;
