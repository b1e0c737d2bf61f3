import { SYSTEM_ACTOR } from "../lib/audit/log";
import { mkdirSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page, type TestInfo } from "@playwright/test";
import { openDb } from "../lib/db/client";
import { rollupsDaily, stateTimeDaily } from "../lib/db/schema";
import { createIncident, postUpdate } from "../lib/incidents/manage";
import { addMonths, monthOf } from "../lib/public/report";
import { LatencyHistogram } from "../lib/uptime/histogram";
import { formatUptimePercent } from "../lib/uptime/uptime";
import { startApp, type RunningApp } from "./app";
import { forbidDialogs, yamlString } from "./inert";
import { startSwitchableTarget } from "./target";

/*
 * The monthly uptime report from a reader's side: last month of a page with a public API, a
 * public component with a hostile name and a private one, written into the database of this
 * file's own copy of the product; on screen (desktop and 375 px, light and dark), on paper
 * (print media) and as the PDF the server prints with Chromium.
 */

const SHOTS = "/tmp/shots";
const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> & "q"`;
const PAGE_NAME = `Acme <img src=x onerror="window.__pwned=3">`;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const now = Date.now();
const MONTH = addMonths(monthOf(now), -1);
const MONTH_START = Date.parse(`${MONTH}-01T00:00:00Z`);
const DAYS = (Date.parse(`${monthOf(now)}-01T00:00:00Z`) - MONTH_START) / DAY_MS;
const day = (n: number) => MONTH_START + (n - 1) * DAY_MS;

let base: string;
let running: RunningApp | undefined;
let target: Awaited<ReturnType<typeof startSwitchableTarget>>;

test.describe.configure({ mode: "serial" });


test.beforeAll(async () => {
  test.setTimeout(180_000);
  mkdirSync(SHOTS, { recursive: true });
  target = await startSwitchableTarget(true);
  const monitor = (key: string, component: string) => `  - key: ${key}
    name: ${key}
    type: http
    component: ${component}
    interval: 10s
    timeout: 2s
    url: ${target.url}/check
`;
  const config = `page:
  name: ${yamlString(PAGE_NAME)}
groups:
  - key: core
    name: Core
components:
  - key: api
    name: Test API
    group: core
  - key: web
    name: ${yamlString(HOSTILE)}
  - key: internal
    name: Internal tool
    public: false
