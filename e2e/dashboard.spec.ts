import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Browser } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { setTarget, startSwitchableTarget } from "./target";

/*
 * What the team looks at: the overview (worst first, search, no sideways scroll on a phone,
 * live states) and a monitor page (range picker, recent checks with their assertions and the
 * failed response), light and dark, with axe's WCAG A/AA rules. Its own copy of the product,
 * with loopback targets the test switches.
 */

const EMAIL = "oncall@dashboard.test";
const PASSWORD = "correct horse battery";
/** Private names: no refused answer may contain them. */
const MARKERS = ["Payments gateway", "Search cluster", "Ledger sync"];

let app: RunningApp;
let db: Client;
let cookie = "";
let broken: Awaited<ReturnType<typeof startSwitchableTarget>>;
let flipping: Awaited<ReturnType<typeof startSwitchableTarget>>;

const actionId = (name: string) => {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  return Object.entries(manifest.node).find(([, a]) => a.exportedName === name)![0];
};

const stateOf = async (key: string) =>
  String((await db.execute({ sql: "SELECT s.status FROM monitor_states s JOIN monitors m ON m.id = s.monitor_id WHERE m.key = ?", args: [key] })).rows[0]?.status ?? "");

async function signedIn(browser: Browser, opts: { width?: number; colorScheme?: "light" | "dark"; javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1280, height: 900 }, colorScheme: opts.colorScheme ?? "light", javaScriptEnabled: opts.javaScriptEnabled ?? true });
  const [name, value] = cookie.split("=");
  await context.addCookies([{ name, value, url: app.base }]);
  return context;
}

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  broken = await startSwitchableTarget(false);
  flipping = await startSwitchableTarget(true);
  const healthy = await startSwitchableTarget(true);
  const config = `page:
  name: Dashboard E2E
components:
  - key: payments
    name: Payments
    public: false
monitors:
  - key: payments-gateway
    name: Payments gateway
    type: http
    component: payments
    interval: 10s
    url: ${broken.url}/check
  - key: search-cluster
    name: Search cluster
    type: http
    interval: 10s
    url: ${flipping.url}/check
  - key: ledger-sync
    name: Ledger sync
    type: http
    interval: 10s
    url: ${healthy.url}/check
  - key: alpha-site
    name: Alpha site
    type: http
    interval: 10s
    url: ${healthy.url}/check
`;
  app = await startApp({ name: "dashboard", config });
  db = createClient({ url: app.dbUrl });
  const form = new FormData();
  form.set(`$ACTION_ID_${actionId("setupAction")}`, "");
  for (const [k, v] of Object.entries({ email: EMAIL, password: PASSWORD, confirm: PASSWORD })) form.set(k, v);
  const res = await fetch(`${app.base}/setup`, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base } });
  expect(res.status).toBe(303);
  cookie = (res.headers.get("set-cookie") ?? "").split(";")[0];
  // The broken target is down after two failed rounds; the others up.
  await expect.poll(() => stateOf("payments-gateway"), { timeout: 60_000, intervals: [1_000] }).toBe("down");
  await expect.poll(() => stateOf("alpha-site"), { timeout: 30_000, intervals: [1_000] }).toBe("operational");
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
  await broken?.close();
  await flipping?.close();
});

