import { defineCheckType } from "../types";
import { browserCheckConfigSchema } from "./config";
import { runBrowserCheck } from "./run";

/**
 * The browser check: one file per concern. config (the schema), pool (the shared Chromium),
 * proxy and guard (the target policy), timing (phases from navigation timing), errors (network
 * errors in words), screenshot, state, and run (the check's steps).
 */
export type { AddressJudge } from "../policy";
export { BROWSER_DEFAULT_VIEWPORT, browserCheckConfigSchema, type BrowserCheckConfig } from "./config";
export { BROWSER_IDLE_CLOSE_MS, closeSharedBrowser } from "./pool";
export { runBrowserCheck, runBrowserCheckJudged } from "./run";
export { BROWSER_SCREENSHOT_MAX_BYTES } from "./screenshot";

/** Most browser checks running at once in one probe: a page load costs a lot of CPU and memory. */
export const BROWSER_CHECK_CONCURRENCY = 2;

export const browserCheck = defineCheckType({ type: "browser", configSchema: browserCheckConfigSchema, run: runBrowserCheck, maxConcurrent: BROWSER_CHECK_CONCURRENCY });
