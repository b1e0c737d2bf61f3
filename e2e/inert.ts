import { expect, type Page } from "@playwright/test";

/** Test-only: checks that hostile text put into names, titles and Markdown stayed text. */

/** Fails the test if anything in the page opens a dialog (alert/confirm/prompt): a hostile name that ran. */
export function forbidDialogs(page: Page) {
  page.on("dialog", async (d) => {
    await d.dismiss();
    throw new Error(`unexpected dialog: ${d.message()}`);
  });
}

/** No injected script, image, handler or javascript: link in the page's main content, and no payload ran. */
export async function expectInert(page: Page) {
  expect(await page.locator("main script").count()).toBe(0);
  expect(await page.locator("main img").count()).toBe(0);
  expect(await page.locator("[onerror]").count()).toBe(0);
  expect(await page.locator('a[href^="javascript" i]').count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned).catch(() => undefined)).toBeUndefined();
}

/** A YAML single-quoted string: any text, hostile or not, goes into a config file as is. */
export const yamlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
