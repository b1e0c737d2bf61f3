import { mkdirSync } from "node:fs";
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs } from "./sign-in";
import { expectInert, forbidDialogs } from "./inert";

/*
 * Incidents and maintenance from the dashboard to the public page. This file runs its own copy of
 * the product on its own database: it signs in (creating the first admin) and publishes incidents,
 * which must not change what status-page.spec.ts sees on the shared instance (first-run setup).
 */

const SHOTS = "/tmp/shots";
const EMAIL = "ops@example.com";
const PASSWORD = "correct horse battery";
const HOSTILE = [
  "**Bold** start.",
  "",
  "<script>window.__pwned = 1</script>",
  "",
  '<img src=x onerror="window.__pwned = 2">',
  "",
  "[click me](javascript:window.__pwned=3) and https://example.com/status",
].join("\n");

let base: string;
let running: RunningApp | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const config = `page:
  name: Incident E2E
groups:
  - key: core
    name: Core
components:
  - key: api
    name: Test API
    group: core
  - key: internal
    name: Internal tool
    public: false
monitors: []
`;
  running = await startApp({ name: "incidents", config });
  base = running.base;
});

test.afterAll(async () => {
  await running?.stop();
});

const signIn = (page: Page) => signInAs(page, base, EMAIL, PASSWORD);



test("an incident with hostile Markdown goes public inert, then is identified and resolved", async ({ page }) => {
  forbidDialogs(page);
  await signIn(page);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Incidents" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Incidents and maintenance" })).toBeVisible();
  await page.getByRole("link", { name: "Open an incident" }).click();

  await page.getByLabel("Title").fill("Elevated API errors");
  await page.getByLabel("Status", { exact: true }).selectOption("investigating");
  await page.getByLabel("Impact", { exact: true }).selectOption("major");
  await page.getByLabel("Impact on Test API").selectOption("partial_outage");
  await page.getByLabel("Impact on Internal tool").selectOption("major_outage");
  await page.getByLabel("Message").fill(HOSTILE);
  await page.getByLabel("Publish on the status page now").check();
  await page.getByRole("button", { name: "Open incident" }).click();

  await expect(page).toHaveURL(/\/dashboard\/incidents\/\d+\?notice=/);
  await expect(page.getByRole("status")).toHaveText("Incident opened.");
  const incidentUrl = page.url().replace(/\?.*$/, "");
  const timeline = page.getByTestId("timeline");
  await expect(timeline.locator("strong", { hasText: "Bold" })).toBeVisible();
  await expect(timeline).toContainText("<script>window.__pwned = 1</script>");
  await expectInert(page);

  // The public page: the incident, its public component only, the hostile text shown as text.
  await page.goto(`${base}/`);
  const incident = page.getByTestId("incident").filter({ hasText: "Elevated API errors" });
  await expect(page.getByRole("heading", { level: 2, name: "Current incidents" })).toBeVisible();
  await expect(incident).toContainText("Affected: Test API (partial outage)");
  await expect(incident.locator("strong", { hasText: "Bold" })).toBeVisible();
  await expect(incident.getByText("<script>window.__pwned = 1</script>")).toBeVisible();
  await expect(incident.getByText('<img src=x onerror="window.__pwned = 2">')).toBeVisible();
  await expect(incident.getByRole("link", { name: "https://example.com/status" })).toHaveAttribute("rel", "nofollow noopener noreferrer");
  await expect(incident).toContainText("[click me](javascript:window.__pwned=3)");
  await expectInert(page);
  expect(await page.content()).not.toContain("Internal tool");

  // Identified, then resolved.
  await page.goto(incidentUrl);
  await page.getByLabel("Status", { exact: true }).selectOption("identified");
  await page.getByLabel("Message").fill("A bad deploy; rolling back.");
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByRole("status")).toHaveText("Update posted.");
  await expect(page.getByTestId("incident-status")).toContainText("Identified");
  await page.goto(`${base}/`);
  await expect(incident.locator("li").first()).toContainText("Identified");
  await expect(incident.locator("li").first()).toContainText("A bad deploy; rolling back.");

  await page.goto(incidentUrl);
  await page.getByLabel("Status", { exact: true }).selectOption("resolved");
  await page.getByLabel("Message").fill("Error rates are back to normal.");
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByTestId("incident-status")).toHaveText("Resolved");
  await expect(page.getByTestId("timeline-entry")).toHaveCount(3);
  // Closed: only further "resolved" notes are offered.
  await expect(page.getByLabel("Status", { exact: true }).locator("option")).toHaveText(["Resolved"]);
  await page.goto(`${base}/`);
  await expect(page.getByTestId("incidents")).toHaveCount(0);
});

