import { mkdirSync } from "node:fs";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs } from "./sign-in";
import { forbidDialogs } from "./inert";

/*
 * The incident tools on their own copy of the product: bulk dismissal of automatic drafts,
 * Markdown preview, templates, the "subscribers will be notified" line and postmortems, from the
 * dashboard to the public page and /api/v2. Viewers' 403s are walked in dashboard-access.spec.ts.
 */

const SHOTS = "/tmp/shots";
const EMAIL = "tools@example.com";
const PASSWORD = "correct horse battery";
const HOSTILE = ["**Bold** text.", "", "<script>window.__pwned = 1</script>", "", '<img src=x onerror="window.__pwned = 2">', "", "[click](javascript:window.__pwned=3)"].join("\n");

let base: string;
let running: RunningApp | undefined;
let db: Client;
let incidentId = 0;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  running = await startApp({
    name: "incident-tools",
    config: `page:
  name: Tools E2E
components:
  - key: api
    name: Tools API
monitors: []
`,
  });
  base = running.base;
  db = createClient({ url: running.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await running?.stop();
});

const signIn = (page: Page) => signInAs(page, base, EMAIL, PASSWORD);

/** Automatic drafts as the coordinator leaves them (a monitor that flapped). */
async function seedDrafts(titles: string[]) {
  const now = Date.now();
  for (const [n, title] of titles.entries()) {
    await db.execute({
      sql: `INSERT INTO incidents (title, kind, status, impact, source, published, started_at, created_at, updated_at) VALUES (?, 'incident', 'investigating', 'minor', 'auto', 0, ?, ?, ?)`,
      args: [title, now - (n + 1) * 60_000, now, now],
    });
    await db.execute({ sql: "INSERT INTO incident_updates (incident_id, status, body, created_at) VALUES ((SELECT max(id) FROM incidents), 'investigating', ?, ?)", args: [`${title}: 2 of 2 regions failed`, now] });
  }
}

test("bulk: select all automatic drafts, dismiss them with a note; one audit entry each; they can never be published", async ({ page, browser }) => {
  forbidDialogs(page);
  await signIn(page);
  await seedDrafts(["Probe flapped (A)", "Probe flapped (B)"]);
  await page.goto(`${base}/dashboard/incidents`);
  await expect(page.getByTestId("reliability-figures")).toBeVisible();
  await expect(page.getByTestId("select-draft")).toHaveCount(2);

  // Screenshots of the list with its bulk controls, before anything is selected.
  const state = await page.context().storageState();
  for (const colorScheme of ["light", "dark"] as const) {
    for (const [size, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 375, height: 740 }]] as const) {
      const context: BrowserContext = await (browser as Browser).newContext({ storageState: state, colorScheme, viewport, isMobile: size === "phone" });
      const p = await context.newPage();
      await p.goto(`${base}/dashboard/incidents?select=drafts`);
      await expect(p.getByRole("button", { name: "Dismiss selected" })).toBeVisible();
      if (size === "phone") expect(await p.evaluate(() => document.documentElement.scrollWidth), "list fits 375 px").toBeLessThanOrEqual(375);
      await p.screenshot({ path: `${SHOTS}/tools-bulk-${size}-${colorScheme}.png`, fullPage: true });
      await context.close();
    }
  }

  // "Select all" is a link: it works by keyboard and without JavaScript.
  await page.getByTestId("select-drafts").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/select=drafts/);
  for (const box of await page.getByTestId("select-draft").all()) await expect(box).toBeChecked();
  await page.getByLabel("Note for the timeline").fill("Probe network blip, no customer impact.");
  await page.getByRole("button", { name: "Dismiss selected" }).click();
  await expect(page.getByRole("status")).toHaveText("2 drafts dismissed.");
  await expect(page.getByTestId("select-draft")).toHaveCount(0);

  const rows = (await db.execute("SELECT id, status, published, dismissed_at FROM incidents WHERE source = 'auto' ORDER BY id")).rows;
  expect(rows.map((r) => [r.status, r.published, r.dismissed_at !== null])).toEqual([
    ["resolved", 0, true],
    ["resolved", 0, true],
  ]);
  const audit = (await db.execute("SELECT action, actor, entity_id FROM audit_log WHERE action = 'incident.dismiss' ORDER BY entity_id")).rows;
  expect(audit.map((a) => [a.actor, a.entity_id])).toEqual(rows.map((r) => [EMAIL, String(r.id)]));
  // The detail page offers no Publish button for a dismissed draft.
  await page.goto(`${base}/dashboard/incidents/${rows[0].id}`);
  await expect(page.getByText("Dismissed as no incident")).toBeVisible();
  await expect(page.getByRole("button", { name: "Publish", exact: true })).toHaveCount(0);
  await expect(page.getByTestId("timeline")).toContainText("Probe network blip, no customer impact.");
});

