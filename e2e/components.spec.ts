import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs } from "./sign-in";

/*
 * Components and groups managed from the dashboard: create a group and a component through the
 * forms (an error first, which keeps what was typed), see the component on the public page,
 * edit it, archive it; config-managed entries are read-only; a viewer sees the list without a
 * control and gets 403 from every action. Its own copy of the product on its own database.
 */

const SHOTS = "/tmp/shots-components";
const EMAIL = "ops@example.com";
const PASSWORD = "correct horse battery";

let app: RunningApp;
let db: Client;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp({
    name: "components",
    config: `page:
  name: Components E2E
groups:
  - key: core
    name: Core services
components:
  - key: api
    name: Public API
    group: core
  - key: ledger
    name: Ledger
    public: false
`,
  });
  db = createClient({ url: app.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
});

const signIn = (page: Page) => signInAs(page, app.base, EMAIL, PASSWORD);
const publicComponent = (page: Page, name: string) => page.locator(`[data-testid="component"][data-component="${name}"]`);

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `${name} overflows at ${width} px`, timeout: 5_000 }).toBe(0);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("create a group and a component in the forms, see it on the public page, edit it, archive both", async ({ page }) => {
  // Eight full-page screenshots: minutes when seven builds share two cores.
  test.setTimeout(300_000);
  await signIn(page);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Components" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Components" })).toBeVisible();
  await expect(page.getByTestId("component-api")).toContainText("managed by config");
  await expect(page.getByRole("link", { name: "Edit Public API" })).toHaveCount(0);

  await page.getByRole("link", { name: "New group" }).click();
  await page.getByLabel("Name").fill("Payments");
  await page.getByLabel("Key").fill("payments");
  await page.getByRole("button", { name: "Create group" }).click();
  await expect(page.getByRole("status")).toHaveText('Group "Payments" created.');

  await page.getByRole("link", { name: "New component" }).click();
  await page.getByLabel("Name").fill("Billing API");
  await page.getByLabel("Key").fill("Billing API");
  await page.getByLabel("Group").selectOption("payments");
  await page.getByLabel("Description").fill("Invoices and card payments");
  await page.getByLabel("Position").fill("first");
  await page.getByRole("button", { name: "Create component" }).click();
  // Field errors in place; what was typed stays.
  await expect(page.locator("#f-key-error")).toContainText("lowercase letters, digits and dashes");
  await expect(page.locator("#f-order-error")).toHaveText("expected a whole number from 0 to 100000");
  await expect(page.getByLabel("Name")).toHaveValue("Billing API");
  await expect(page.getByLabel("Group")).toHaveValue("payments");
  await expect(page.getByLabel("Description")).toHaveValue("Invoices and card payments");
  await shoot(page, "new-component-errors");

  // A key the config file holds: 409, said at the key field.
  await page.getByLabel("Key").fill("api");
  await page.getByLabel("Position").fill("");
  await page.getByRole("button", { name: "Create component" }).click();
  await expect(page.locator("#f-key-error")).toHaveText('The key "api" is already used by the component "Public API" (declared in the config file): choose another key.');
  await page.getByLabel("Key").fill("billing-api");
  await page.getByRole("button", { name: "Create component" }).click();
  await expect(page).toHaveURL(/\/dashboard\/components\?notice=/);
  const row = page.getByTestId("group-payments").getByTestId("component-billing-api");
  await expect(row).toContainText("Billing API");
  await expect(row).toContainText("Public");
  await expect(row).toContainText("dashboard");
  await shoot(page, "components");

  await page.goto(`${app.base}/`);
  await expect(publicComponent(page, "Billing API")).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Payments" })).toBeVisible();

  await page.goto(`${app.base}/dashboard/components`);
  await page.getByRole("link", { name: "Edit Billing API" }).click();
  await expect(page.getByLabel("Description")).toHaveValue("Invoices and card payments");
  await page.getByLabel("Name").fill("Billing and invoices");
  await page.getByRole("button", { name: "Save component" }).click();
  await expect(page.getByRole("status")).toHaveText('Component "Billing and invoices" saved.');
  await page.goto(`${app.base}/`);
  await expect(publicComponent(page, "Billing and invoices")).toBeVisible();

  // The group still holds it: refused, with the reason.
  await page.goto(`${app.base}/dashboard/component-groups/payments/edit`);
  await page.getByLabel(/Yes, archive this group/).check();
  await page.getByRole("button", { name: "Archive group" }).click();
  await expect(page.locator('p[role="alert"]')).toContainText('still holds a component: "Billing and invoices" (billing-api)');

  await page.goto(`${app.base}/dashboard/components/billing-api/edit`);
  await page.getByRole("button", { name: "Archive component" }).click();
  await expect(page.locator('p[role="alert"]')).toContainText("Tick the box to confirm");
  await page.getByLabel(/Yes, archive this component/).check();
  await page.getByRole("button", { name: "Archive component" }).click();
  await expect(page.getByRole("status")).toContainText('Component "billing-api" archived');
  await expect(page.getByTestId("component-billing-api")).toHaveCount(0);
  await page.getByRole("link", { name: "Edit group Payments" }).click();
  await page.getByLabel(/Yes, archive this group/).check();
  await page.getByRole("button", { name: "Archive group" }).click();
  await expect(page.getByRole("status")).toContainText('Group "payments" archived');
  await page.goto(`${app.base}/`);
  await expect(publicComponent(page, "Billing and invoices")).toHaveCount(0);
  await expect(publicComponent(page, "Public API")).toBeVisible();

  const audit = (await db.execute("SELECT action, entity_id FROM audit_log WHERE entity IN ('component', 'group') ORDER BY id")).rows.map((r) => `${r.action} ${r.entity_id}`);
  expect(audit).toEqual(["group.create payments", "component.create billing-api", "component.update billing-api", "component.archive billing-api", "group.archive payments"]);
});

