import { statSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { readFileSync } from "node:fs";
import { createClient, type Client } from "@libsql/client";
import { expect, test } from "@playwright/test";
import { startApp, type RunningApp } from "./app";

/**
 * What a hostile client can do over HTTP to the built product, with forwarded headers from a
 * client that is no proxy: bodies past their limits are refused with 413 without being read,
 * sign-in cannot fill the disk, rotating X-Forwarded-For does not reset rate limits, every page
 * refuses to be framed (but the embed), and the session cookie is Secure when PUBLIC_URL is https.
 */
const config = `page:
  name: Hardening test
components:
  - key: api
    name: API
monitors:
  - key: api-check
    name: API check
    type: tcp
    component: api
    interval: 1h
    host: 127.0.0.1
    port: 9
`;

let app: RunningApp;
let db: Client;

const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
const actionId = (name: string) => Object.entries(manifest.node).find(([, a]) => a.exportedName === name)![0];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  // No TRUST_PROXY: the tests' own X-Forwarded-For headers come from an untrusted client.
  // SMTP names a closed port: email subscriptions are offered (nothing needs to arrive here).
  app = await startApp({ name: "hardening", config, env: { PUBLIC_URL: "https://status.example.test", SMTP_URL: "smtp://127.0.0.1:9" } });
  db = createClient({ url: app.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
});

/** Sends `bytes` of body (chunked when `declare` is false) and returns the status, however early the server answers. */
function post(path: string, bytes: number, opts: { declare: boolean; type: string; headers?: Record<string, string> }): Promise<number> {
  const url = new URL(path, app.base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { "content-type": opts.type, origin: app.base, ...opts.headers };
    if (opts.declare) headers["content-length"] = String(bytes);
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      req.destroy();
    });
    req.on("error", (e: NodeJS.ErrnoException) => (["EPIPE", "ECONNRESET"].includes(e.code ?? "") ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    // A declared length is answered before the body: send a little of it and wait for that answer.
    const until = opts.declare ? Math.min(bytes, 256 * 1024) : bytes;
    const pump = () => {
      while (sent < until) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
      if (!opts.declare) req.end();
    };
    pump();
    setTimeout(() => reject(new Error(`${path}: no answer within 20 s`)), 20_000).unref();
  });
}

test("bodies past their limit get 413, declared or streamed, on route handlers and server actions", async () => {
  expect(await post("/api/subscribe", 3 * 1024 * 1024, { declare: true, type: "application/json" })).toBe(413);
  expect(await post("/api/subscribe", 50 * 1024 * 1024, { declare: false, type: "application/json" })).toBe(413);
  expect(await post("/api/probe/results", 200 * 1024 * 1024, { declare: true, type: "application/json" })).toBe(413);
  // A server action (the sign-in form) past next.config.ts's 256 KB, declared as browsers do.
  expect(await post("/login", 400 * 1024, { declare: true, type: "multipart/form-data; boundary=x", headers: { "next-action": actionId("loginAction") } })).toBe(413);
  // Streamed, Next stops reading at the same limit (it answers with an error, not 413).
  expect(await post("/login", 8 * 1024 * 1024, { declare: false, type: "multipart/form-data; boundary=x", headers: { "next-action": actionId("loginAction") } })).toBeGreaterThanOrEqual(400);
  // The app is still there and small after all that.
  expect((await fetch(`${app.base}/api/v2/status.json`)).status).toBe(200);
});

test("sign-in with huge addresses stores nothing that grows the database", async () => {
  // First-run setup, so /login is the form.
  const setup = new FormData();
  setup.set(`$ACTION_ID_${actionId("setupAction")}`, "");
  setup.set("email", "owner@hardening.test");
  setup.set("password", "a long enough password");
  setup.set("confirm", "a long enough password");
  expect((await fetch(`${app.base}/setup`, { method: "POST", body: setup, redirect: "manual", headers: { origin: app.base } })).status).toBe(303);

  const dbFile = app.dbUrl.replace(/^file:/, "");
  const sizeBefore = statSync(dbFile).size + (statSync(`${dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  for (let i = 0; i < 20; i++) {
    const form = new FormData();
    form.set(`$ACTION_ID_${actionId("loginAction")}`, "");
    form.set("email", `${i}${"x".repeat(200_000)}@example.com`);
    form.set("password", "wrong password");
    const res = await fetch(`${app.base}/login`, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base } });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/login\?error=/);
  }
  const rows = (await db.execute("SELECT key FROM login_attempts")).rows.map((r) => String(r.key));
  expect(rows.every((k) => k.length < 300)).toBe(true);
  const sizeAfter = statSync(dbFile).size + (statSync(`${dbFile}-wal`, { throwIfNoEntry: false })?.size ?? 0);
  expect(sizeAfter - sizeBefore).toBeLessThan(2 * 1024 * 1024);
});

test("every answer carries a request id of the server's choosing, not the client's", async () => {
  const ids: string[] = [];
  for (const path of ["/", "/api/v2/summary.json", "/login", "/no-such-page"]) {
    const res = await fetch(`${app.base}${path}`, { headers: { "x-request-id": "forged-by-the-client-0001" } });
    await res.arrayBuffer();
    ids.push(res.headers.get("x-request-id") ?? "");
  }
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(new Set(ids).size).toBe(ids.length);
});

test("rotating X-Forwarded-For from a client that is no proxy does not reset the subscribe limit", async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 15; i++) {
    const res = await fetch(`${app.base}/api/subscribe`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${i + 1}`, "x-real-ip": `198.51.100.${i + 1}` },
      body: JSON.stringify({ email: `reader${i}@example.com`, all: true }),
    });
    statuses.push(res.status);
  }
  expect(statuses.filter((s) => s === 202)).toHaveLength(10);
  expect(statuses.slice(10)).toEqual([429, 429, 429, 429, 429]);
});

