import { mkdirSync, readFileSync } from "node:fs";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs, viewerSessionCookie } from "./sign-in";

/*
 * Reports: the SLA of the last full month per component and monitor, a month picker and a target,
 * the uptime CSV download (formula cells defused), a refused export that says why, and a viewer
 * who reads it all while nobody without a session does. Its own copy of the product.
 */

const SHOTS = "/tmp/shots-reports";
const EMAIL = "ops@example.com";
const PASSWORD = "correct horse battery";
const HOUR_MS = 3_600_000;

let app: RunningApp;
let db: Client;
const now = new Date();
const lastMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  app = await startApp({
    name: "reports",
    config: `page:
  name: Reports E2E
components:
  - key: api
    name: Public API
monitors:
  - key: api-health
    name: API health
    type: http
    component: api
    interval: 1h
    url: http://127.0.0.1:9/health
  - key: formula
    name: "=HYPERLINK(1)"
    type: tcp
    interval: 1h
    host: 127.0.0.1
    port: 9
`,
  });
  db = createClient({ url: app.dbUrl });
  // Last month: API health up all month but two hours on the 2nd (as the coordinator accrues state time).
  const id = (await db.execute("SELECT id FROM monitors WHERE key = 'api-health'")).rows[0].id;
  const first = Date.parse(`${lastMonth}-01T00:00:00Z`);
  for (let day = first; new Date(day).toISOString().slice(0, 7) === lastMonth; day += 24 * HOUR_MS) {
    const down = new Date(day).getUTCDate() === 2 ? 2 * HOUR_MS : 0;
    await db.execute({ sql: "INSERT INTO state_time_daily (monitor_id, bucket_start, up_ms, major_ms) VALUES (?, ?, ?, ?)", args: [id, day, 24 * HOUR_MS - down, down] });
  }
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
});

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), { message: `${name} overflows at ${width} px` }).toBe(0);
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

test("the reports page shows last month's SLA per component and monitor, takes a target, and downloads the uptime CSV", async ({ page }) => {
  await signInAs(page, app.base, EMAIL, PASSWORD);
  await page.getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  await expect(page.getByLabel("Month", { exact: true })).toHaveValue(lastMonth);
  const health = page.locator('[data-testid="sla-monitor"][data-key="api-health"]');
  const days = Number(new Date(Date.UTC(Number(lastMonth.slice(0, 4)), Number(lastMonth.slice(5)), 0)).getUTCDate());
  const pct = Math.floor((1 - 2 / (24 * days)) * 100_000) / 1000;
  await expect(health).toContainText(`${pct.toFixed(3)}%`);
  await expect(health).toContainText("2 h");
  await expect(health).toContainText("Missed");
  await expect(page.locator('[data-testid="sla-component"][data-key="api"]')).toContainText("Missed");
  await expect(page.locator('[data-testid="sla-monitor"][data-key="formula"]')).toContainText("No data");
  await shoot(page, "reports");

  await page.getByRole("form", { name: "Report for a month" }).getByLabel("Target (%)").fill("99");
  await page.getByRole("button", { name: "Show month" }).click();
  await expect(page.getByTestId("report-period")).toContainText("target 99 %");
  await expect(health).toContainText("Met");

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("export-uptime-csv").click()]);
  expect(download.suggestedFilename()).toBe(`uptime-${lastMonth}.csv`);
  const lines = readFileSync((await download.path())!, "utf8").split("\r\n");
  expect(lines[0]).toBe("day,monitor,name,uptime_percent,downtime_s,checks,failed_checks,p95_ms");
  expect(lines).toContain(`${lastMonth}-02,api-health,API health,91.6667,7200,0,0,`);
  expect(lines).toContain(`${lastMonth}-02,formula,'=HYPERLINK(1),,,0,0,`);
  expect(lines.filter(Boolean)).toHaveLength(1 + 2 * days);
});

test("an export too large says why on the page; the checks export is a file", async ({ page }) => {
  await signInAs(page, app.base, EMAIL, PASSWORD);
  await page.goto(`${app.base}/dashboard/reports`);
  const checks = page.getByRole("form", { name: "Export the checks of a monitor" });
  await checks.getByLabel("First day").fill("2020-01-01");
  await checks.getByRole("button", { name: "Download checks" }).click();
  await expect(page.getByTestId("report-error")).toContainText("at most 400 days");
  await shoot(page, "reports-error");

  const res = await page.request.get(`${app.base}/dashboard/reports/checks?monitor=api-health&format=json`);
  expect(res.status()).toBe(200);
  expect(res.headers()["content-disposition"]).toMatch(/^attachment; filename="checks-api-health-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.json"$/);
  expect(await res.json()).toMatchObject({ columns: expect.arrayContaining(["started_at", "status", "message"]), rows: expect.any(Array) });
});

test("a viewer reads the report and its files; without a session there is nothing", async () => {
  const cookie = await viewerSessionCookie(db);
  for (const path of ["/dashboard/reports", "/dashboard/reports/uptime?format=csv", "/dashboard/reports/uptime?format=json", "/dashboard/reports/checks?monitor=api-health"]) {
    const viewer = await fetch(app.base + path, { headers: { cookie }, redirect: "manual" });
    expect(viewer.status, path).toBe(200);
    expect(await viewer.text(), path).not.toContain(EMAIL);
    const anonymous = await fetch(app.base + path, { redirect: "manual" });
    expect(anonymous.status, path).toBe(307);
    expect(anonymous.headers.get("location"), path).toMatch(/^\/login/);
    expect(await anonymous.text(), path).not.toContain("API health");
  }
});
