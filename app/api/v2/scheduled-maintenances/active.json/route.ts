import { publicPreflight } from "@/lib/public/http";
import { statuspageActiveMaintenances } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: maintenance in progress or verifying. */
export const GET = statuspageGet(statuspageActiveMaintenances);
export const OPTIONS = publicPreflight;