test("config-managed components and groups say where they change", async ({ page }) => {
  await signIn(page);
  await page.goto(`${app.base}/dashboard/components/api/edit`);
  await expect(page.locator('p[role="alert"]')).toContainText(/managed by config: change it in .*status\.config\.yaml/);
  await expect(page.getByTestId("component-form")).toHaveCount(0);
  await page.goto(`${app.base}/dashboard/component-groups/core/edit`);
  await expect(page.locator('p[role="alert"]')).toContainText("under groups:");
});

test("a viewer sees the components without a control, and every component action answers 403 and changes nothing", async () => {
  const token = randomBytes(24).toString("base64url");
  const now = Date.now();
  const user = await db.execute({ sql: "INSERT INTO users (email, password_hash, role, created_at) VALUES ('viewer@example.com', 'scrypt$unused', 'viewer', ?) RETURNING id", args: [now] });
  await db.execute({ sql: "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", args: [createHash("sha256").update(token).digest("hex"), user.rows[0].id, now, now + 3_600_000] });
  const cookie = `status_session=${token}`;
  await db.execute("INSERT INTO components (key, name, origin, display_order) VALUES ('shop', 'Shop', 'ui', 5)");
  const snapshot = async () => JSON.stringify([(await db.execute("SELECT key, name, archived_at FROM components ORDER BY key")).rows, (await db.execute("SELECT key, name, archived_at FROM component_groups ORDER BY key")).rows, (await db.execute("SELECT count(*) AS n FROM audit_log")).rows]);
  const before = await snapshot();

  const list = await (await fetch(`${app.base}/dashboard/components`, { headers: { cookie } })).text();
  expect(list).toContain("Shop");
  expect(list).toContain("managed by config");
  expect(list).not.toMatch(/New component|New group|Edit Shop|\/edit"/);
  for (const path of ["/dashboard/components/new", "/dashboard/components/shop/edit", "/dashboard/component-groups/new", "/dashboard/component-groups/core/edit"]) {
    const res = await fetch(app.base + path, { headers: { cookie } });
    expect(res.status, path).toBe(403);
    const body = await res.text();
    expect(body).not.toContain('data-testid="component-form"');
    expect(body).not.toContain('data-testid="group-form"');
  }

  const manifest = JSON.parse(await readFile(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const idOf = (name: string) => Object.entries(manifest.node).find(([, a]) => a.exportedName === name)![0];
  const fields = { key: "shop", name: "Injected by a viewer", public: "on", confirm: "on" };
  for (const action of ["createComponentAction", "updateComponentAction", "archiveComponentAction", "createGroupAction", "updateGroupAction", "archiveGroupAction"]) {
    const form = new FormData();
    form.set(`$ACTION_ID_${idOf(action)}`, "");
    for (const [k, v] of Object.entries(action.startsWith("create") ? { ...fields, key: "injected" } : fields)) form.set(k, v);
    const res = await fetch(`${app.base}/dashboard/components/new`, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base, cookie } });
    expect(res.status, action).toBe(403);
    expect(await res.text(), action).not.toContain("Injected by a viewer");
  }
  expect(await snapshot()).toBe(before);
});
