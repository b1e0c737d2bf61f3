import { expect, test } from "@playwright/test";
import { setTarget } from "./target";

const target = () => process.env.E2E_TARGET_URL!;
const apiRow = (page: import("@playwright/test").Page) => page.locator('[data-testid="component"][data-component="Test API"]');

test.describe.configure({ mode: "serial" });

test("the page shows no data first, then operational, then down, then recovers", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "E2E Status" })).toBeVisible();
  // The target fails from the start: never green. 3 failures are needed for "down", so until
  // then it is "no data" (other spec files may have run first, in which case it is down).
  await expect(apiRow(page)).toHaveAttribute("data-status", /^(no_data|down)$/);
  await expect(apiRow(page).getByTestId("component-status")).toHaveText(/No data|Outage/);
  await page.screenshot({ path: "test-results/status-no-data.png", fullPage: true });

  await setTarget(target(), "up");
  await expect(async () => {
    await page.reload();
    await expect(apiRow(page)).toHaveAttribute("data-status", "operational", { timeout: 1_000 });
  }).toPass({ timeout: 40_000, intervals: [1_000] });
  await expect(page.getByTestId("overall")).toContainText(/All systems operational|no recent data/);

  await setTarget(target(), "down");
  await expect(async () => {
    await page.reload();
    await expect(apiRow(page)).toHaveAttribute("data-status", "down", { timeout: 1_000 });
  }).toPass({ timeout: 60_000, intervals: [1_000] });
  await expect(page.getByTestId("overall")).toContainText(/outage/i);
  await page.screenshot({ path: "test-results/status-down.png", fullPage: true });

  await setTarget(target(), "up");
  await expect(async () => {
    await page.reload();
    await expect(apiRow(page)).toHaveAttribute("data-status", "operational", { timeout: 1_000 });
  }).toPass({ timeout: 50_000, intervals: [1_000] });
});

test("private components never appear on the public page", async ({ page }) => {
  await page.goto("/");
  await expect(apiRow(page)).toBeVisible();
  await expect(page.getByText("Internal tool")).toHaveCount(0);
  expect(await page.content()).not.toContain("Internal check");
});

test("the page works without JavaScript, on a phone, in dark mode", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 375, height: 740 }, colorScheme: "dark", isMobile: true });
  const page = await context.newPage();
  await page.goto("/");
  await expect(apiRow(page)).toBeVisible();
  await expect(apiRow(page).getByRole("img", { name: /uptime over the last 90 days/ })).toBeVisible();
  // Nothing overflows the phone's width.
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scrollWidth).toBeLessThanOrEqual(375);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe("rgb(15, 18, 22)");
  await page.screenshot({ path: "test-results/status-phone-dark.png", fullPage: true });
  await context.close();
});

test("times are shown in the reader's time zone, with UTC in the tooltip (and UTC without JavaScript)", async ({ browser }) => {
  const context = await browser.newContext({ timezoneId: "Asia/Tokyo", locale: "en-GB" });
  const page = await context.newPage();
  await page.goto("/");
  const updated = page.getByTestId("overall").locator("time");
  await expect(updated).toHaveAttribute("title", / UTC$/);
  await expect(updated).toHaveText(/GMT\+9|JST/);
  await context.close();
  const noJs = await browser.newContext({ timezoneId: "Asia/Tokyo", javaScriptEnabled: false });
  const plain = await noJs.newPage();
  await plain.goto("/");
  await expect(plain.getByTestId("overall").locator("time")).toHaveText(/ UTC$/);
  await noJs.close();
});

