import { expect, type Page } from "@playwright/test";

/** Signs in through the real forms at `base`, creating the first admin on the first call. */
export async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/dashboard`);
  if (page.url().endsWith("/setup")) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/^Password \(at least/).fill(password);
    await page.getByLabel("Password again").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
  } else if (page.url().endsWith("/login")) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page).toHaveURL(/\/dashboard$/);
}
