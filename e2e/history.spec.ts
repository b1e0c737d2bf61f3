import { copyFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { createClient } from "@libsql/client";
import { expect, test, type Browser, type Page, type TestInfo } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { expectInert, forbidDialogs } from "./inert";

/*
 * The incident history (/history) and an incident's permalink (/incidents/<id>) from a reader's
 * side: without JavaScript, on a phone and a desktop, light and dark, with axe's WCAG A/AA rules.
 * This file runs its own copy of the product and writes incidents straight into its database,
 * some in earlier months (the dashboard can only open incidents now).
 */

const SHOTS = "/tmp/shots";
const MIN = 60_000;
const HOUR = 3_600_000;
const HOSTILE_MARKDOWN = [
  "**Bold** start.",
  "",
  "<script>window.__pwned = 1</script>",
  "",
  '<img src=x onerror="window.__pwned = 2">',
  "",
  "[click me](javascript:window.__pwned=3) and https://example.com/status",
].join("\n");
const HOSTILE_TITLE = `DNS <script>window.__pwned=4</script><img src=x onerror="window.__pwned=5"> outage`;

let base: string;
let running: RunningApp | undefined;
let errorsResolvedAt = 0;
const ids: Record<"errors" | "open" | "maintenance" | "old" | "draft" | "merged", number> = { errors: 0, open: 0, maintenance: 0, old: 0, draft: 0, merged: 0 };

// Months counted back from now, in UTC, as the history groups them.
const now = Date.now();
const thisMonth = new Date(now).getUTCFullYear() * 12 + new Date(now).getUTCMonth();
const monthStart = (back: number) => Date.UTC(Math.floor((thisMonth - back) / 12), (thisMonth - back) % 12, 1);
const monthKey = (back: number) => new Date(monthStart(back)).toISOString().slice(0, 7);
const monthLabel = (back: number) => new Date(monthStart(back)).toLocaleString("en-GB", { month: "long", year: "numeric", timeZone: "UTC" });

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  const config = `page:
  name: History E2E
components:
  - key: api
    name: Test API
  - key: web
    name: Website
  - key: internal
    name: Internal tool
    public: false
monitors:
  # Only the owner of the merged automatic incident below; it never fails within the test.
  - key: api-check
    name: API check
    type: heartbeat
    component: api
    interval: 1h
`;
  running = await startApp({ name: "history", config });
  base = running.base;
  const dbUrl = running.dbUrl;
  await seed(dbUrl);
});

test.afterAll(async () => {
  await running?.stop();
});

interface Seed {
  title: string;
  kind?: "incident" | "maintenance";
  status: string;
  impact: string;
  source?: "auto" | "manual";
  published?: boolean;
  startedAt: number;
  resolvedAt?: number | null;
  window?: [number, number];
  mergedInto?: number;
  /** The monitor an automatic incident belongs to. */
  monitorKey?: string;
  updates: [status: string, body: string, at: number][];
  components?: [key: string, impact: string][];
}

