import { mkdirSync } from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { zonedToUtc } from "../lib/maintenance/zoned-time";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs } from "./sign-in";

/*
 * Maintenance from the dashboard, read in the browser's time zone: a weekly schedule made in
 * Berlin shows its next window at 02:30 Berlin time on the dashboard and on the public page,
 * while the database keeps UTC. Its own copy of the product, on its own database.
 */

const SHOTS = "/tmp/shots";
const ZONE = "Europe/Berlin";
let running: RunningApp | undefined;
let base = "";

test.describe.configure({ mode: "serial" });
test.use({ timezoneId: ZONE, locale: "en-GB" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  running = await startApp({
    name: "maintenance",
    config: `page:
  name: Maintenance E2E
components:
  - key: db
    name: Primary database
monitors: []
`,
  });
  base = running.base;
});

test.afterAll(async () => {
  await running?.stop();
});

/** The date `days` from now on Berlin's calendar, and its weekday (0 = Sunday). */
function berlinDay(days: number): { date: string; weekday: number } {
  const at = new Date(Date.now() + days * 86_400_000);
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
  return { date, weekday: new Date(`${date}T12:00:00Z`).getUTCDay() };
}

const signIn = (page: Page) => signInAs(page, base, "ops@example.com", "correct horse battery");

test("a weekly schedule made in Berlin shows its next window at 02:30 Berlin time on the dashboard and the public page", async ({ page }) => {
  await signIn(page);
  await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Maintenance" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Maintenance" })).toBeVisible();
  await page.getByRole("link", { name: "New recurring maintenance" }).click();

  const today = berlinDay(0);
  const target = berlinDay(3);
  await page.getByLabel("Title", { exact: true }).fill("Database patching");
  await page.getByLabel("Repeats").selectOption("weekly");
  await page.getByLabel("At (local time)").fill("02:30");
  // Not a weekday yet: the field says so in place and keeps what was typed.
  await page.getByLabel("Duration (minutes)").fill("90");
  await page.getByLabel("From", { exact: true }).fill(today.date);
  await page.getByLabel("Primary database").check();
  await page.getByLabel("Message").fill("Monthly **patches**, applied weekly.");
  await page.getByLabel("Publish its windows on the status page").check();
  // The zone is the browser's.
  await expect(page.getByLabel("Time zone")).toHaveValue(ZONE);
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page.getByRole("alert").first()).toContainText("Choose at least one weekday.");
  await expect(page.getByLabel("Title")).toHaveValue("Database patching");
  await expect(page.getByLabel("Duration (minutes)")).toHaveValue("90");

  const weekdayName = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"][target.weekday];
  await page.getByLabel(weekdayName).check();
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `${SHOTS}/maintenance-schedule-form-${width}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole("button", { name: "Create schedule" }).click();
  await expect(page).toHaveURL(/\/dashboard\/maintenance\?notice=/);

  const expected = new Date(zonedToUtc(`${target.date}T02:30`, ZONE)!).toISOString();
  const schedule = page.getByTestId("schedule-row");
  await expect(schedule).toContainText(`Weekly on ${weekdayName} at 02:30 (${ZONE})`);
  await expect(schedule).toContainText("for 1 h 30 min");
  const next = schedule.locator(`time[datetime="${expected}"]`);
  await expect(next).toContainText("02:30");
  // The UTC reading stays in the tooltip.
  await expect(next).toHaveAttribute("title", / UTC$/);
  const window = page.getByTestId("window-row").first();
  await expect(window).toContainText("Database patching");
  await expect(window).toContainText("Recurring");
  await expect(window.locator(`time[datetime="${expected}"]`)).toContainText("02:30");
  await expect(window.locator("time").nth(1)).toContainText("04:00");

  // A one-off window, typed in Berlin time.
  await page.getByRole("link", { name: "Schedule a window" }).click();
  await expect(page.getByText(`Times are in your time zone, ${ZONE}.`)).toBeVisible();
  const tomorrow = berlinDay(1).date;
  await page.getByLabel("Title", { exact: true }).fill("Failover drill");
  await page.getByLabel("Starts", { exact: true }).fill(`${tomorrow}T22:15`);
  await page.getByLabel("Ends", { exact: true }).fill(`${tomorrow}T23:00`);
  await page.getByLabel("Message").fill("Switching to the replica.");
  await page.getByLabel("Publish on the status page now").check();
  await page.getByRole("button", { name: "Schedule window" }).click();
  await expect(page.getByRole("status")).toHaveText("Maintenance window scheduled.");
  const drill = page.getByTestId("window-row").filter({ hasText: "Failover drill" });
  await expect(drill.locator(`time[datetime="${new Date(zonedToUtc(`${tomorrow}T22:15`, ZONE)!).toISOString()}"]`)).toContainText("22:15");

  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    for (const colorScheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme });
      await page.screenshot({ path: `${SHOTS}/maintenance-${width}-${colorScheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });

  // The public page lists both ahead, in the reader's zone.
  await page.goto(`${base}/`);
  const ahead = page.getByTestId("maintenance");
  await expect(ahead.getByTestId("maintenance-item").filter({ hasText: "Database patching" }).first().locator(`time[datetime="${expected}"]`)).toContainText("02:30");
  await expect(ahead).toContainText("Failover drill");

  // Cancelled, the drill leaves the list; edited, the schedule moves to 03:15; archived, its windows go.
  await page.goto(`${base}/dashboard/maintenance`);
  await page.getByRole("button", { name: "Cancel: Failover drill" }).click();
  await expect(page.getByRole("status")).toHaveText("Maintenance cancelled.");
  await expect(page.getByTestId("window-row").filter({ hasText: "Failover drill" })).toHaveCount(0);

  await page.getByRole("link", { name: "Edit Database patching" }).click();
  await expect(page.getByLabel("Time zone")).toHaveValue(ZONE);
  await expect(page.getByLabel(weekdayName)).toBeChecked();
  await page.getByLabel("At (local time)").fill("03:15");
  await page.getByRole("button", { name: "Save schedule" }).click();
  await expect(page.getByRole("status")).toContainText("Schedule saved");
  const moved = new Date(zonedToUtc(`${target.date}T03:15`, ZONE)!).toISOString();
  await expect(page.getByTestId("window-row").first().locator(`time[datetime="${moved}"]`)).toContainText("03:15");

  await page.getByRole("button", { name: "Archive Database patching" }).click();
  await expect(page.getByRole("status")).toContainText("Schedule archived");
  await expect(page.getByTestId("schedule-row")).toHaveCount(0);
  await expect(page.getByTestId("window-row")).toHaveCount(0);
  await expect(page.getByText("No maintenance ahead.")).toBeVisible();
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the window form offers a time-zone select set to UTC, and times read in UTC", async ({ page }) => {
    await signIn(page);
    await page.goto(`${base}/dashboard/maintenance/new`);
    await expect(page.getByLabel("Time zone")).toHaveValue("UTC");
    // Two days ahead in Berlin: 06:00 in Tokyo then is in the future whatever the hour the test runs.
    const later = berlinDay(2).date;
    await page.getByLabel("Title", { exact: true }).fill("Cable swap");
    await page.getByLabel("Starts", { exact: true }).fill(`${later}T06:00`);
    await page.getByLabel("Ends", { exact: true }).fill(`${later}T07:00`);
    await page.getByLabel("Time zone").selectOption("Asia/Tokyo");
    await page.getByLabel("Message").fill("Swapping cables.");
    await page.getByRole("button", { name: "Schedule window" }).click();
    await expect(page.getByRole("status")).toHaveText("Maintenance window scheduled.");
    const at = Date.parse(`${later}T06:00:00+09:00`);
    const fmt = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC" });
    await expect(page.getByTestId("window-row").filter({ hasText: "Cable swap" }).locator(`time[datetime="${new Date(at).toISOString()}"]`)).toHaveText(`${fmt.format(at)} UTC`);
  });
});