test("templates: add one, start a new incident from it (with and without JavaScript), and publish it", async ({ page }) => {
  forbidDialogs(page);
  await signIn(page);
  await page.goto(`${base}/dashboard/incidents/templates`);
  await page.getByLabel("Template name").fill("Database failover");
  await page.getByLabel("Incident title").fill("Database failover in progress");
  await page.getByLabel("Status", { exact: true }).selectOption("identified");
  await page.getByLabel("Impact", { exact: true }).selectOption("major");
  await page.getByLabel("First message").fill("We are failing over to the **replica**.");
  await page.getByRole("button", { name: "Add template" }).click();
  await expect(page.getByRole("status")).toHaveText("Template saved.");
  await expect(page.getByTestId("template")).toHaveCount(1);

  await page.goto(`${base}/dashboard/incidents/new`);
  await page.locator("select#template").selectOption({ label: "Database failover" });
  await page.getByRole("button", { name: "Use template" }).click();
  await expect(page).toHaveURL(/\?template=\d+/);
  await expect(page.getByLabel("Title")).toHaveValue("Database failover in progress");
  await expect(page.getByLabel("Status", { exact: true })).toHaveValue("identified");
  await expect(page.getByLabel("Impact", { exact: true })).toHaveValue("major");
  await expect(page.getByLabel("Message")).toHaveValue("We are failing over to the **replica**.");
  // Without JavaScript the same URL fills the same fields in the HTML.
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const html = await (await fetch(page.url(), { headers: { cookie } })).text();
  expect(html).toContain('value="Database failover in progress"');

  await page.getByLabel("Impact on Tools API").selectOption("partial_outage");
  await page.getByLabel("Publish on the status page now").check();
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page.getByRole("status")).toHaveText("Incident opened.");
  incidentId = Number(/\/dashboard\/incidents\/(\d+)/.exec(page.url())![1]);
});

test("preview renders Markdown through the sanitizer, by keyboard; the form says who will be notified", async ({ page }) => {
  forbidDialogs(page);
  await signIn(page);
  // One confirmed subscriber to all components.
  await db.execute({ sql: "INSERT INTO subscribers (kind, address, token, all_components, confirmed_at, created_at) VALUES ('email', 'reader@example.com', ?, 1, ?, ?)", args: ["k".repeat(43), Date.now(), Date.now()] });
  await page.goto(`${base}/dashboard/incidents/${incidentId}`);
  await expect(page.getByTestId("audience").first()).toHaveText("Will notify 1 subscriber by email and 0 webhooks.");

  await page.getByLabel("Message").fill(HOSTILE);
  await page.getByLabel("Message").press("Tab"); // past the hint to the Preview button
  await expect(page.getByRole("button", { name: "Preview" })).toBeFocused();
  await page.keyboard.press("Enter");
  const preview = page.getByTestId("markdown-preview");
  await expect(preview.locator("strong", { hasText: "Bold" })).toBeVisible();
  await expect(preview).toContainText("<script>window.__pwned = 1</script>");
  expect(await preview.locator("script, img, a[href^='javascript']").count()).toBe(0);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});

test("postmortem: written after resolution, published, shown on the public page and in /api/v2", async ({ page, browser }) => {
  forbidDialogs(page);
  await signIn(page);
  await page.goto(`${base}/dashboard/incidents/${incidentId}`);
  await expect(page.getByTestId("postmortem-panel")).toHaveCount(0); // still open
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  await page.getByLabel("Message").fill("Fixed.");
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByRole("status")).toHaveText("Update posted.");

  const postmortem = "## What happened\nThe primary disk filled up.\n\n## What we change\n- Alerts at 80 %\n- <script>window.__pwned = 4</script>";
  await page.locator("#postmortem-body").fill(postmortem);
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("status")).toHaveText("Postmortem saved.");
  expect(await (await fetch(`${base}/incidents/${incidentId}`)).text()).not.toContain("primary disk");

  await page.getByRole("button", { name: "Publish postmortem" }).click();
  await expect(page.getByRole("status")).toHaveText("Postmortem published.");
  await page.goto(`${base}/incidents/${incidentId}`);
  const section = page.getByTestId("postmortem");
  await expect(section.getByRole("heading", { name: "Postmortem" })).toBeVisible();
  await expect(section).toContainText("The primary disk filled up.");
  await expect(section).toContainText("<script>window.__pwned = 4</script>");
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();

  const v2 = (await (await fetch(`${base}/api/v2/incidents.json`)).json()) as { incidents: { id: string; status: string; postmortem_body: string | null; postmortem_published_at: string | null }[] };
  expect(v2.incidents.find((i) => i.id === String(incidentId))).toMatchObject({ status: "postmortem", postmortem_body: postmortem, postmortem_published_at: expect.any(String) });

  for (const colorScheme of ["light", "dark"] as const) {
    for (const [size, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 375, height: 740 }]] as const) {
      const context: BrowserContext = await (browser as Browser).newContext({ colorScheme, viewport, isMobile: size === "phone" });
      const p = await context.newPage();
      await p.goto(`${base}/incidents/${incidentId}`);
      await expect(p.getByTestId("postmortem")).toBeVisible();
      if (size === "phone") expect(await p.evaluate(() => document.documentElement.scrollWidth), "public page fits 375 px").toBeLessThanOrEqual(375);
      await p.screenshot({ path: `${SHOTS}/tools-postmortem-${size}-${colorScheme}.png`, fullPage: true });
      await context.close();
    }
  }
});