/** Incidents as the product stores them: this month, last month, none the month before, and one on the next page. */
async function seed(dbUrl: string) {
  const db = createClient({ url: dbUrl });
  await db.execute("PRAGMA busy_timeout=5000");
  async function insert(s: Seed): Promise<number> {
    const created = s.updates[0][2];
    const rs = await db.batch(
      [
        {
          sql: `INSERT INTO incidents (title, kind, status, impact, source, published, started_at, resolved_at, scheduled_for, scheduled_until, merged_into, monitor_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM monitors WHERE key = ?), ?, ?)`,
          args: [s.title, s.kind ?? "incident", s.status, s.impact, s.source ?? "manual", s.published === false ? 0 : 1, s.startedAt, s.resolvedAt ?? null, s.window?.[0] ?? null, s.window?.[1] ?? null, s.mergedInto ?? null, s.monitorKey ?? null, created, created],
        },
        ...s.updates.map(([status, body, at]) => ({ sql: "INSERT INTO incident_updates (incident_id, status, body, created_at) VALUES ((SELECT max(id) FROM incidents), ?, ?, ?)", args: [status, body, at] })),
        ...(s.components ?? []).map(([key, impact]) => ({
          sql: "INSERT INTO incident_components (incident_id, component_id, impact) SELECT (SELECT max(id) FROM incidents), id, ? FROM components WHERE key = ?",
          args: [impact, key],
        })),
        { sql: "SELECT max(id) AS id FROM incidents", args: [] },
      ],
      "write",
    );
    return Number(rs[rs.length - 1].rows[0].id);
  }
  // This month, whatever day it is: from three hours ago (or the month's first instant) to now.
  const start = Math.max(monthStart(0), now - 3 * HOUR);
  const step = Math.floor((now - start) / 4);
  errorsResolvedAt = start + 3 * step;
  ids.errors = await insert({
    title: "Elevated API errors",
    status: "resolved",
    impact: "major",
    startedAt: start,
    resolvedAt: start + 3 * step,
    updates: [
      ["investigating", HOSTILE_MARKDOWN, start],
      ["identified", "A bad deploy; **rolling back**.\n\n- eu-west first\n- then everywhere", start + step],
      ["resolved", "Error rates are back to normal.", start + 3 * step],
    ],
    components: [
      ["api", "partial_outage"],
      ["web", "degraded_performance"],
      ["internal", "major_outage"],
    ],
  });
  ids.merged = await insert({
    title: "API check is down",
    status: "investigating",
    impact: "critical",
    source: "auto",
    monitorKey: "api-check",
    startedAt: start,
    mergedInto: ids.errors,
    updates: [["investigating", "API check is down: 3 of 3 regions failed", start]],
    components: [["api", "major_outage"]],
  });
  ids.open = await insert({ title: "Slow dashboard loads", status: "monitoring", impact: "minor", startedAt: start + step, updates: [["monitoring", "A fix is out; watching.", start + step]] });
  ids.draft = await insert({ title: "Draft: secret migration", status: "investigating", impact: "minor", published: false, startedAt: start, updates: [["investigating", "Not public", start]] });
  const from = monthStart(1) + 11 * 24 * HOUR + 2 * HOUR;
  ids.maintenance = await insert({
    title: "Database upgrade",
    kind: "maintenance",
    status: "completed",
    impact: "none",
    startedAt: from,
    resolvedAt: from + 2 * HOUR,
    window: [from, from + 2 * HOUR],
    updates: [
      ["scheduled", "We upgrade **Postgres**; the API may answer slowly.", from - 48 * HOUR],
      ["in_progress", "Maintenance in progress", from],
      ["completed", "Maintenance completed", from + 2 * HOUR],
    ],
    components: [["api", "degraded_performance"]],
  });
  const old = monthStart(4) + 4 * 24 * HOUR + 9 * HOUR;
  ids.old = await insert({
    title: HOSTILE_TITLE,
    status: "resolved",
    impact: "critical",
    startedAt: old,
    resolvedAt: old + 26 * HOUR + 5 * MIN,
    updates: [
      ["investigating", "Names do not resolve.", old],
      ["resolved", "Our DNS provider fixed it.", old + 26 * HOUR + 5 * MIN],
    ],
    components: [["web", "major_outage"]],
  });
  db.close();
}



/** A page with the structure a screen reader needs: a skip link to <main id="main">, one h1, headings in order. */
async function expectStructure(page: Page) {
  await expect(page.locator("main#main")).toHaveCount(1);
  await expect(page.locator("a.skip-link")).toHaveAttribute("href", "#main");
  await expect(page.locator("h1")).toHaveCount(1);
  const levels = await page.locator("h1, h2, h3, h4, h5, h6").evaluateAll((hs) => hs.map((h) => Number(h.tagName[1])));
  expect(levels[0]).toBe(1);
  for (let k = 1; k < levels.length; k++) expect(levels[k] - levels[k - 1], `heading levels ${levels.join(",")}`).toBeLessThanOrEqual(1);
}

async function expectAxeClean(page: Page) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

async function shot(page: Page, name: string, testInfo: TestInfo) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  copyFileSync(path, join(SHOTS, `${name}.png`));
}

