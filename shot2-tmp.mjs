import { chromium } from "playwright-core";
const base = "http://127.0.0.1:3560";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox","--disable-gpu","--disable-background-networking","--disable-component-update","--disable-sync","--no-first-run"] });
for (const [w, h, scheme] of [[1280, 900, "light"], [375, 800, "dark"]]) {
  const p = await b.newPage({ viewport: { width: w, height: h }, colorScheme: scheme });
  const errors = []; p.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await p.goto(base + "/");
  await p.screenshot({ path: `/tmp/try/public-${w}-${scheme}.png`, fullPage: false });
  console.log(w, scheme, errors);
}
await b.close();
