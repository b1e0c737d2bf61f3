import { expect, test } from "@playwright/test";

/** Browsers ask every site for /favicon.ico; a 404 there is an error in every visitor's console. */
test("/favicon.ico and the icon the React pages link to are served", async ({ request, page }) => {
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/^image\/(x-icon|vnd\.microsoft\.icon)/);
  expect((await favicon.body()).subarray(0, 4).toString("hex")).toBe("00000100");

  // The sign-in page is a React page: its head links the SVG icon (Next's icon file convention).
  await page.goto("/login");
  const href = await page.locator('head link[rel="icon"][type="image/svg+xml"]').getAttribute("href");
  expect(href).toMatch(/^\/icon\.svg/);
  const svg = await request.get(href!);
  expect(svg.status()).toBe(200);
  expect(svg.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
});