test("the history lists three months a page, empty months included, with plain links between pages (no JavaScript)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/history`);
  await expect(page).toHaveTitle("Incident history · History E2E");
  await expect(page.getByRole("heading", { level: 1, name: "Incident history" })).toBeVisible();
  await expectStructure(page);

  const months = page.getByTestId("history-month");
  await expect(months).toHaveCount(3);
  await expect(months.locator("h2")).toHaveText([monthLabel(0), monthLabel(1), monthLabel(2)]);
  await expect(months.nth(2)).toContainText("No incidents reported");

  // This month: newest first, drafts and merged incidents nowhere, private components unnamed.
  const current = months.nth(0).getByTestId("history-incident");
  await expect(current.locator("h3")).toHaveText(["Slow dashboard loads", "Elevated API errors"]);
  const errors = current.nth(1);
  await expect(errors.getByTestId("impact-badge")).toHaveText("Major impact");
  await expect(errors).toContainText("Affected: Test API (partial outage), Website (degraded performance)");
  await expect(errors.locator(".inc-entry-head")).toContainText("Resolved");
  await expect(errors).toContainText("Error rates are back to normal.");
  await expect(errors).toContainText(/· lasted (\d+ h( \d+ min)?|\d+ min|under a minute)Affected/);
  await expect(errors.getByRole("link", { name: "Elevated API errors" })).toHaveAttribute("href", `/incidents/${ids.errors}`);
  await expect(current.nth(0)).toContainText("Ongoing");
  await expect(current.nth(0).getByTestId("impact-badge")).toHaveText("Minor impact");
  for (const hidden of ["Internal tool", "Draft: secret migration", "API check is down"]) expect(await page.content()).not.toContain(hidden);
  // Every time is a <time datetime> in UTC words.
  for (const time of await page.locator("main time").all()) {
    expect(await time.getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    await expect(time).toHaveText(/^\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC$/);
  }

  const maintenance = months.nth(1).getByTestId("history-incident");
  await expect(maintenance).toHaveCount(1);
  await expect(maintenance.getByTestId("impact-badge")).toHaveText("Maintenance");
  await expect(maintenance).toContainText("Completed");
  await expect(maintenance).toContainText("lasted 2 h");
  await expect(maintenance).toContainText("Under maintenance: Test API");

  // Older, by a plain link: the next three months, the hostile title as text.
  const pager = page.getByRole("navigation", { name: "More incident history" });
  await expect(pager.getByRole("link", { name: "Newer" })).toHaveCount(0);
  await pager.getByRole("link", { name: "Older" }).click();
  await expect(page).toHaveURL(`${base}/history?before=${monthKey(2)}`);
  await expect(page.getByTestId("history-month").locator("h2")).toHaveText([monthLabel(3), monthLabel(4), monthLabel(5)]);
  const old = page.getByTestId("history-incident");
  await expect(old).toHaveCount(1);
  await expect(old.locator("h3")).toHaveText(HOSTILE_TITLE);
  await expect(old.getByTestId("impact-badge")).toHaveText("Critical impact");
  await expect(old).toContainText("lasted 1 day 2 h");
  await expectInert(page);
  await expect(page.getByRole("navigation", { name: "More incident history" }).getByRole("link", { name: "Older" })).toHaveCount(0);
  // ?page=2 is the same page, as Statuspage numbers them.
  const pageTwo = await context.newPage();
  await pageTwo.goto(`${base}/history?page=2`);
  await expect(pageTwo.getByTestId("history-month").locator("h2")).toHaveText([monthLabel(3), monthLabel(4), monthLabel(5)]);
  await page.getByRole("link", { name: "Newer" }).click();
  await expect(page).toHaveURL(`${base}/history`);
  // Nonsense in the query string is the first page.
  await page.goto(`${base}/history?before=<script>&page=-1`);
  await expect(page.getByTestId("history-month").first().locator("h2")).toHaveText(monthLabel(0));
  await context.close();
});

