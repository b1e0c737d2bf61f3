import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3560";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"] });
const ctx = await b.newContext({ viewport: { width: 1280, height: 900 } });
const p = await ctx.newPage();
await p.goto(base + "/dashboard");
if (p.url().endsWith("/setup")) {
  await p.getByLabel("Email").fill("me@example.com");
  await p.getByLabel(/^Password \(at least/).fill("long enough pw");
  await p.getByLabel("Password again").fill("long enough pw");
  await p.getByRole("button", { name: "Create account" }).click();
} else if (p.url().includes("/login")) {
  await p.getByLabel("Email").fill("me@example.com");
  await p.getByLabel("Password").fill("long enough pw");
  await p.getByRole("button", { name: "Sign in" }).click();
}
await p.waitForURL(/dashboard/);
for (const [w, h] of [[1280, 900], [375, 800]]) {
  for (const scheme of ["light", "dark"]) {
    await p.setViewportSize({ width: w, height: h });
    await p.emulateMedia({ colorScheme: scheme });
    await p.goto(base + "/dashboard");
    await p.screenshot({ path: `/tmp/try/dash-${w}-${scheme}.png`, fullPage: true });
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    console.log(w, scheme, "horizontal overflow px:", overflow);
  }
}
await b.close();