monitors:
${monitor("api-check", "api")}${monitor("web-check", "web")}${monitor("internal-check", "internal")}`;
  running = await startApp({ name: "report", config });
  base = running.base;
  const dbUrl = running.dbUrl;
  await seedMonth(dbUrl);
});

test.afterAll(async () => {
  await running?.stop();
  await target?.close();
});

/**
 * Last month: the API up but for 2 h of major and 1 h of partial outage on the 5th and 4 h of
 * maintenance on the 20th; the hostile component up but for 10 h of partial outage on the 10th;
 * the private one down all month. Latency 10 ms (API), 200 ms (web), 9 s (private). Incidents:
 * 2 h on the API, 1 h on the web, and a published one of the private component only.
 */
async function seedMonth(dbUrl: string) {
  const db = await openDb(dbUrl);
  try {
    const { rows } = await db.$client.execute("SELECT id, key FROM monitors");
    const id = (key: string) => Number(rows.find((r) => r.key === key)!.id);
    const components = await db.$client.execute("SELECT id, key FROM components");
    const componentId = (key: string) => Number(components.rows.find((r) => r.key === key)!.id);
    const time: (typeof stateTimeDaily.$inferInsert)[] = [];
    for (let n = 1; n <= DAYS; n++) {
      time.push({ monitorId: id("api-check"), bucketStart: day(n), ...(n === 5 ? { upMs: 21 * HOUR_MS, majorMs: 2 * HOUR_MS, partialMs: HOUR_MS } : n === 20 ? { upMs: 20 * HOUR_MS, maintenanceMs: 4 * HOUR_MS } : { upMs: DAY_MS }) });
      time.push({ monitorId: id("web-check"), bucketStart: day(n), ...(n === 10 ? { upMs: 14 * HOUR_MS, partialMs: 10 * HOUR_MS } : { upMs: DAY_MS }) });
      time.push({ monitorId: id("internal-check"), bucketStart: day(n), majorMs: DAY_MS });
    }
    await db.insert(stateTimeDaily).values(time);
    const hist = (ms: number, n: number) => new LatencyHistogram().add(ms * 1000, n).encode();
    await db.insert(rollupsDaily).values([
      { monitorId: id("api-check"), regionId: 1, bucketStart: day(3), total: 100, latencySumUs: 100 * 10_000, histogram: hist(10, 100) },
      { monitorId: id("web-check"), regionId: 1, bucketStart: day(4), total: 100, latencySumUs: 100 * 200_000, histogram: hist(200, 100) },
      { monitorId: id("internal-check"), regionId: 1, bucketStart: day(4), total: 1000, latencySumUs: 1000 * 9_000_000, histogram: hist(9_000, 1000) },
    ]);
    const incident = async (title: string, component: string, from: number, hours: number) => {
      const incidentId = await createIncident(db, SYSTEM_ACTOR, { title, status: "investigating", impact: "major", componentImpacts: [{ componentId: componentId(component), impact: "major_outage" }], body: "Looking into it.", published: true }, from);
      await postUpdate(db, SYSTEM_ACTOR, incidentId, { status: "resolved", body: "Fixed." }, from + hours * HOUR_MS);
    };
    await incident(HOSTILE, "api", day(5) + 10 * HOUR_MS, 2);
    await incident("Web pages slow", "web", day(10), 1);
    await incident("Internal tool down", "internal", day(12), 5);
  } finally {
    db.$client.close();
  }
}


async function shot(page: Page, name: string, testInfo: TestInfo) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await page.screenshot({ path: `${SHOTS}/report-${name}.png`, fullPage: true });
}

const expectedLatency = new LatencyHistogram().add(10_000, 100).add(200_000, 100);
const fmtMs = (us: number) => `${Math.round(us / 1000)} ms`;

test("/report opens this month's report of the whole page, so far", async ({ page }, testInfo) => {
  await page.goto(`${base}/report`);
  await expect(page).toHaveURL(`${base}/report/${monthOf(Date.now())}`);
  await expect(page.getByTestId("report-period")).toContainText("so far");
  await expect(page.getByRole("link", { name: /^Previous month:/ })).toHaveAttribute("href", `/report/${MONTH}`);
  await expect(page.getByRole("link", { name: /^Next month:/ })).toHaveCount(0);
  // Days still ahead are drawn as empty outlines.
  const today = new Date().getUTCDate();
  const bars = page.getByTestId("report-bars").locator("span");
  await expect(bars.nth(today - 1)).not.toHaveAttribute("data-future", "true");
  await expect(page.getByTestId("report-bars").locator('span[data-future="true"]')).toHaveCount((await bars.count()) - today);
  await shot(page, "current-month", testInfo);
});

test("last month's report adds up the public components only, and hostile names stay text", async ({ page }, testInfo) => {
  forbidDialogs(page);
  const response = await page.goto(`${base}/report/${MONTH}`);
  expect(response!.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PAGE_NAME);
  await expect(page.getByTestId("report-period")).toContainText("whole month");
  // API 2 h + 0.3 × 1 h, web 0.3 × 10 h; maintenance left out of the counted time.
  const counted = 2 * DAYS * DAY_MS - 4 * HOUR_MS;
  await expect(page.getByTestId("report-uptime")).toHaveText(formatUptimePercent(1 - (5.3 * HOUR_MS) / counted));
  await expect(page.getByTestId("report-downtime")).toHaveText("5 h 18 min");
  await expect(page.getByTestId("report-incidents")).toHaveText("2");
  await expect(page.getByTestId("report-mttr")).toHaveText("1 h 30 min");
  await expect(page.getByTestId("report-p50")).toHaveText(fmtMs(expectedLatency.percentile(50)!));
  await expect(page.getByTestId("report-p95")).toHaveText(fmtMs(expectedLatency.percentile(95)!));

  const bars = page.getByTestId("report-bars").locator("span");
  await expect(bars).toHaveCount(DAYS);
  await expect(bars.nth(4)).toHaveAttribute("data-worst", "major");
  await expect(bars.nth(9)).toHaveAttribute("data-worst", "partial");
  await expect(bars.nth(19)).toHaveAttribute("data-worst", "up");

  const components = page.getByRole("table", { name: /per component/ });
  await expect(components.locator("tbody tr")).toHaveCount(2);
  // In the page's order: ungrouped components first, then groups.
  await expect(components.getByRole("rowheader")).toHaveText([HOSTILE, "Test API Core"], { useInnerText: true });
  await expect(components.locator('tr[data-component="api"] td')).toHaveText([formatUptimePercent(1 - (2.3 * HOUR_MS) / (DAYS * DAY_MS - 4 * HOUR_MS)), "2 h 18 min", "1"]);
  await expect(components.locator('tr[data-component="web"] td')).toHaveText([formatUptimePercent(1 - (3 * HOUR_MS) / (DAYS * DAY_MS)), "3 h 0 min", "1"]);

  const incidents = page.getByRole("table", { name: /^Incidents that started in/ });
  await expect(incidents.getByRole("rowheader")).toHaveText([`${HOSTILE} Affected: Test API`, `Web pages slow Affected: ${HOSTILE}`], { useInnerText: true });
  await expect(incidents.locator("tbody tr").first().locator("td")).toHaveText(["Major", /UTC$/, "2 h 0 min"]);
  await expect(incidents.getByRole("link", { name: HOSTILE })).toHaveAttribute("href", /^\/incidents\/\d+$/);

  const text = await page.locator("body").innerText();
  expect(text).not.toContain("Internal tool");
  expect(await page.locator("[onerror]").count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

  await expect(page.getByRole("link", { name: /^Previous month:/ })).toHaveAttribute("href", `/report/${addMonths(MONTH, -1)}`);
  await expect(page.getByRole("link", { name: /^Next month:/ })).toHaveAttribute("href", `/report/${monthOf(Date.now())}`);
  await expect(page.getByTestId("report-pdf-link")).toHaveAttribute("href", `/report/pdf/${MONTH}`);
  for (const landmark of ["banner", "main", "contentinfo"] as const) await expect(page.getByRole(landmark)).toHaveCount(1);

  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  await shot(page, "desktop-light", testInfo);
});

test("a component's report, and the same 404 for private, unknown and future ones", async ({ page }, testInfo) => {
  await page.goto(`${base}/report/${MONTH}`);
  await page.getByRole("link", { name: "Test API" }).click();
  await expect(page).toHaveURL(`${base}/report/${MONTH}/api`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Test API");
  await expect(page.getByTestId("report-downtime")).toHaveText("2 h 18 min");
  await expect(page.getByTestId("report-mttr")).toHaveText("2 h 0 min");
  await expect(page.getByTestId("report-p95")).toHaveText(fmtMs(new LatencyHistogram().add(10_000).percentile(95)!));
  await expect(page.getByRole("table", { name: /per component/ })).toHaveCount(0);
  await expect(page.getByRole("table", { name: /^Incidents/ }).getByRole("rowheader")).toHaveText([`${HOSTILE} Affected: Test API`], { useInnerText: true });
  await expect(page.getByRole("link", { name: "Whole page" })).toHaveAttribute("href", `/report/${MONTH}`);
  await shot(page, "component-desktop-light", testInfo);

  const future = addMonths(monthOf(Date.now()), 1);
  const statuses = await Promise.all([`/report/${MONTH}/internal`, `/report/${MONTH}/nope`, `/report/${future}`, "/report/2026-13", `/report/${MONTH}/api/x`].map(async (p) => (await fetch(`${base}${p}`)).status));
  expect(statuses).toEqual([404, 404, 404, 404, 404]);
  const [internal, unknown] = await Promise.all([`/report/${MONTH}/internal`, `/report/${MONTH}/nope`].map(async (p) => (await fetch(`${base}${p}`)).text()));
  expect(internal).not.toContain("Internal tool");
  expect(internal.replaceAll("internal", "KEY")).toBe(unknown.replaceAll("nope", "KEY"));
});

for (const [width, height] of [
  [1280, 900],
  [375, 812],
] as const) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`screen at ${width} px, ${colorScheme}: readable, nothing wider than the screen`, async ({ browser }, testInfo) => {
      const context = await browser.newContext({ colorScheme, viewport: { width, height } });
      const page = await context.newPage();
      await page.goto(`${base}/report/${MONTH}`);
      await expect(page.getByTestId("report-uptime")).toBeVisible();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe(colorScheme === "dark" ? "rgb(15, 18, 22)" : "rgb(246, 247, 249)");
      if (width < 600) {
        // The incidents' impact and start move under their titles; every table fits the screen.
        const incidents = page.getByRole("table", { name: /^Incidents that started/ });
        await expect(incidents.getByRole("columnheader")).toHaveText(["Incident", "Duration"]);
        await expect(incidents.getByRole("rowheader").first()).toContainText(/Major impact, started \d+ \w+, \d\d:\d\d UTC/);
        for (const table of await page.getByRole("table").all()) {
          expect(await table.evaluate((el) => el.scrollWidth <= el.parentElement!.clientWidth)).toBe(true);
        }
        const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
        expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      }
      await shot(page, `${width}-${colorScheme}`, testInfo);
      await context.close();
    });
  }
}

test("on paper: black on white in either scheme, no navigation, the bars keep their colours", async ({ browser }, testInfo) => {
  for (const colorScheme of ["light", "dark"] as const) {
    // An A4 page at 96 dpi, less the margins.
    const context = await browser.newContext({ colorScheme, viewport: { width: 700, height: 1000 } });
    const page = await context.newPage();
    await page.goto(`${base}/report/${MONTH}`);
    await page.emulateMedia({ media: "print", colorScheme });
    const colours = await page.evaluate(() => ({
      body: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.querySelector("h1")!).color,
      card: getComputedStyle(document.querySelector("[data-testid=report-uptime]")!.parentElement!).backgroundColor,
      major: getComputedStyle(document.querySelector('[data-testid=report-bars] span[data-worst="major"]')!).backgroundColor,
      adjust: ((style) => style.getPropertyValue("print-color-adjust") || style.getPropertyValue("-webkit-print-color-adjust"))(getComputedStyle(document.querySelector("[data-testid=report-bars] span")!)),
    }));
    expect(colours).toEqual({ body: "rgb(255, 255, 255)", text: "rgb(0, 0, 0)", card: "rgb(255, 255, 255)", major: "rgb(224, 72, 60)", adjust: "exact" });
    const navigation = page.getByRole("navigation", { includeHidden: true });
    await expect(navigation).toHaveCount(2);
    for (const nav of await navigation.all()) await expect(nav).toBeHidden();
    await expect(page.getByTestId("report-pdf-link")).toBeHidden();
    await expect(page.getByRole("table")).toHaveCount(2);
    await shot(page, `print-${colorScheme}`, testInfo);
    await context.close();
  }
});

test("the PDF is printed by the server's Chromium, inline, for public reports only", async () => {
  test.setTimeout(90_000);
  const res = await fetch(`${base}/report/pdf/${MONTH}`);
  expect(res.status, await res.clone().text().catch(() => "")).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/pdf");
  expect(res.headers.get("content-disposition")).toBe(`inline; filename="uptime-report-${MONTH}.pdf"`);
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(10_000);
  expect(pdf.length).toBeLessThan(2_000_000);
  // A4 (595 × 842 pt), and short: two components and two incidents fit on one page.
  const text = pdf.toString("latin1");
  expect(text).toMatch(/\/MediaBox\s*\[\s*0 0 59[45]\.\d* 84[12]\.\d*\s*\]/);
  const pages = (text.match(/\/Type\s*\/Page\b/g) ?? []).length;
  expect(pages).toBe(1);
  writeFileSync(`${SHOTS}/report-${MONTH}.pdf`, pdf);

  const component = await fetch(`${base}/report/pdf/${MONTH}/api`);
  expect(component.status).toBe(200);
  expect(component.headers.get("content-disposition")).toBe(`inline; filename="uptime-report-${MONTH}-api.pdf"`);
  expect(Buffer.from(await component.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  const refused = await Promise.all([`/report/pdf/${MONTH}/internal`, `/report/pdf/${addMonths(monthOf(Date.now()), 1)}`, "/report/pdf/x"].map((p) => fetch(`${base}${p}`)));
  expect(refused.map((r) => r.status)).toEqual([404, 404, 404]);
});