test("maintenance is scheduled (a wrong window is refused, keeping what was typed) and shown ahead", async ({ page }) => {
  forbidDialogs(page);
  await signIn(page);
  await page.goto(`${base}/dashboard/incidents`);
  await page.getByRole("link", { name: "Schedule maintenance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Schedule maintenance" })).toBeVisible();

  const day = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Title").fill("Database upgrade");
  await page.getByLabel("Test API").check();
  await page.getByLabel("Starts (UTC)").fill(`${day}T02:00`);
  await page.getByLabel("Ends (UTC)").fill(`${day}T01:00`);
  await page.getByLabel("Message").fill("We upgrade **Postgres**; the API may answer slowly.");
  await page.getByLabel("Publish on the status page now").check();
  await page.getByRole("button", { name: "Schedule maintenance" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveText("The maintenance must end after it starts: set the end later than the start.");
  await expect(page.getByLabel("Title")).toHaveValue("Database upgrade");
  await expect(page.getByLabel("Message")).toHaveValue("We upgrade **Postgres**; the API may answer slowly.");
  await expect(page.getByLabel("Test API")).toBeChecked();
  await expect(page.getByLabel("Publish on the status page now")).toBeChecked();

  await page.getByLabel("Ends (UTC)").fill(`${day}T03:30`);
  await page.getByRole("button", { name: "Schedule maintenance" }).click();
  await expect(page.getByRole("status")).toHaveText("Maintenance scheduled.");
  await expect(page.getByTestId("incident-status")).toContainText("Scheduled");

  await page.goto(`${base}/`);
  const section = page.getByTestId("maintenance");
  await expect(section.getByRole("heading", { level: 2, name: "Scheduled maintenance" })).toBeVisible();
  const item = section.getByTestId("maintenance-item").filter({ hasText: "Database upgrade" });
  await expect(item).toContainText("Upcoming");
  await expect(item).toContainText("Maintenance planned: Test API");
  await expect(item.locator("strong", { hasText: "Postgres" })).toBeVisible();
  const start = item.locator(`time[datetime="${day}T02:00:00.000Z"]`);
  // Shown in the reader's time zone; the UTC time the server wrote stays in the tooltip.
  await expect(start).toHaveAttribute("title", / 02:00 UTC$/);
  await expect(item.locator(`time[datetime="${day}T03:30:00.000Z"]`)).toHaveAttribute("title", / 03:30 UTC$/);

  await page.goto(`${base}/dashboard/incidents`);
  await expect(page.getByTestId("maintenance-row").filter({ hasText: "Database upgrade" })).toContainText("Upcoming");
});

test("the incident forms work without JavaScript", async ({ browser, page }) => {
  await signIn(page);
  const context = await browser.newContext({ storageState: await page.context().storageState(), javaScriptEnabled: false });
  const nojs = await context.newPage();
  await nojs.goto(`${base}/dashboard/incidents/new`);
  await nojs.getByLabel("Title").fill("Checkout errors (no JS)");
  await nojs.getByLabel("Message").fill("Looking into it.");
  await nojs.getByRole("button", { name: "Open incident" }).click();
  await expect(nojs.getByRole("status")).toHaveText("Incident opened.");
  // An error comes back in the query string, with the typed message kept.
  await nojs.getByLabel("Status", { exact: true }).selectOption("identified");
  await nojs.getByLabel("Message").fill("   ");
  // Past the browser's own `required` check, to reach the server's.
  await nojs.locator("#body").evaluate((el) => el.removeAttribute("required"));
  await nojs.getByRole("button", { name: "Post update" }).click();
  await expect(nojs.getByRole("main").getByRole("alert")).toHaveText("Write a message: it is what customers read.");
  await nojs.getByLabel("Message").fill("Found it.");
  await nojs.getByRole("button", { name: "Post update" }).click();
  await expect(nojs.getByTestId("incident-status")).toContainText("Identified");
  await context.close();
});

test("screenshots: the dashboard incident page and the public page, desktop and phone, light and dark", async ({ browser, page }) => {
  await signIn(page);
  // An open incident to look at, with a draft beside it in the list.
  await page.goto(`${base}/dashboard/incidents/new`);
  await page.getByLabel("Title").fill("Slow responses from the API in some regions");
  await page.getByLabel("Status", { exact: true }).selectOption("monitoring");
  await page.getByLabel("Impact", { exact: true }).selectOption("minor");
  await page.getByLabel("Impact on Test API").selectOption("degraded_performance");
  await page.getByLabel("Message").fill("Latency is up in **eu-west**.\n\n- p95 at 1.8 s\n- a fix is deployed\n\nDetails: https://example.com/incidents/42");
  await page.getByLabel("Publish on the status page now").check();
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page.getByRole("status")).toHaveText("Incident opened.");
  const incidentUrl = page.url().replace(/\?.*$/, "");
  const manualId = incidentUrl.split("/").pop()!;
  // A draft beside it in the list.
  await page.goto(`${base}/dashboard/incidents/new`);
  await page.getByLabel("Title").fill("Draft: login emails delayed");
  await page.getByLabel("Message").fill("Not public yet.");
  await page.getByRole("button", { name: "Open incident" }).click();
  await expect(page.getByRole("status")).toHaveText("Incident opened.");
  await page.goto(`${base}/`);
  await expect(page.getByText("Draft: login emails delayed")).toHaveCount(0);

  // An automatic incident as the coordinator opens it (no monitor fails in this instance), merged from its page.
  const { createClient } = await import("@libsql/client");
  const db = createClient({ url: running!.dbUrl });
  await db.execute("PRAGMA busy_timeout=5000");
  const now = Date.now();
  await db.batch(
    [
      { sql: "INSERT INTO incidents (title, status, impact, source, published, started_at, created_at, updated_at) VALUES ('API check is down', 'investigating', 'critical', 'auto', 0, ?, ?, ?)", args: [now, now, now] },
      { sql: "INSERT INTO incident_updates (incident_id, status, body, created_at) VALUES ((SELECT max(id) FROM incidents), 'investigating', 'API check is down: 3 of 3 regions failed twice: connect ECONNREFUSED', ?)", args: [now] },
      { sql: "INSERT INTO incident_components (incident_id, component_id, impact) SELECT (SELECT max(id) FROM incidents), id, 'major_outage' FROM components WHERE key = 'api'", args: [] },
    ],
    "write",
  );
  const autoId = Number((await db.execute("SELECT max(id) AS id FROM incidents")).rows[0].id);
  db.close();
  await page.goto(`${base}/dashboard/incidents/${autoId}`);
  await expect(page.getByRole("heading", { level: 2, name: "Merge into a manual incident" })).toBeVisible();
  await page.screenshot({ path: `${SHOTS}/dashboard-auto-incident-desktop-light.png`, fullPage: true });
  await page.getByLabel("Merge into", { exact: true }).selectOption(manualId);
  await page.getByRole("button", { name: "Merge" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/incidents/${manualId}\\?notice=`));
  await expect(page.getByRole("status")).toHaveText(`Incident #${autoId} merged into this one.`);
  await expect(page.getByTestId("timeline")).toContainText(`Merged automatic incident #${autoId} “API check is down”`);
  await expect(page.getByTestId("timeline")).toContainText("3 of 3 regions failed twice");
  await page.goto(`${base}/dashboard/incidents/${autoId}`);
  await expect(page.getByTestId("merged-into")).toContainText(`incident #${manualId}`);
  const state = await page.context().storageState();

  for (const [name, url] of [
    ["dashboard-incident", incidentUrl],
    ["dashboard-list", `${base}/dashboard/incidents`],
    ["dashboard-new-incident", `${base}/dashboard/incidents/new`],
    ["dashboard-new-maintenance", `${base}/dashboard/incidents/new?kind=maintenance`],
    ["public", `${base}/`],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      for (const [size, viewport] of [
        ["desktop", { width: 1280, height: 900 }],
        ["phone", { width: 375, height: 740 }],
      ] as const) {
        const context: BrowserContext = await (browser as Browser).newContext({ storageState: state, colorScheme, viewport, isMobile: size === "phone" });
        const p = await context.newPage();
        await p.goto(url);
        await expect(p.locator("main")).toBeVisible();
        if (size === "phone") expect(await p.evaluate(() => document.documentElement.scrollWidth), `${name} fits 375 px`).toBeLessThanOrEqual(375);
        await p.screenshot({ path: `${SHOTS}/${name}-${size}-${colorScheme}.png`, fullPage: true });
        await context.close();
      }
    }
  }
});
