import { mkdirSync } from "node:fs";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs, viewerSessionCookie } from "./sign-in";
import { startSwitchableTarget } from "./target";

/*
 * Monitors managed from the dashboard: create one through the form (an error first, which keeps
 * what was typed), see its first result within one interval, pause it and see "Paused" on the
 * public page; a config-managed monitor is read-only; a viewer can change nothing. Its own copy
 * of the product on its own database.
 */

const SHOTS = "/tmp/shots-monitors";
const EMAIL = "ops@example.com";
const PASSWORD = "correct horse battery";

let app: RunningApp;
let db: Client;
let target: Awaited<ReturnType<typeof startSwitchableTarget>>;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  target = await startSwitchableTarget(true);
  app = await startApp({
    name: "monitors",
    config: `page:
  name: Monitors E2E
components:
  - key: api
    name: Public API
  - key: shop
    name: Shop
monitors:
  - key: api-health
    name: API health
    type: http
    component: api
    interval: 10s
    url: ${target.url}/check
`,
  });
  db = createClient({ url: app.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
  await target?.close();
});

const signIn = (page: Page) => signInAs(page, app.base, EMAIL, PASSWORD);

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      // Charts follow the new width on their next frame.
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `${name} overflows at ${width} px`, timeout: 5_000 }).toBe(0);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("create an http monitor through the form, see its first result within one interval, pause it, see Paused on the public page", async ({ page }) => {
  await signIn(page);
  await page.getByRole("link", { name: "New monitor" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New monitor" })).toBeVisible();
  await page.getByLabel("Name").fill("Shop checkout");
  await page.getByLabel("Key").fill("Shop Checkout");
  await page.getByLabel("Component").selectOption("shop");
  await page.getByLabel("Check every").fill("2s");
  await page.getByLabel("URL").fill(`${target.url}/check`);
  await page.getByRole("button", { name: "Create monitor" }).click();
  // Field errors in place; what was typed stays.
  await expect(page.locator("#f-interval-error")).toHaveText("must be at least 10s, got 2s");
  await expect(page.locator("#f-key-error")).toContainText("lowercase letters, digits and dashes");
  await expect(page.getByLabel("URL")).toHaveValue(`${target.url}/check`);
  await expect(page.getByLabel("Name")).toHaveValue("Shop checkout");
  await expect(page.getByLabel("Component")).toHaveValue("shop");
  await shoot(page, "new-monitor-errors");

  await page.getByLabel("Key").fill("shop-checkout");
  await page.getByLabel("Check every").fill("10s");
  const createdAt = Date.now();
  await page.getByRole("button", { name: "Create monitor" }).click();
  await expect(page).toHaveURL(/\/dashboard\/monitors\/shop-checkout\?notice=/);
  await expect(page.getByTestId("notice")).toContainText("Monitor created");
  await expect(page.getByText("created in the dashboard")).toBeVisible();

  // Its first result within one interval (10 s), folded into its state.
  await expect
    .poll(async () => {
      await page.reload();
      return page.getByTestId("monitor-status").textContent();
    }, { timeout: 20_000, intervals: [1_000] })
    .toContain("Operational");
  expect(Date.now() - createdAt).toBeLessThan(20_000);
  await shoot(page, "monitor-created");

  await page.getByRole("button", { name: "Pause monitoring" }).click();
  await expect(page.getByTestId("notice")).toContainText("Paused");
  await expect(page.getByTestId("monitor-status")).toHaveText("Paused");
  await expect(page.getByTestId("paused-notice")).toContainText(`Paused by ${EMAIL}`);
  await shoot(page, "monitor-paused");

  await page.goto(`${app.base}/`);
  const shop = page.locator('[data-testid="component"][data-component="Shop"]');
  await expect(shop.getByTestId("component-status")).toHaveText("Paused");
  await expect(page.getByTestId("overall")).toContainText("Monitoring is paused for some systems");
  await shoot(page, "public-paused");

  // Resume: it is checked again.
  await page.goto(`${app.base}/dashboard/monitors/shop-checkout`);
  await page.getByRole("button", { name: "Resume monitoring" }).click();
  await expect(page.getByTestId("notice")).toContainText("Resumed");
  await expect(page.getByTestId("monitor-status")).not.toHaveText("Paused");
});

test("create a browser monitor through the form: its window size from two fields, an error in place, filled back on edit", async ({ page }) => {
  await signIn(page);
  await page.goto(`${app.base}/dashboard/monitors/new`);
  await page.getByRole("link", { name: "Browser" }).click();
  await expect(page.getByRole("link", { name: "Browser" })).toHaveAttribute("aria-current", "page");
  await page.getByLabel("Name").fill("Shop front page");
  await page.getByLabel("Key").fill("shop-front");
  await page.getByLabel("Component").selectOption("shop");
  await page.getByLabel("Page URL").fill(`${target.url}/check`);
  await page.getByLabel("Wait for text").fill("ok");
  await page.getByLabel("Window width").fill("375");
  await page.getByLabel("Keep a screenshot of a failed check").uncheck();
  await page.getByRole("button", { name: "Create monitor" }).click();
  // The config file's message, beside the field it names; what was typed stays.
  await expect(page.locator('[id="f-viewport.height-error"]')).toContainText("expected a height in CSS pixels");
  await expect(page.getByLabel("Window width")).toHaveValue("375");
  await expect(page.getByLabel("Keep a screenshot of a failed check")).not.toBeChecked();
  await shoot(page, "new-browser-monitor-error");

  await page.getByLabel("Window height").fill("700");
  await page.getByRole("button", { name: "Create monitor" }).click();
  await expect(page).toHaveURL(/\/dashboard\/monitors\/shop-front\?notice=/);
  await expect(page.getByTestId("notice")).toContainText("Monitor created");
  const row = await db.execute("SELECT type, check_config, spec FROM monitors WHERE key = 'shop-front'");
  expect(row.rows[0].type).toBe("browser");
  expect(JSON.parse(String(row.rows[0].check_config))).toMatchObject({ url: `${target.url}/check`, waitForText: "ok", viewport: { width: 375, height: 700 }, screenshotOnFailure: false, ignoreTlsErrors: false });

  await page.goto(`${app.base}/dashboard/monitors/shop-front/edit`);
  await expect(page.getByLabel("Window height")).toHaveValue("700");
  await expect(page.getByLabel("Keep a screenshot of a failed check")).not.toBeChecked();
  await page.getByLabel("Accept invalid TLS certificates").check();
  await page.getByRole("button", { name: "Save monitor" }).click();
  await expect(page.getByTestId("notice")).toContainText("Monitor saved");
  const saved = await db.execute("SELECT check_config FROM monitors WHERE key = 'shop-front'");
  expect(JSON.parse(String(saved.rows[0].check_config))).toMatchObject({ ignoreTlsErrors: true, viewport: { width: 375, height: 700 } });
});

test("a config-managed monitor says so and cannot be edited; the edit form keeps a dashboard monitor's input after an error", async ({ page }) => {
  await signIn(page);
  await page.goto(`${app.base}/dashboard/monitors/api-health`);
  await expect(page.getByTestId("managed-by-config")).toContainText("status.config.yaml");
  await expect(page.getByRole("link", { name: "Edit monitor" })).toHaveCount(0);
  await page.goto(`${app.base}/dashboard/monitors/api-health/edit`);
  await expect(page.getByText(/is managed by config: change it in .*status\.config\.yaml/)).toBeVisible();

  await page.goto(`${app.base}/dashboard/monitors/shop-checkout/edit`);
  await expect(page.getByLabel("URL")).toHaveValue(`${target.url}/check`);
  await page.getByLabel("Name").fill("Shop checkout (EU)");
  await page.getByLabel("Timeout").fill("20s");
  await page.getByRole("button", { name: "Save monitor" }).click();
  await expect(page.locator("#f-timeout-error")).toHaveText("must be less than interval (10s), got 20s");
  await expect(page.getByLabel("Name")).toHaveValue("Shop checkout (EU)");
  await shoot(page, "edit-monitor-error");
  await page.getByLabel("Timeout").fill("");
  await page.getByRole("button", { name: "Save monitor" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Shop checkout (EU)" })).toBeVisible();
});

test("a viewer sees the monitors but no action of theirs changes one", async () => {
  const cookie = await viewerSessionCookie(db);
  const before = (await db.execute("SELECT key, name, paused_at, archived_at, config_hash FROM monitors ORDER BY key")).rows;

  const newRes = await fetch(`${app.base}/dashboard/monitors/new`, { headers: { cookie } });
  expect(newRes.status).toBe(403);
  const newPage = await newRes.text();
  expect(newPage).toContain("Not allowed");
  expect(newPage).not.toContain('data-testid="monitor-form"');
  const monitorPage = await (await fetch(`${app.base}/dashboard/monitors/shop-checkout`, { headers: { cookie } })).text();
  expect(monitorPage).not.toContain('data-testid="monitor-controls"');

  const manifest = JSON.parse(await (await import("node:fs/promises")).readFile(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const idOf = (name: string) => Object.entries(manifest.node).find(([, a]) => a.exportedName === name)![0];
  const fields = { key: "shop-checkout", type: "http", name: "Injected by a viewer", url: `${target.url}/check`, interval: "10s", pause: "pause", confirm: "on" };
  for (const action of ["createMonitorAction", "updateMonitorAction", "archiveMonitorAction", "pauseMonitorAction"]) {
    const form = new FormData();
    form.set(`$ACTION_ID_${idOf(action)}`, "");
    for (const [k, v] of Object.entries(action === "createMonitorAction" ? { ...fields, key: "injected" } : fields)) form.set(k, v);
    const res = await fetch(`${app.base}/dashboard/monitors/new`, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base, cookie } });
    expect(res.status, action).toBe(403);
    expect(await res.text(), action).not.toContain("Injected by a viewer");
  }
  expect((await db.execute("SELECT key, name, paused_at, archived_at, config_hash FROM monitors ORDER BY key")).rows).toEqual(before);
});