test("the overview puts the worst first, fits a 375 px phone, and searches without JavaScript", async ({ browser }) => {
  const context = await signedIn(browser, { width: 375, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${app.base}/dashboard`);
  const rows = page.getByTestId("monitor-row");
  await expect(rows.first()).toHaveAttribute("data-monitor", "payments-gateway");
  await expect(rows.first()).toContainText("Down");
  await expect(rows.first().locator('[data-live="since"]')).toHaveText(/^for \d/);
  await expect(page.getByTestId("summary").locator('[data-live-count="down"]')).toHaveText("1");
  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth)).toBe(true);
  await page.screenshot({ path: test.info().outputPath("overview-375.png"), fullPage: true });

  await page.getByRole("searchbox", { name: "Search" }).fill("ledger");
  await page.getByRole("searchbox", { name: "Search" }).press("Enter");
  await expect(page).toHaveURL(/\/dashboard\?q=ledger&/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-monitor", "ledger-sync");
  // A filter by state, from the summary strip.
  await page.goto(`${app.base}/dashboard?state=operational&sort=name`);
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toHaveAttribute("data-monitor", "alpha-site");
  await context.close();
});

test("the live route answers our own signed-in pages only, with nothing private otherwise", async () => {
  const live = `${app.base}/dashboard/overview.json`;
  const ok = await fetch(live, { headers: { cookie, origin: app.base, "sec-fetch-site": "same-origin" } });
  expect(ok.status).toBe(200);
  const data = (await ok.json()) as { rows: { key: string; state: string }[] };
  expect(data.rows[0]).toMatchObject({ key: "payments-gateway", state: "down" });

  for (const headers of [{ cookie, origin: "https://evil.example" }, { cookie, "sec-fetch-site": "cross-site" }, {}, { cookie: "status_session=forged" }] as Record<string, string>[]) {
    const res = await fetch(live, { headers, redirect: "manual" });
    const body = await res.text();
    expect([307, 401, 403], JSON.stringify(headers)).toContain(res.status);
    if (headers.cookie === cookie) expect(res.status).toBe(403);
    for (const marker of MARKERS) expect(body, `${JSON.stringify(headers)} leaks ${marker}`).not.toContain(marker);
    expect(body).not.toContain("payments-gateway");
  }
});

test("the overview updates a state in place, without reloading", async ({ browser }) => {
  const context = await signedIn(browser);
  const page = await context.newPage();
  await page.goto(`${app.base}/dashboard`);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  const row = page.locator('[data-testid="monitor-row"][data-monitor="search-cluster"]');
  await expect(row.locator('[data-live="state"]')).toHaveAttribute("data-status", "operational");
  await setTarget(flipping.url, "down");
  await expect(row.locator('[data-live="state"]')).toHaveAttribute("data-status", "down", { timeout: 60_000 });
  await expect(row.locator('[data-live="label"]')).toHaveText("Down");
  await expect(page.getByTestId("summary").locator('[data-live-count="down"]')).toHaveText("2");
  expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
  await setTarget(flipping.url, "up");
  await context.close();
});

test("a monitor page shows recent checks with their assertions and the failed response, and the range picker changes the charts", async ({ browser }) => {
  const context = await signedIn(browser);
  const page = await context.newPage();
  await page.goto(`${app.base}/dashboard/monitors/payments-gateway`);
  const check = page.getByTestId("check-row").first();
  await expect(check).toHaveAttribute("data-status", "down");
  await expect(check.getByRole("list", { name: "Assertions" })).toContainText("status: expected 200-299, got 503");
  await check.getByText(/^Response/).click();
  await expect(check.locator("pre").nth(0)).toContainText("content-type: text/plain");
  await expect(check.locator("pre").nth(1)).toHaveText("unavailable");

  const charts = page.getByTestId("charts");
  await expect(charts).toHaveAttribute("data-range", "24h");
  await expect(page.getByRole("heading", { name: "Latency by phase, last 24 hours" })).toBeVisible();
  await page.getByRole("navigation", { name: "Chart range" }).getByRole("link", { name: "1h" }).click();
  await expect(charts).toHaveAttribute("data-range", "1h");
  await expect(charts).toHaveAttribute("data-source", "raw");
  await expect(page.getByRole("heading", { name: "Latency percentiles, last hour" })).toBeVisible();
  const from = Number(await charts.getAttribute("data-from"));
  const to = Number(await charts.getAttribute("data-to"));
  expect(to - from).toBeLessThanOrEqual(3_600_000 + 60_000);
  await page.getByRole("navigation", { name: "Chart range" }).getByRole("link", { name: "90d" }).click();
  await expect(charts).toHaveAttribute("data-source", "daily");
  // A custom range in the future is refused in words, and the charts stay on the default.
  await page.goto(`${app.base}/dashboard/monitors/payments-gateway?range=custom&from=2020-01-01T00:00&to=2099-01-01T00:00`);
  await expect(page.locator("#range-error")).toContainText("To is in the future");
  await expect(charts).toHaveAttribute("data-range", "24h");
  await context.close();
});

test("axe finds no serious violations on the overview and a monitor page, light and dark, at 1280 and 375 px", async ({ browser }) => {
  test.setTimeout(300_000);
  for (const colorScheme of ["light", "dark"] as const) {
    for (const width of [1280, 375]) {
      const context = await signedIn(browser, { width, colorScheme });
      const page = await context.newPage();
      for (const path of ["/dashboard", "/dashboard/monitors/payments-gateway"]) {
        await page.goto(app.base + path);
        await page.locator("[data-testid='charts'], [data-testid='monitor-row']").first().waitFor();
        expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= innerWidth), `${path} scrolls sideways at ${width} px`).toBe(true);
        const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
        const serious = axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
        expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`), `${path} ${colorScheme} ${width}`).toEqual([]);
        await page.screenshot({ path: test.info().outputPath(`${path.replace(/\W+/g, "_")}-${width}-${colorScheme}.png`), fullPage: true });
      }
      await context.close();
    }
  }
});