test("an incident's permalink shows its title, impact, components and whole timeline; merged ones redirect, drafts are not found", async ({ browser, request }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${base}/history`);
  await page.getByRole("link", { name: "Elevated API errors" }).click();
  await expect(page).toHaveURL(`${base}/incidents/${ids.errors}`);
  await expect(page).toHaveTitle("Elevated API errors");
  await expectStructure(page);
  const incident = page.getByTestId("incident-detail");
  await expect(page.getByRole("heading", { level: 1, name: "Elevated API errors" })).toBeVisible();
  await expect(incident.getByTestId("impact-badge")).toHaveText("Major impact");
  await expect(incident.getByTestId("incident-status")).toHaveText("Resolved");
  await expect(incident.getByTestId("affected-components").locator("li")).toHaveText(["Test APIPartial outage", "WebsiteDegraded performance"]);
  const entries = incident.getByTestId("timeline-entry");
  await expect(entries.locator(".inc-entry-head strong")).toHaveText(["Resolved", "Identified", "Investigating"]);
  await expect(entries.nth(1).locator("li")).toHaveText(["eu-west first", "then everywhere"]);
  await expect(entries.nth(2).locator("strong", { hasText: "Bold" })).toBeVisible();
  await expect(entries.nth(2).getByText("<script>window.__pwned = 1</script>")).toBeVisible();
  await expect(entries.nth(2).getByText('<img src=x onerror="window.__pwned = 2">')).toBeVisible();
  await expect(entries.nth(2).getByRole("link", { name: "https://example.com/status" })).toHaveAttribute("rel", "nofollow noopener noreferrer");
  await expectInert(page);
  expect(await page.content()).not.toContain("Internal tool");
  for (const time of await incident.locator("time").all()) await expect(time).toHaveText(/ UTC$/);
  await expect(entries.nth(0).locator("time")).toHaveAttribute("datetime", new Date(errorsResolvedAt).toISOString());
  await expect(page.getByRole("link", { name: "Back to status page" })).toHaveAttribute("href", "/");
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Incident history" })).toHaveAttribute("href", "/history");

  // Maintenance: its window, and the components under maintenance without an impact.
  await page.goto(`${base}/incidents/${ids.maintenance}`);
  await expect(page.getByTestId("incident-status")).toHaveText("Completed");
  await expect(page.getByTestId("impact-badge")).toHaveText("Maintenance");
  await expect(page.getByTestId("affected-components").locator("li")).toHaveText(["Test API"]);
  await expect(page.locator("dl")).toContainText("Window");
  await expect(page.locator("dl")).toContainText("Duration2 h");
  await expect(page.getByRole("heading", { level: 2, name: "Under maintenance" })).toBeVisible();
  // Open: no resolution yet.
  await page.goto(`${base}/incidents/${ids.open}`);
  await expect(page.getByTestId("incident-status")).toHaveText("Monitoring");
  await expect(page.locator("dl dt")).toHaveText(["Started", "Duration"]);
  await expect(page.locator("dl")).toContainText("DurationOngoing");
  await expect(page.getByText("No public components were affected.")).toBeVisible();

  // The hostile title, as text, in the page and its <title>.
  await page.goto(`${base}/incidents/${ids.old}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(HOSTILE_TITLE);
  await expect(page).toHaveTitle(HOSTILE_TITLE);
  await expectInert(page);

  // A merged automatic incident leads to the one it was merged into; drafts and nonsense are not found.
  const merged = await request.get(`${base}/incidents/${ids.merged}`, { maxRedirects: 0 });
  expect(merged.status()).toBe(308);
  expect(merged.headers().location).toBe(`/incidents/${ids.errors}`);
  await page.goto(`${base}/incidents/${ids.merged}`);
  await expect(page).toHaveURL(`${base}/incidents/${ids.errors}`);
  // Next renders a dynamic route's not-found page in the browser (vercel/next.js#62228): without
  // JavaScript the status is right but the body is empty, so the words are checked with it on.
  const withJs = await browser.newPage();
  for (const path of [`/incidents/${ids.draft}`, "/incidents/999999", "/incidents/0", "/incidents/abc", "/incidents/1e3", `/incidents/0${ids.errors}`]) {
    expect((await page.goto(`${base}${path}`))?.status(), path).toBe(404);
    expect(await page.content()).not.toContain("secret migration");
    expect((await withJs.goto(`${base}${path}`))?.status(), path).toBe(404);
    await expect(withJs.getByRole("heading", { level: 1, name: "Incident not found" })).toBeVisible();
    await expect(withJs.getByRole("link", { name: "Incident history" })).toHaveAttribute("href", "/history");
  }
  await withJs.close();
  await context.close();
});

test("screenshots: history and incident pages at 375 px and desktop, light and dark, without JavaScript, AA by axe", async ({ browser }, testInfo) => {
  // 20 pages, each rendered, screenshotted and checked by axe: a budget for a loaded machine.
  test.setTimeout(300_000);
  for (const [name, path] of [
    ["history", "/history"],
    ["history-older", `/history?before=${monthKey(2)}`],
    ["incident", `/incidents/${ids.errors}`],
    ["incident-open", `/incidents/${ids.open}`],
    ["maintenance", `/incidents/${ids.maintenance}`],
  ] as const) {
    for (const colorScheme of ["light", "dark"] as const) {
      for (const [size, viewport] of [
        ["desktop", { width: 1280, height: 900 }],
        ["phone", { width: 375, height: 740 }],
      ] as const) {
        const context = await (browser as Browser).newContext({ colorScheme, viewport, isMobile: size === "phone", javaScriptEnabled: false });
        const page = await context.newPage();
        forbidDialogs(page);
        await page.goto(`${base}${path}`);
        await expect(page.locator("main")).toBeVisible();
        const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        expect(background).toBe(colorScheme === "dark" ? "rgb(15, 18, 22)" : "rgb(246, 247, 249)");
        if (size === "phone") expect(await page.evaluate(() => document.documentElement.scrollWidth), `${name} fits 375 px`).toBeLessThanOrEqual(375);
        await shot(page, `history-${name}-${size}-${colorScheme}`, testInfo);
        await context.close();
        // axe needs script in the page: the same page again with JavaScript on.
        const withJs = await (browser as Browser).newContext({ colorScheme, viewport, isMobile: size === "phone" });
        const p = await withJs.newPage();
        await p.goto(`${base}${path}`);
        await expectAxeClean(p);
        await withJs.close();
      }
    }
  }
});
