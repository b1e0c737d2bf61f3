import { eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { settings } from "../db/schema";
import { DEFAULT_UPTIME_FORMULA, type UptimeFormula } from "../uptime/state-time";

/** What the public page says about itself (from status.config.yaml's `page:`). */
export interface PageSettings {
  name: string;
  description?: string;
  /** How uptime is computed everywhere it is shown (defaults: Statuspage's). */
  uptime?: UptimeFormula;
  /** Branding (status.config.yaml `page:`). */
  logo?: string;
  homepage?: string;
  links?: { label: string; url: string }[];
  accentColor?: string;
  accentColorDark?: string;
}

/** The uptime formula the page settings choose. */
export function uptimeFormulaOf(page: PageSettings): UptimeFormula {
  return { ...DEFAULT_UPTIME_FORMULA, ...(page.uptime ?? {}) };
}

export const DEFAULT_PAGE_SETTINGS: PageSettings = { name: "Status" };
const PAGE_KEY = "page";

export async function readPageSettings(db: Db): Promise<PageSettings> {
  const [row] = await db.select().from(settings).where(eq(settings.key, PAGE_KEY));
  return { ...DEFAULT_PAGE_SETTINGS, ...((row?.value as Partial<PageSettings>) ?? {}) };
}

/** The statement that stores the page settings (run in the config sync's batch). */
export function writePageSettings(db: Db, page: PageSettings) {
  return db.insert(settings).values({ key: PAGE_KEY, value: page }).onConflictDoUpdate({ target: settings.key, set: { value: page } });
}
