import { mkdirSync, writeFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { createClient } from "@libsql/client";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { PALETTE } from "../lib/public/palette";
import { decodePng } from "../lib/public/png-test-support";
import { startApp, type RunningApp } from "./app";
import { forbidDialogs, yamlString } from "./inert";
import { startSwitchableTarget } from "./target";

/*
 * The uptime widgets from a reader's side: the script tag on someone else's page, the iframe
 * widget in every theme and layout, and the PNG card. This file runs its own copy of the product
 * (its config has hostile names in every text field) with 90 days of history written into its
 * database, so the bars have something to show.
 */

const SHOTS = "/tmp/shots";
const HOSTILE = `<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> & "q"`;
const PAGE_NAME = `Widgets <img src=x onerror="window.__pwned=3">`;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

let base: string;
let running: RunningApp | undefined;
let target: Awaited<ReturnType<typeof startSwitchableTarget>>;

test.describe.configure({ mode: "serial" });
// A trace's snapshotter runs a script in every frame, which the widget's script-less sandbox
// reports as a console error on the host page: the very thing the first test counts.
test.use({ trace: "off" });


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
    failureThreshold: 1
    successThreshold: 1
    url: ${target.url}/check
`;
  const config = `page:
  name: ${yamlString(PAGE_NAME)}
components:
  - key: api
    name: Test API
  - key: hostile
    name: ${yamlString(HOSTILE)}
  - key: internal
    name: Internal tool
    public: false
monitors:
${monitor("api-check", "api")}${monitor("hostile-check", "hostile")}${monitor("internal-check", "internal")}`;
  running = await startApp({ name: "widgets", config });
  base = running.base;
  const dbUrl = running.dbUrl;
  await seedHistory(dbUrl, "api-check");
  // Both public components operational before any widget is looked at.
  await expect(async () => {
    for (const key of ["api", "hostile"]) expect(await (await fetch(`${base}/embed/component/${key}`)).text()).toContain('data-status="operational"');
  }).toPass({ timeout: 60_000, intervals: [1_000] });
});

test.afterAll(async () => {
  await running?.stop();
  await target?.close();
});

/**
 * 89 past days of a monitor's time: mostly up, with a degraded, a partial, a major and a
 * maintenance day, and a week without data. Today is left to the coordinator.
 */
async function seedHistory(dbUrl: string, monitorKey: string) {
  const db = createClient({ url: dbUrl });
  try {
    await db.execute("PRAGMA busy_timeout=5000");
    const { rows } = await db.execute({ sql: "SELECT id FROM monitors WHERE key = ?", args: [monitorKey] });
    const id = Number(rows[0].id);
    const today = Date.now() - (Date.now() % DAY_MS);
    const special: Record<number, [string, number]> = { 5: ["degraded_ms", 3], 12: ["partial_ms", 2], 30: ["major_ms", 1], 45: ["maintenance_ms", 24] };
    const statements = [];
    for (let ago = 1; ago <= 89; ago++) {
      if (ago >= 60 && ago < 67) continue;
      const [column, hours] = special[ago] ?? ["up_ms", 0];
      const upMs = column === "maintenance_ms" ? 0 : DAY_MS - hours * HOUR_MS;
      statements.push({
        sql: `INSERT INTO state_time_daily (monitor_id, bucket_start, up_ms${column === "up_ms" ? "" : `, ${column}`}) VALUES (?, ?, ?${column === "up_ms" ? "" : ", ?"})`,
        args: column === "up_ms" ? [id, today - ago * DAY_MS, upMs] : [id, today - ago * DAY_MS, upMs, hours * HOUR_MS],
      });
    }
    await db.batch(statements, "write");
  } finally {
    db.close();
  }
}


/** A host page, as a customer's site would be, with the script tags given. */
function hostPage(tags: string, dark = false) {
  return `<!doctype html><html lang="en"><head><title>Investor update</title>
<style>body{font:16px/1.5 Georgia,serif;margin:24px;${dark ? "background:#101418;color:#eee" : "background:#fafaf7;color:#222"}} section{margin:16px 0}</style>
</head><body><h1>Q3 investor update</h1><p>Our uptime, live:</p>${tags}<p>Thanks for reading.</p></body></html>`;
}

const scriptTag = (attrs: string) => `<section><script src="${base}/embed.js" ${attrs} async></script></section>`;

async function shot(page: Page, name: string, testInfo: import("@playwright/test").TestInfo, locator?: import("@playwright/test").Locator) {
  const target = locator ?? page;
  await target.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  await target.screenshot({ path: `${SHOTS}/widgets-${name}.png` });
}

test("the script tag inserts a sandboxed iframe that shows the status, and its link opens the status page", async ({ page }, testInfo) => {
  forbidDialogs(page);
  // The frame is sandboxed without scripts: any script in it would be a console error on the host page.
  const errors: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  page.on("pageerror", (e) => errors.push(String(e)));
  const script = await fetch(`${base}/embed.js`);
  expect(script.headers.get("content-type")).toBe("application/javascript; charset=utf-8");
  expect(script.headers.get("cache-control")).toMatch(/^public, max-age=\d+/);

  await page.setContent(hostPage(scriptTag('data-component="api" data-theme="light" data-layout="full"') + scriptTag('data-monitor="api-check" data-theme="light"')));
  const frames = page.locator("iframe");
  await expect(frames).toHaveCount(2);
  // Both frames parsed and painted before anything looks inside them (Playwright's own probes
  // into a script-less sandbox are console errors too): nothing in them tried to run.
  await expect.poll(() => page.frames().length).toBe(3);
  for (const f of page.frames().slice(1)) await f.waitForLoadState("load");
  expect(errors).toEqual([]);
  const full = frames.nth(0);
  await expect(full).toHaveAttribute("src", `${base}/embed/component/api?theme=light&layout=full`);
  await expect(full).toHaveAttribute("title", "Status of api");
  await expect(full).toHaveAttribute("sandbox", /allow-top-navigation-by-user-activation/);
  expect(await full.getAttribute("sandbox")).not.toContain("allow-scripts");
  // Inserted right after its own script tag.
  expect(await page.evaluate(() => [...document.querySelectorAll("section")].map((s) => [...s.children].map((c) => c.tagName).join(",")))).toEqual(["SCRIPT,IFRAME", "SCRIPT,IFRAME"]);
  expect(await full.evaluate((f) => [f.getBoundingClientRect().height, f.getBoundingClientRect().width])).toEqual([140, 600]);
  expect(await frames.nth(1).evaluate((f) => f.getBoundingClientRect().height)).toBe(60);

  const widget = page.frameLocator("iframe >> nth=0").getByTestId("embed");
  await expect(widget).toHaveAttribute("data-status", "operational");
  await expect(widget.getByTestId("embed-status")).toHaveText("Operational");
  await expect(widget.getByTestId("embed-uptime")).toHaveText(/^\d+(\.\d\d)?%$/);
  const bars = widget.getByRole("img", { name: /^Test API: \d+(\.\d\d)?% uptime over the last 90 days$/ });
  await expect(bars.locator("i")).toHaveCount(90);
  await expect(bars.locator('i[data-worst="major"]')).toHaveCount(1);
  await expect(bars.locator("i").nth(89 - 30)).toHaveAttribute("title", /^\d+ \w+ \d{4}: 95\.83%$/);
  // No scripts run inside the sandboxed frame, yet it is fully drawn (CSS loads).
  expect(await widget.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe("rgb(255, 255, 255)");
  const compact = page.frameLocator("iframe >> nth=1").getByTestId("embed");
  await expect(compact).toContainText("api-check");
  await expect(compact.getByTestId("embed-status")).toHaveText("Operational");
  await shot(page, "host-light", testInfo);
  for (const src of [`${base}/embed/component/api?theme=light&layout=full`, `${base}/embed/monitor/api-check?theme=light`]) {
    const res = await fetch(src);
    expect(res.headers.get("content-security-policy")).toMatch(/^default-src 'none'/);
    expect(await res.text()).not.toMatch(/<script/i);
  }

  // The link leaves the frame for the status page, in the top window.
  await widget.getByRole("link", { name: /status page/ }).click();
  await expect(page).toHaveURL(`${base}/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(PAGE_NAME);
});

