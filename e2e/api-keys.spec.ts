import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs } from "./sign-in";

/*
 * API keys from the dashboard to the REST API on the real built product: a key is created in the
 * browser, its secret shown once, used against /api/v1, seen as used, revoked and refused. A
 * viewer sees only their own keys and cannot revoke an admin's. The reference page is public,
 * script-free and under the app's CSP.
 */

const SHOTS = "/tmp/shots";
const EMAIL = "owner@keys.test";
const PASSWORD = "correct horse battery";
const config = `page:
  name: Keys E2E
components:
  - key: ledger
    name: Payroll ledger
    public: false
monitors:
  - key: payroll-sync
    name: Payroll sync job
    type: http
    component: ledger
    interval: 30s
    url: http://127.0.0.1:9/check?token=tokenQx7PrivateQuery
`;

let app: RunningApp;
let db: Client;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp({ name: "keys", config });
  db = createClient({ url: app.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
});

const signIn = (page: Page) => signInAs(page, app.base, EMAIL, PASSWORD);

/** A viewer with a session made in the database (sign-in itself is tested elsewhere). */
async function viewerCookie(): Promise<string> {
  await db.execute({ sql: "INSERT INTO users (email, password_hash, role, created_at) VALUES ('viewer@keys.test', 'scrypt$unused', 'viewer', ?)", args: [Date.now()] });
  const id = (await db.execute("SELECT id FROM users WHERE email = 'viewer@keys.test'")).rows[0].id;
  const token = randomBytes(32).toString("base64url");
  await db.execute({
    sql: "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    args: [createHash("sha256").update(token).digest("hex"), id, Date.now(), Date.now() + 3_600_000],
  });
  return token;
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

test("a key made on the dashboard is shown once, works against /api/v1, is seen as used, and stops when revoked", async ({ page, browser }) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "API keys" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();

  // A bad expiry comes back by its field, with what was typed kept.
  await page.getByLabel("Name").fill("release bot");
  await page.getByLabel("Scope").selectOption("write");
  await page.getByLabel("Expires (optional)").fill("2001-01-01");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.locator("#key-expires-error")).toHaveText("Choose a date in the future, or none.");
  await expect(page.getByLabel("Expires (optional)")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name")).toHaveValue("release bot");

  await page.getByLabel("Expires (optional)").fill("");
  // React resets a form after its action: a select shows its first default again, so choose again, as a person would.
  await page.getByLabel("Scope").selectOption("write");
  await page.getByRole("button", { name: "Create key" }).click();
  const shown = page.getByTestId("new-secret");
  await expect(shown).toContainText("Key “release bot” created.");
  const secret = await page.getByLabel("Secret").inputValue();
  expect(secret).toMatch(/^sm_[\w-]{12}_[\w-]{43}$/);
  await expect(page.getByTestId("api-key-row").filter({ hasText: "release bot" })).toContainText("Read and write");
  await expect(page.getByTestId("api-key-row").filter({ hasText: "release bot" }).getByTestId("last-used")).toHaveText("never");

  for (const [width, height] of [[1280, 900], [375, 800]] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `${SHOTS}/api-keys-${width}-${colorScheme}.png`, fullPage: true });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `page overflow at ${width} px`).toBe(0);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.emulateMedia({ colorScheme: "light" });

  // The key works on the real app, and reads the team's data.
  const monitors = await fetch(`${app.base}/api/v1/monitors`, { headers: bearer(secret) });
  expect(monitors.status).toBe(200);
  const body = await monitors.text();
  expect(JSON.parse(body).items.map((m: { key: string }) => m.key)).toEqual(["payroll-sync"]);
  expect(body).not.toContain("tokenQx7PrivateQuery");
  expect(monitors.headers.get("access-control-allow-origin")).toBeNull();
  const created = await fetch(`${app.base}/api/v1/incidents`, {
    method: "POST",
    headers: { ...bearer(secret), "content-type": "application/json" },
    body: JSON.stringify({ title: "Opened by the pipeline", status: "investigating", impact: "minor", body: "Deploy failed." }),
  });
  expect(created.status).toBe(201);

  // Shown once: not after a reload, nowhere in the page, and the list says it was used.
  await page.reload();
  await expect(page.getByTestId("new-secret")).toHaveCount(0);
  expect(await page.content()).not.toContain(secret.slice(17));
  await expect(page.getByTestId("api-key-row").filter({ hasText: "release bot" }).getByTestId("last-used")).toHaveText(/UTC$/);

  // A viewer sees only their own keys and cannot revoke the admin's.
  const token = await viewerCookie();
  const viewer = await browser.newContext();
  await viewer.addCookies([{ name: "status_session", value: token, url: app.base }]);
  const vpage = await viewer.newPage();
  await vpage.goto(`${app.base}/dashboard/api-keys`);
  await expect(vpage.getByRole("heading", { level: 1, name: "API keys" })).toBeVisible();
  expect(await vpage.content()).not.toContain("release bot");
  await expect(vpage.getByRole("heading", { name: "Everyone else’s keys" })).toHaveCount(0);
  await vpage.getByLabel("Name").fill("viewer dashboards");
  await vpage.getByRole("button", { name: "Create key" }).click();
  const viewerSecret = await vpage.getByLabel("Secret").inputValue();
  const viewerWrite = await fetch(`${app.base}/api/v1/incidents`, { method: "POST", headers: { ...bearer(viewerSecret), "content-type": "application/json" }, body: "{}" });
  expect(viewerWrite.status).toBe(403);
  await viewer.close();

  // The admin sees the viewer's key too, and revokes their own.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Everyone else’s keys" })).toBeVisible();
  await expect(page.getByTestId("api-key-row").filter({ hasText: "viewer@keys.test" })).toContainText("viewer dashboards");
  await page.getByRole("button", { name: "Revoke release bot", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Revoked “release bot”: it no longer works.");
  const refused = await fetch(`${app.base}/api/v1/monitors`, { headers: bearer(secret) });
  expect(refused.status).toBe(401);
  const audit = (await db.execute("SELECT action, actor FROM audit_log WHERE entity = 'api_key' ORDER BY id")).rows.map((r) => `${r.action} ${r.actor}`);
  expect(audit).toEqual(["api_key.create owner@keys.test", "api_key.create viewer@keys.test", "api_key.revoke owner@keys.test"]);
});

test("the API reference and the OpenAPI document are public, hold no data, and the page runs no script under the app's CSP", async ({ page }) => {
  const doc = await fetch(`${app.base}/api/v1/openapi.json`);
  expect(doc.status).toBe(200);
  const json = (await doc.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(json.openapi).toBe("3.1.0");
  expect(Object.keys(json.paths)).toContain("/monitors/{key}/results");
  const docs = await fetch(`${app.base}/api/v1/docs`);
  expect(docs.headers.get("content-security-policy")).toContain("script-src 'self'");
  const html = await docs.text();
  expect(html).not.toMatch(/<script/i);
  for (const marker of ["Payroll", "tokenQx7PrivateQuery"]) expect(html + JSON.stringify(json)).not.toContain(marker);

  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  for (const [width, height] of [[1280, 900], [375, 800]] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      await page.setViewportSize({ width, height });
      await page.emulateMedia({ colorScheme });
      await page.goto(`${app.base}/api/v1/docs#op-listMonitorResults`);
      await expect(page.getByRole("heading", { level: 1, name: "Status monitor API" })).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), `docs overflow at ${width} px`).toBe(0);
      await page.screenshot({ path: `${SHOTS}/api-docs-${width}-${colorScheme}.png` });
    }
  }
  expect(violations).toEqual([]);
});
