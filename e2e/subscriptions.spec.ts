import { mkdirSync } from "node:fs";
import { expect, test, type Browser } from "@playwright/test";
import { readMailbox, waitForMail, type Mail } from "./mailbox";

/*
 * Email subscriptions end to end, on the instance from global-setup (its worker sends mail to a
 * real SMTP server on loopback): subscribe through the form, receive the confirmation, follow its
 * link, then unsubscribe with the RFC 8058 one-click POST from the List-Unsubscribe header.
 */

const SHOTS = "/tmp/shots";
const base = () => process.env.E2E_BASE_URL!;

test.describe.configure({ mode: "serial" });

function links(mail: Mail) {
  const text = String(mail.parsed.text);
  const find = (path: string) => {
    const m = new RegExp(`${base().replace(/[.]/g, "\\.")}/${path}/([A-Za-z0-9_-]{43})`).exec(text);
    if (!m) throw new Error(`no ${path} link in:\n${text}`);
    return m[0];
  };
  return { confirm: find("subscribe/confirm"), manage: find("subscribe/manage"), unsubscribePage: find("unsubscribe") };
}

test("subscribe with the form, confirm by the emailed link, unsubscribe with one click", async ({ page, request }) => {
  const address = "reader@example.com";
  await page.goto("/");
  await page.getByRole("link", { name: "Subscribe to updates" }).click();
  await expect(page).toHaveURL(/\/subscribe$/);
  await expect(page.getByRole("heading", { level: 1, name: "Subscribe to updates" })).toBeVisible();

  // Public components only; the list shows once "only the ones I choose" is picked.
  const some = page.getByRole("radio", { name: "Only the ones I choose" });
  await expect(page.getByRole("checkbox", { name: "Test API" })).toBeHidden();
  await some.check();
  await expect(page.getByRole("checkbox", { name: "Test API" })).toBeVisible();
  await expect(page.getByText("Internal tool")).toHaveCount(0);

  // By keyboard: the email field is labelled and reachable.
  await page.getByLabel("Email address").fill(address.toUpperCase());
  await page.getByRole("checkbox", { name: "Test API" }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("checkbox", { name: "Test API" })).toBeChecked();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/subscribe\?sent=1$/);
  await expect(page.getByTestId("subscribe-sent")).toContainText("Check your inbox");

  // The confirmation: the only email, with the one-click headers, both parts and its links.
  const mail = await waitForMail(address, /^Confirm your subscription to E2E Status updates$/);
  const oneClick = /^<(http[^>]+\/api\/unsubscribe\/[A-Za-z0-9_-]{43})>$/.exec(mail.header("List-Unsubscribe") ?? "");
  expect(oneClick, mail.header("List-Unsubscribe")).not.toBeNull();
  expect(mail.header("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  const l = links(mail);
  expect(String(mail.parsed.text)).toContain("for Test API");
  for (const url of Object.values(l)) expect(String(mail.parsed.html)).toContain(`href="${url}"`);

  // Following the link (a real GET) confirms.
  const confirmed = await request.get(l.confirm);
  expect(confirmed.status()).toBe(200);
  expect(await confirmed.text()).toContain("Thanks, your subscription is confirmed.");
  await page.goto(l.manage);
  await expect(page.getByRole("checkbox", { name: "Test API" })).toBeChecked();
  await expect(page.locator("main").getByText(address, { exact: true })).toBeVisible();

  // Subscribing the same address again answers exactly as for a new one.
  const again = await request.post("/api/subscribe", { data: { email: address } });
  const fresh = await request.post("/api/subscribe", { data: { email: "someone-new@example.com" } });
  expect(again.status()).toBe(202);
  expect(await again.json()).toEqual(await fresh.json());

  // RFC 8058: POST List-Unsubscribe=One-Click to the header's URL, no cookies, no sign-in.
  const unsubscribed = await request.post(oneClick![1], { form: { "List-Unsubscribe": "One-Click" }, headers: { cookie: "" } });
  expect(unsubscribed.status()).toBe(200);
  expect(await unsubscribed.text()).toMatch(/You are unsubscribed/);
  // Idempotent.
  expect((await request.post(oneClick![1], { form: { "List-Unsubscribe": "One-Click" } })).status()).toBe(200);
  // A GET changes nothing: it leads to the page, which says so.
  await page.goto(oneClick![1]);
  await expect(page).toHaveURL(l.unsubscribePage);
  await expect(page.getByTestId("unsubscribe-state")).toContainText("You are unsubscribed.");
  await page.goto(l.manage);
  await expect(page.getByTestId("manage-state")).toContainText("is unsubscribed");
  // The confirm link no longer revives it.
  expect(await (await request.get(l.confirm)).text()).toContain("This subscription was cancelled.");
  expect((await request.post(`${base()}/api/unsubscribe/${"x".repeat(43)}`, { form: { "List-Unsubscribe": "One-Click" } })).status()).toBe(404);
});

test("the unsubscribe button in the emailed link works without a sign-in, and bad input gets a clear message", async ({ page, request }) => {
  const address = "button@example.com";
  await page.goto("/subscribe");
  // The browser's own check lets "ada@example" through (no dot needed); the server's does not.
  await page.getByLabel("Email address").fill("ada@example");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscribe-error")).toHaveText("That doesn't look like an email address. Write it like name@example.com.");
  const json = await request.post("/api/subscribe", { data: { email: "not-an-address" } });
  expect(json.status()).toBe(422);
  expect(await json.json()).toEqual({ error: `That doesn't look like an email address: "not-an-address". Write it like name@example.com.` });

  await page.getByLabel("Email address").fill(address);
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscribe-sent")).toBeVisible();
  const mail = await waitForMail(address, /^Confirm your subscription/);
  const l = links(mail);
  await page.goto(l.confirm);
  await expect(page.getByTestId("confirm-state")).toHaveAttribute("data-state", "confirmed");

  await page.goto(l.manage);
  await page.screenshot({ path: `${SHOTS}/subscribe-manage-desktop-light.png`, fullPage: true });
  await page.goto(l.unsubscribePage);
  await expect(page.getByTestId("unsubscribe-state")).toHaveAttribute("data-state", "subscribed");
  await page.screenshot({ path: `${SHOTS}/subscribe-unsubscribe-desktop-light.png`, fullPage: true });
  await page.getByRole("button", { name: "Unsubscribe" }).click();
  await expect(page.getByTestId("unsubscribe-state")).toContainText("You are unsubscribed.");
  await page.screenshot({ path: `${SHOTS}/subscribe-unsubscribed-desktop-light.png`, fullPage: true });
  // Only the confirmation was ever sent to this address.
  expect((await readMailbox()).filter((m) => m.to.includes(address))).toHaveLength(1);
});

test("a webhook subscription shows its signing secret once, on the page it lands on", async ({ page }) => {
  await page.goto("/subscribe");
  await page.getByRole("radio", { name: /By webhook/ }).check();
  await expect(page.getByLabel("Email address")).toBeHidden();
  await page.getByLabel("Webhook URL").fill("https://hooks.example.com/status/e2e");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page).toHaveURL(/\/subscribe\/confirm\/[A-Za-z0-9_-]{43}$/);
  await expect(page.getByTestId("webhook-secret")).toHaveText(/^whsec_[A-Za-z0-9+/]{43}=$/);
  await page.screenshot({ path: `${SHOTS}/subscribe-webhook-secret-desktop-light.png`, fullPage: true });
  await page.reload();
  await expect(page.getByTestId("confirm-state")).toHaveAttribute("data-state", "already_confirmed");
  await expect(page.getByTestId("webhook-secret")).toHaveCount(0);
  // The same URL again: refused in words, not silently replaced.
  await page.goto("/subscribe");
  await page.getByRole("radio", { name: /By webhook/ }).check();
  await page.getByLabel("Webhook URL").fill("https://hooks.example.com/status/e2e");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscribe-error")).toContainText("This webhook URL is already subscribed.");
  await expect(page.getByRole("radio", { name: /By webhook/ })).toBeChecked();
  // Private addresses are refused.
  await page.getByLabel("Webhook URL").fill("https://10.0.0.1/hook");
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscribe-error")).toContainText("That webhook URL can't be used.");
});

test("screenshots: /subscribe at desktop and 375 px, light and dark", async ({ browser }) => {
  mkdirSync(SHOTS, { recursive: true });
  for (const [size, viewport] of [
    ["desktop", { width: 1280, height: 900 }],
    ["phone", { width: 375, height: 812 }],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      const context = await (browser as Browser).newContext({ baseURL: base(), colorScheme, viewport, isMobile: size === "phone" });
      const p = await context.newPage();
      await p.goto("/subscribe");
      await p.getByRole("radio", { name: "Only the ones I choose" }).check();
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, "no horizontal scrolling").toBeLessThanOrEqual(0);
      await p.screenshot({ path: `${SHOTS}/subscribe-${size}-${colorScheme}.png`, fullPage: true });
      if (size === "phone") {
        await p.goto("/");
        await p.screenshot({ path: `${SHOTS}/subscribe-link-public-page-${size}-${colorScheme}.png` });
      }
      await context.close();
    }
  }
});
