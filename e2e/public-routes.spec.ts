import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";

/**
 * Every public route, walked with private monitors present (the setup's "Internal tool"
 * component with "Internal check" and "Backup job", and nothing else private): none of them may
 * ever name or count them. Private subjects answer exactly like unknown ones.
 */
const PRIVATE_WORDS = ["Internal tool", "Internal check", "internal-check", "Backup job", "backup-job"];

const month = new Date().toISOString().slice(0, 7);
const PUBLIC_ROUTES = [
  "/",
  "/history",
  "/subscribe",
  `/report/${month}`,
  `/report/${month}/api`,
  "/feed.rss",
  "/feed.atom",
  "/api/v2/summary.json",
  "/api/v2/status.json",
  "/api/v2/components.json",
  "/api/v2/incidents.json",
  "/api/v2/incidents/unresolved.json",
  "/api/v2/scheduled-maintenances.json",
  "/api/v2/scheduled-maintenances/upcoming.json",
  "/api/v2/scheduled-maintenances/active.json",
  "/badge/component/api/status.svg",
  "/badge/component/api/uptime-30d.json",
  "/badge/monitor/api-check/response-time-24h.svg",
  "/embed/component/api?layout=full",
  "/embed.js",
];
/** Private subjects: each must answer like a key that does not exist. */
const PRIVATE_ROUTES = [
  ["/badge/component/internal/status.svg", "/badge/component/no-such-key/status.svg"],
  ["/badge/monitor/internal-check/uptime-30d.json", "/badge/monitor/no-such-key/uptime-30d.json"],
  ["/card/component/internal.png", "/card/component/no-such-key.png"],
  ["/embed/component/internal", "/embed/component/no-such-key"],
  [`/report/${month}/internal`, `/report/${month}/no-such-key`],
];

test("no public route ever shows a private monitor or component", async ({ request }) => {
  for (const path of PUBLIC_ROUTES) {
    const res = await request.get(path);
    expect(res.status(), path).toBeLessThan(400);
    const body = await res.text();
    for (const word of PRIVATE_WORDS) expect(body, `${path} names "${word}"`).not.toContain(word);
  }
  for (const [privatePath, unknownPath] of PRIVATE_ROUTES) {
    const [priv, unknown] = await Promise.all([request.get(privatePath), request.get(unknownPath)]);
    expect(priv.status(), privatePath).toBe(404);
    expect(priv.status(), privatePath).toBe(unknown.status());
    const body = await priv.text();
    for (const word of PRIVATE_WORDS) expect(body, `${privatePath} names "${word}"`).not.toContain(word);
  }
  // The component list of the API holds the public component only.
  const components = (await (await request.get("/api/v2/components.json")).json()) as { components: { name: string }[] };
  expect(components.components.map((c) => c.name)).not.toContain("Internal tool");
});

for (const path of ["/", "/history", "/subscribe", `/report/${month}`]) {
  for (const colorScheme of ["light", "dark"] as const) {
    test(`${path} has no serious accessibility violations (${colorScheme})`, async ({ browser }, testInfo) => {
      const context = await browser.newContext({ colorScheme });
      const page = await context.newPage();
      await page.goto(path);
      const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      await page.screenshot({ path: testInfo.outputPath(`${path.replaceAll("/", "_") || "root"}-${colorScheme}.png`), fullPage: true });
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")})`)).toEqual([]);
      await context.close();
    });
  }
}
