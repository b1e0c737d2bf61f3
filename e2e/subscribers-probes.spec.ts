import { mkdirSync, readFileSync } from "node:fs";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { startMailbox } from "./mailbox";
import { signIn as signInAs } from "./sign-in";

/*
 * Subscribers and probe tokens managed from the dashboard, on the product's own copy with a real
 * SMTP server: subscribe through the public form, find the subscriber on the dashboard, search,
 * export CSV, remove; create a probe token (shown once), push with it, revoke it and see the next
 * push refused; a viewer sees counts but no address and no control.
 */

const SHOTS = "/tmp/shots-people";
const EMAIL = "owner@people.test";
const VIEWER = "viewer@people.test";
const PASSWORD = "correct horse battery";
const READER = "reader.people@example.com";

let app: RunningApp;
let db: Client;
let mailbox: Awaited<ReturnType<typeof startMailbox>>;
let token = "";

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mailbox = await startMailbox(`${SHOTS}/mail`);
  app = await startApp({
    name: "people",
    env: { SMTP_URL: mailbox.url },
    config: `page:
  name: People E2E
components:
  - key: api
    name: Public API
  - key: shop
    name: Shop
monitors:
  - key: api-health
    name: API health
    type: heartbeat
    component: api
    interval: 1h
`,
  });
  db = createClient({ url: app.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
  await mailbox?.close();
});

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `${name} overflows at ${width} px`).toBe(0);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("subscribe on the public page, find the subscriber on the dashboard, search, export CSV, remove", async ({ page }) => {
  await page.goto(`${app.base}/subscribe`);
  await page.getByRole("radio", { name: "Only the ones I choose" }).check();
  await page.getByLabel("Email address").fill(READER);
  await page.getByRole("checkbox", { name: "Public API" }).check();
  await page.getByRole("button", { name: "Subscribe" }).click();
  await expect(page.getByTestId("subscribe-sent")).toBeVisible();
  // A second one, for the search to leave out.
  expect((await page.request.post(`${app.base}/api/subscribe`, { data: { email: "other@example.org" } })).status()).toBe(202);

  await signInAs(page, app.base, EMAIL, PASSWORD);
  await page.getByRole("link", { name: "Subscribers" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Subscribers" })).toBeVisible();
  await expect(page.getByTestId("count-total")).toHaveText("2");
  await expect(page.getByTestId("count-unconfirmed")).toHaveText("2");
  const row = page.getByTestId("subscriber-row").filter({ hasText: READER });
  await expect(row).toContainText("Not confirmed yet");
  await expect(row).toContainText("Public API");
  await expect(page.getByTestId("subscriber-row")).toHaveCount(2);
  await shoot(page, "subscribers");

  await page.getByLabel("Address contains").fill("READER.people");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/q=READER\.people/);
  await expect(page.getByTestId("subscriber-row")).toHaveCount(1);
  await expect(page.getByTestId("subscriber-row")).toContainText(READER);

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
  expect(download.suggestedFilename()).toMatch(/^subscribers-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = readFileSync((await download.path())!, "utf8").split("\r\n");
  expect(csv[0]).toBe("id,kind,address,state,all_components,components,created_at,confirmed_at,unsubscribed_at");
  expect(csv[1]).toMatch(new RegExp(`^\\d+,email,${READER.replace(/\./g, "\\.")},unconfirmed,false,api,`));
  expect(csv.filter(Boolean)).toHaveLength(2); // the filter holds for the export too
  const audit = (await db.execute("SELECT actor, after FROM audit_log WHERE action = 'subscriber.export'")).rows;
  expect(audit).toEqual([expect.objectContaining({ actor: EMAIL })]);
  expect(String(audit[0].after)).not.toContain(READER);

  // Remove: not without ticking the box; then gone.
  await row.getByRole("button", { name: `Remove ${READER}` }).click();
  await expect(row.getByRole("alert")).toContainText("Tick the box to confirm");
  await row.getByRole("checkbox", { name: `Confirm removing ${READER}` }).check();
  await row.getByRole("button", { name: `Remove ${READER}` }).click();
  await expect(page.getByRole("status")).toContainText("removed");
  await expect(page.getByTestId("subscriber-row")).toHaveCount(1);
  await expect(page.getByText(READER)).toHaveCount(0);
  expect((await db.execute({ sql: "SELECT count(*) AS n FROM subscribers WHERE address = ?", args: [READER] })).rows[0].n).toBe(0);
});

test("create a probe token (shown once, with the command), push with it, revoke it: the next push is refused", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.base });
  await signInAs(page, app.base, EMAIL, PASSWORD);
  await page.getByRole("link", { name: "Probes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Probes" })).toBeVisible();
  await expect(page.getByTestId("region-row").filter({ hasText: "local" })).toContainText("reporting");

  await page.getByLabel("Region", { exact: true }).fill("EU Remote");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#token-region-error")).toContainText("lowercase letters, digits and dashes");
  await expect(page.getByLabel("Region", { exact: true })).toHaveValue("EU Remote");
  await page.getByLabel("Region", { exact: true }).fill("eu-remote");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByTestId("new-probe-token");
  await expect(shown).toBeVisible();
  token = await page.getByLabel("Token", { exact: true }).inputValue();
  expect(token).toMatch(/^pt_[A-Za-z0-9_-]{43}$/);
  await expect(page.locator("#probe-command")).toHaveValue(`PROBE_TOKEN=${token} npm run worker -- --role probe --region eu-remote --hub ${app.base}`);
  await page.getByRole("button", { name: "Copy token" }).click();
  await expect(shown).toContainText("Copied the token.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(token);
  await shoot(page, "probe-token-created");

  const push = (batchId: string) =>
    fetch(`${app.base}/api/probe/results`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ batchId, results: [] }),
    });
  expect((await push("e2e-batch-0001")).status).toBe(200);

  // Shown once: a reload has no token.
  await page.reload();
  await expect(page.getByTestId("new-probe-token")).toHaveCount(0);
  expect(await page.content()).not.toContain(token);
  const tokenRow = page.getByTestId("probe-token-row").filter({ hasText: "eu-remote" });
  await expect(tokenRow).not.toContainText("never"); // last used: the push above
  await expect(page.getByTestId("region-row").filter({ hasText: "eu-remote" })).toContainText("reporting");

  await tokenRow.getByRole("button", { name: /^Revoke token #\d+ of eu-remote$/ }).click();
  await expect(page.getByRole("status")).toContainText("revoked");
  await expect(page.getByTestId("probe-token-row").filter({ hasText: "eu-remote" })).toContainText("revoked");
  expect((await push("e2e-batch-0002")).status).toBe(401);

  await page.getByLabel("Name", { exact: true }).fill("ap-south");
  await page.getByRole("button", { name: "Add region" }).click();
  await expect(page.getByRole("status")).toContainText("Region ap-south added");
  await expect(page.getByTestId("region-row").filter({ hasText: "ap-south" })).toContainText("never reported");
  await page.getByLabel("Name", { exact: true }).fill("ap-south");
  await page.getByRole("button", { name: "Add region" }).click();
  await expect(page.locator("#region-name-error")).toContainText("exists already");
  await shoot(page, "probes");
  const actions = (await db.execute("SELECT action FROM audit_log WHERE entity IN ('probe_token', 'region') ORDER BY id")).rows.map((r) => r.action);
  expect(actions).toEqual(["probe_token.create", "probe_token.revoke", "region.create"]);
});