test("auto follows the reader's colour scheme inside the frame, with no backdrop behind its corners", async ({ browser }, testInfo) => {
  for (const [colorScheme, hostDark] of [
    ["light", false],
    ["dark", true],
    // A light-only site read by someone who prefers dark: the widget is dark, its corners show the site.
    ["dark", false],
  ] as const) {
    const context = await browser.newContext({ colorScheme, viewport: { width: 760, height: 520 } });
    const page = await context.newPage();
    await page.setContent(hostPage(scriptTag('data-component="api" data-layout="full"') + scriptTag('data-component="api"'), hostDark));
    const widget = page.frameLocator("iframe >> nth=0").getByTestId("embed");
    await expect(widget).toHaveAttribute("data-theme", "auto");
    expect(await widget.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(colorScheme === "dark" ? "rgb(23, 27, 33)" : "rgb(255, 255, 255)");
    const box = (await page.locator("iframe").first().boundingBox())!;
    const corner = decodePng(await page.screenshot({ clip: { x: box.x, y: box.y, width: 1, height: 1 } }));
    expect(corner.hexAt(0, 0)).toBe(hostDark ? "#101418" : "#fafaf7");
    await shot(page, `host-auto-${colorScheme}${hostDark === (colorScheme === "dark") ? "" : "-on-light-site"}`, testInfo);
    await context.close();
  }
});

for (const theme of ["light", "dark", "auto"] as const) {
  for (const layout of ["compact", "full"] as const) {
    test(`the embed page, ${theme} theme, ${layout} layout: framable, readable, accessible`, async ({ browser }, testInfo) => {
      // auto is looked at by a reader who prefers dark.
      const context = await browser.newContext({ colorScheme: theme === "light" ? "light" : "dark", viewport: { width: layout === "full" ? 600 : 380, height: layout === "full" ? 140 : 60 } });
      const page = await context.newPage();
      forbidDialogs(page);
      const response = await page.goto(`${base}/embed/component/api?theme=${theme}&layout=${layout}`);
      expect(response!.status()).toBe(200);
      const headers = response!.headers();
      expect(headers["x-frame-options"]).toBeUndefined();
      expect(headers["content-security-policy"] ?? "").not.toMatch(/frame-ancestors/);

      await expect(page).toHaveTitle(`Test API: status and uptime (${PAGE_NAME})`);
      await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", "noindex, nofollow");
      const widget = page.getByTestId("embed");
      await expect(widget).toHaveAttribute("data-layout", layout);
      const p = PALETTE[theme === "light" ? "light" : "dark"];
      expect(await widget.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(rgb(p.surface));
      expect(await page.getByTestId("embed-status").evaluate((el) => getComputedStyle(el).color)).toBe(rgb(p.status.operational));
      // It fits its frame: nothing scrolls.
      expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([layout === "full" ? 600 : 380, layout === "full" ? 140 : 60]);
      await expect(page.getByRole("img")).toHaveCount(layout === "full" ? 1 : 0);
      await expect(page.getByRole("link")).toHaveAttribute("target", "_top");

      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
      await shot(page, `embed-${theme}-${layout}`, testInfo);
      await context.close();
    });
  }
}

test("hostile names stay text in the widget and the card; private and unknown subjects are the same 404", async ({ page, browser }) => {
  forbidDialogs(page);
  for (const layout of ["compact", "full"]) {
    await page.goto(`${base}/embed/component/hostile?layout=${layout}&theme=light`);
    const widget = page.getByTestId("embed");
    await expect(widget).toContainText(HOSTILE);
    if (layout === "full") await expect(widget.getByRole("link")).toHaveText(`${PAGE_NAME} status page`);
    expect(await widget.locator("script, img").count()).toBe(0);
    expect(await page.locator("[onerror]").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  }
  await expectPng(browser, "/card/component/hostile.png?theme=dark", "card-hostile-dark");

  const answers = await Promise.all(["/embed/component/internal", "/embed/monitor/internal-check", "/embed/component/nope"].map((p) => fetch(`${base}${p}`)));
  expect(answers.map((r) => r.status)).toEqual([404, 404, 404]);
  const [internal, , unknown] = await Promise.all(answers.map((r) => r.text()));
  expect(internal).not.toContain("Internal tool");
  // The same page, but for the key in the URL that Next writes into it.
  expect(internal.replaceAll("internal", "KEY")).toBe(unknown.replaceAll("nope", "KEY"));
  const cards = await Promise.all(["/card/component/internal.png", "/card/component/nope.png"].map((p) => fetch(`${base}${p}`)));
  expect(cards.map((r) => r.status)).toEqual([404, 404]);
  expect(await cards[0].text()).toBe(await cards[1].text());
});

test("the PNG card decodes to 1200 × 400, under 100 KB, cacheable, with the day bars painted", async ({ browser }) => {
  // 90 days of bars under the 90-day figure (a card's bars span its window).
  const image = await expectPng(browser, "/card/component/api.png?window=90d", "card-api-light");
  // Yesterday was up, 30 days ago a major outage (seeded); today is the coordinator's (up, or no data until it counts time).
  const barX = (i: number) => Math.round(52 + i * ((1200 - 104 + 3) / 90) + 4);
  const rows = [...Array(400).keys()].filter((row) => image.hexAt(barX(88), row) === PALETTE.light.bar.up);
  expect(rows.length).toBeGreaterThan(50);
  const y = rows[Math.floor(rows.length / 2)];
  expect([PALETTE.light.bar.up, PALETTE.light.bar.no_data]).toContain(image.hexAt(barX(89), y));
  expect(image.hexAt(barX(89 - 30), y)).toBe(PALETTE.light.bar.major);
  expect(image.hexAt(barX(89 - 45), y)).toBe(PALETTE.light.bar.maintenance);
  expect(image.hexAt(barX(89 - 62), y)).toBe(PALETTE.light.bar.no_data);
  await expectPng(browser, "/card/monitor/api-check.png?theme=dark&window=7d", "card-api-dark");
});

/** Fetches a card, checks its headers and size, shows it in an email-like page at 600 × 200, and decodes it. */
async function expectPng(browser: Browser, path: string, name: string) {
  const res = await fetch(`${base}${path}`);
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("image/png");
  expect(res.headers.get("cache-control")).toBe("public, max-age=300, s-maxage=300, stale-while-revalidate=3600");
  expect(res.headers.get("access-control-allow-origin")).toBe("*");
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect(bytes.length).toBeLessThan(100_000);
  const image = decodePng(bytes);
  expect([image.width, image.height]).toEqual([1200, 400]);
  writeFileSync(`${SHOTS}/widgets-${name}.png`, bytes);

  // As an email shows it: an <img> 600 px wide, drawn from the 2× image.
  const page = await browser.newPage({ viewport: { width: 680, height: 280 }, deviceScaleFactor: 2 });
  await page.setContent(`<body style="margin:20px;background:#f1f1f1"><img src="${base}${path}" width="600" height="200" alt="Uptime card"></body>`);
  const img = page.getByRole("img", { name: "Uptime card" });
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1200);
  await img.screenshot({ path: `${SHOTS}/widgets-${name}-email.png` });
  await page.close();
  return image;
}

function rgb(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 0xff}, ${n & 0xff})`;
}
