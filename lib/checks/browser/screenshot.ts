/** The screenshot of a failed browser check, bounded in size. */
import type { Page } from "playwright-core";
import { noop } from "../frame";
import { msUntil } from "./timing";

/** Screenshots larger than this are retaken smaller, then dropped. */
export const BROWSER_SCREENSHOT_MAX_BYTES = 200 * 1024;
/** Downscaled retakes of a screenshot that is over the size limit, in order. */
const SCREENSHOT_RETAKE_SCALES = [0.5, 0.25] as const;

/**
 * A PNG of the viewport, at most BROWSER_SCREENSHOT_MAX_BYTES: retaken at half and quarter scale
 * when larger, dropped (with a note saying so) when still larger.
 */
export async function boundedScreenshot(page: Page, viewport: { width: number; height: number }, deadlineAt: number): Promise<{ png?: Buffer; note?: string }> {
  const full = await page.screenshot({ type: "png", timeout: msUntil(deadlineAt), animations: "disabled", caret: "hide" });
  if (full.length <= BROWSER_SCREENSHOT_MAX_BYTES) return { png: full };
  let smallest = full.length;
  const cdp = await page.context().newCDPSession(page);
  try {
    const [x, y] = await page.evaluate(() => [window.scrollX, window.scrollY]);
    for (const scale of SCREENSHOT_RETAKE_SCALES) {
      const { data } = await cdp.send("Page.captureScreenshot", { format: "png", clip: { x, y, width: viewport.width, height: viewport.height, scale } });
      const png = Buffer.from(data, "base64");
      if (png.length <= BROWSER_SCREENSHOT_MAX_BYTES) return { png };
      smallest = Math.min(smallest, png.length);
    }
  } finally {
    await cdp.detach().catch(noop);
  }
  const limitKb = Math.round(BROWSER_SCREENSHOT_MAX_BYTES / 1024);
  return { note: `screenshot dropped: ${Math.round(smallest / 1024)} KB even at 1/4 scale, over the ${limitKb} KB limit` };
}

