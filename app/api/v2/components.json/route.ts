import { publicPreflight } from "@/lib/public/http";
import { statuspageComponents } from "@/lib/public/statuspage";
import { statuspageGet } from "@/app/api/v2/_lib";

export const dynamic = "force-dynamic";

/** Statuspage API v2: every public component and group with its status. */
export const GET = statuspageGet(statuspageComponents);
export const OPTIONS = publicPreflight;