test("a viewer sees how many subscribers there are but no address, no token and no control; the export answers 403", async ({ page }) => {
  await db.execute({ sql: "INSERT INTO users (email, password_hash, role, created_at) SELECT ?, password_hash, 'viewer', 0 FROM users WHERE email = ?", args: [VIEWER, EMAIL] });
  await signInAs(page, app.base, VIEWER, PASSWORD);
  await page.goto(`${app.base}/dashboard/subscribers`);
  await expect(page.getByTestId("count-total")).toHaveText("1");
  await expect(page.getByTestId("addresses-hidden")).toBeVisible();
  const html = await page.content();
  expect(html).not.toContain("other@example.org");
  expect(html).not.toContain("/dashboard/subscribers/export");
  await expect(page.getByRole("button", { name: /Remove/ })).toHaveCount(0);
  await shoot(page, "subscribers-viewer");

  await page.goto(`${app.base}/dashboard/probes`);
  await expect(page.getByTestId("admins-manage-tokens")).toBeVisible();
  await expect(page.getByRole("button", { name: /Revoke|Create token|Add region/ })).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  const exported = await page.request.get(`${app.base}/dashboard/subscribers/export?format=csv`);
  expect(exported.status()).toBe(403);
  expect(await exported.text()).not.toContain("other@example.org");
});