test("pages refuse framing (the embed allows it), and the session cookie is Secure under an https PUBLIC_URL", async () => {
  for (const path of ["/", "/history", "/login", "/dashboard", "/subscribe"]) {
    const res = await fetch(app.base + path, { redirect: "manual" });
    expect(res.headers.get("x-frame-options"), path).toBe("DENY");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).toContain("object-src 'none'");
    expect(csp, path).toContain("base-uri 'self'");
  }
  const embed = await fetch(`${app.base}/embed/component/api`);
  expect(embed.status).toBe(200);
  expect(embed.headers.get("x-frame-options")).toBeNull();
  // Nothing but its inline styles: no script, no plugin, no request anywhere.
  expect(embed.headers.get("content-security-policy")).toMatch(/^default-src 'none'; style-src 'unsafe-inline'/);
  expect(embed.headers.get("content-security-policy")).not.toContain("frame-ancestors");
  // Badges keep their own, stricter policy.
  expect((await fetch(`${app.base}/badge/component/api/status.svg`)).headers.get("content-security-policy")).toMatch(/^default-src 'none'/);

  const form = new FormData();
  form.set(`$ACTION_ID_${actionId("loginAction")}`, "");
  form.set("email", "owner@hardening.test");
  form.set("password", "a long enough password");
  // Over plain HTTP from loopback, with a forged X-Forwarded-Proto: PUBLIC_URL decides.
  const res = await fetch(`${app.base}/login`, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base, "x-forwarded-proto": "http" } });
  expect(res.status).toBe(303);
  const cookie = res.headers.get("set-cookie") ?? "";
  expect(cookie).toMatch(/^status_session=/);
  expect(cookie).toMatch(/;\s*Secure/i);
  expect(cookie).toMatch(/;\s*HttpOnly/i);
});

test("the public page keeps itself current without a reload, and shows when it last checked", async ({ page }) => {
  await page.clock.install();
  await page.goto(`${app.base}/`);
  await page.evaluate(() => ((window as unknown as { marker: string }).marker = "same page"));
  await expect(page.getByTestId("incidents")).toHaveCount(0);
  const refreshed = page.locator("time[data-refreshed]");
  await expect(refreshed).toHaveText(/\d{2}:\d{2}:\d{2}/);
  // The team opens an incident (written as the dashboard does, published at once).
  const now = Date.now();
  await db.batch(
    [
      { sql: "INSERT INTO incidents (title, kind, status, impact, source, published, started_at, created_at, updated_at) VALUES ('Checkout errors', 'incident', 'investigating', 'major', 'manual', 1, ?, ?, ?)", args: [now, now, now] },
      { sql: "INSERT INTO incident_updates (incident_id, status, body, created_at) VALUES ((SELECT max(id) FROM incidents), 'investigating', 'We are looking into it.', ?)", args: [now] },
    ],
    "write",
  );
  await page.clock.runFor(31_000);
  await expect(page.getByTestId("incidents")).toContainText("Checkout errors");
  expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe("same page");
  // Times in the swapped markup are shown in the reader's zone again.
  await expect(page.getByTestId("incidents").locator("time[data-local]").first()).toHaveAttribute("title", /UTC$/);
});

test("a day of the uptime bar can be read by tap and by keyboard, not only by hover", async ({ page }) => {
  await page.goto(`${app.base}/`);
  const bar = page.locator(".bars[role=img]").first();
  const tip = page.getByTestId("day-tip").first();
  await expect(tip).toBeHidden();
  // Keyboard: the bar is one tab stop; focus shows today, arrows move through the days.
  await bar.focus();
  await expect(tip).toHaveText(/^\d{1,2} \w{3}.* 2026: /);
  const today = await tip.textContent();
  await page.keyboard.press("Home");
  await expect(tip).not.toHaveText(today!);
  await page.keyboard.press("End");
  await expect(tip).toHaveText(today!);
  await page.keyboard.press("Escape");
  await expect(tip).toBeHidden();
  // Touch: a tap on a day shows its text.
  await bar.locator("i").first().click();
  await expect(tip).toHaveText(await bar.locator("i").first().getAttribute("title") ?? "none");
});
