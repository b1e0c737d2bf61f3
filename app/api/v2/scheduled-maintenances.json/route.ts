import { publicPreflight } from "@/lib/public/http";
import { statuspageMaintenances } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: the 50 newest maintenance windows. */
export const GET = statuspageGet(statuspageMaintenances);
export const OPTIONS = publicPreflight;