test("the dashboard is private: first-run setup, sign in, monitor detail, sign out", async ({ page }) => {
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/setup$/);
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel(/^Password \(at least/).fill("correct horse battery");
  await page.getByLabel("Password again").fill("correct horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  const row = page.locator('[data-testid="monitor-row"][data-monitor="api-check"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText("%");
  // Private monitors are visible to the team.
  await expect(page.locator('[data-testid="monitor-row"][data-monitor="internal-check"]')).toBeVisible();
  // So are the worker roles, both reporting.
  await expect(page.getByTestId("worker-row")).toHaveCount(2);
  await expect(page.getByTestId("worker-row").filter({ hasText: "probe" })).toContainText("reporting");
  await page.screenshot({ path: "test-results/dashboard.png", fullPage: true });

  await row.getByRole("link", { name: "API check" }).click();
  await expect(page.getByRole("heading", { name: "Latency by phase, last 24 hours" })).toBeVisible();
  await expect(page.locator(".recharts-surface").first()).toBeVisible();
  await page.screenshot({ path: "test-results/monitor-detail.png", fullPage: true });

  // Setup is offered only while no user exists.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/login$/);

  await page.goto("/dashboard");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/login$/);

  // Wrong password: a clear error, no session.
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill("wrong password!!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText("Wrong email or password.");
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("a heartbeat monitor takes pushes on its secret URL, shown on the dashboard", async ({ page, request }) => {
  // Sign in (the admin account exists from the previous test).
  await page.goto("/login");
  await page.getByLabel("Email").fill("admin@example.com");
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/dashboard/monitors/backup-job");
  const pushLine = await page.getByTestId("push-url").innerText();
  const url = pushLine.replace(/^curl -fsS /, "").trim();
  expect(url).toMatch(/\/api\/push\/[A-Za-z0-9_-]{43}$/);

  const ok = await request.get(url);
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toEqual({ ok: true, status: "up" });
  const wrong = await request.post(url.replace(/.{6}$/, "AAAAAA"));
  expect(wrong.status()).toBe(404);
  expect(await wrong.json()).toEqual({ ok: false, error: "unknown push token" });

  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("monitor-status")).toHaveText(/Operational/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000, intervals: [1_000] });
  // Not on the public page: its component is private.
  await page.goto("/");
  expect(await page.content()).not.toContain("Backup job");
});

test("a remote probe in push mode delivers its region's results through the app", async ({ page }) => {
  const { execFileSync, spawn } = await import("node:child_process");
  const { createClient } = await import("@libsql/client");
  const dir = process.env.E2E_DIR!;
  const env = { ...process.env, DATABASE_URL: `file:${dir}/e2e.db` };
  const created = execFileSync(process.execPath, ["--import", "tsx", "worker/probe-tokens.ts", "create", "eu-remote"], { env, encoding: "utf8" });
  const token = created.trim().split("\n").pop()!;
  expect(token).toMatch(/^pt_/);

  const probe = spawn(
    process.execPath,
    [".next/worker/index.mjs", "--role", "probe", "--region", "eu-remote", "--hub", process.env.E2E_BASE_URL!, "--token", token, "--outbox", `${dir}/outbox.db`],
    // A remote probe needs no database: it must not even open the one DATABASE_URL names.
    { env: { ...process.env, DATABASE_URL: `file:${dir}/remote-probe-must-not-open.db` }, stdio: ["ignore", "ignore", "inherit"] },
  );
  try {
    const db = createClient({ url: `file:${dir}/e2e.db` });
    await expect(async () => {
      const rs = await db.execute("SELECT count(*) AS n FROM check_results r JOIN regions g ON g.id = r.region_id WHERE g.name = 'eu-remote'");
      expect(Number(rs.rows[0].n)).toBeGreaterThan(0);
    }).toPass({ timeout: 40_000, intervals: [1_000] });
    db.close();

    // The team sees the remote region reporting on the dashboard.
    await page.goto("/login");
    await page.getByLabel("Email").fill("admin@example.com");
    await page.getByLabel("Password").fill("correct horse battery");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId("worker-row").filter({ hasText: "eu-remote" })).toContainText("reporting");
    const { existsSync } = await import("node:fs");
    expect(existsSync(`${dir}/remote-probe-must-not-open.db`)).toBe(false);
  } finally {
    probe.kill("SIGKILL");
  }
});
