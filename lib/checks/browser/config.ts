/** The settings of a browser monitor. */
import { z } from "zod";
import { durationMs } from "../../config/units";
import { httpCheckConfigSchema } from "../http";

export const BROWSER_DEFAULT_VIEWPORT = { width: 1280, height: 800 } as const;

const viewportSchema = z.strictObject({
  width: z.number({ error: "expected a width in CSS pixels, like 1280" }).int().min(200).max(3840),
  height: z.number({ error: "expected a height in CSS pixels, like 800" }).int().min(200).max(2160),
});

/**
 * The settings of a browser monitor as written in status.config.yaml (next to the common
 * monitor fields). The output is the normalized form stored in monitors.check_config.
 */
export const browserCheckConfigSchema = z.object({
  /** The page to load: http or https only. */
  url: httpCheckConfigSchema.shape.url,
  /** A CSS selector that must appear (be attached and visible) after the page loaded, or the check is down. */
  waitForSelector: z.string({ error: 'expected a CSS selector like "#app"' }).trim().min(1, 'expected a CSS selector like "#app"').optional(),
  /**
   * Text that must appear visibly on the page, or the check is down. Matched the way Playwright's
   * getByText does: a case-insensitive substring with whitespace normalized, shadow DOM included.
   */
  waitForText: z.string({ error: "expected the text that must appear on the page" }).trim().min(1, "expected the text that must appear on the page").optional(),
  /** A page load (navigation start to the load event) slower than this is degraded, not down. Output in ms. */
  maxLatency: durationMs({ min: 1 }).optional(),
  /** The browser window in CSS pixels. */
  viewport: viewportSchema.default(() => ({ ...BROWSER_DEFAULT_VIEWPORT })),
  /** Accept self-signed, expired or wrong-host certificates. */
  ignoreTlsErrors: z.boolean().default(false),
  /** Attach a PNG of the page (at most 200 KB) to a failed check. */
  screenshotOnFailure: z.boolean().default(true),
});

export type BrowserCheckConfig = z.output<typeof browserCheckConfigSchema>;
