import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createClient, type Client } from "@libsql/client";
import { expect, test, type Page } from "@playwright/test";
import { startApp, type RunningApp } from "./app";
import { signIn as signInAs } from "./sign-in";

/*
 * Alert channels and escalation policies managed from the dashboard: an admin creates a webhook
 * channel pointing at a loopback receiver, presses "Send test message" and reads "Delivered";
 * edits it with the secret left blank (kept: the next test is signed with it); creates a policy;
 * the config file's channel is read-only; a viewer sees no control and gets 403.
 */

const SHOTS = "/tmp/shots-channels";
const EMAIL = "ops@example.com";
const PASSWORD = "correct horse battery";
const SECRET = `whsec_${randomBytes(32).toString("base64")}`;

let app: RunningApp;
let db: Client;
let receiver: Server;
let receiverUrl = "";
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(req.url === "/missing" ? 404 : 200).end("ok");
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  app = await startApp({
    name: "channels",
    config: `page:
  name: Channels E2E
channels:
  - key: ops-mail
    name: Ops mail
    type: email
    to: [ops@example.com]
escalation:
  - key: default
    steps:
      - channels: [ops-mail]
`,
  });
  db = createClient({ url: app.dbUrl });
});

test.afterAll(async () => {
  db?.close();
  await app?.stop();
  await new Promise((resolve) => receiver?.close(resolve));
});

const signIn = (page: Page) => signInAs(page, app.base, EMAIL, PASSWORD);

async function shoot(page: Page, name: string) {
  for (const scheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: `${SHOTS}/${name}-${width}-${scheme}.png`, fullPage: true });
    }
  }
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });
}

const row = (page: Page, key: string) => page.locator(`[data-testid="channel-row"][data-key="${key}"]`);

test("create a webhook channel in the form, send a test message and read Delivered; edit it with the secret kept", async ({ page }) => {
  await signIn(page);
  await page.goto(`${app.base}/dashboard/notifications`);
  await expect(row(page, "ops-mail").getByTestId("managed-by-config")).toBeVisible();
  await page.getByRole("link", { name: "New channel" }).click();
  await page.getByRole("link", { name: "Webhook" }).click();
  await page.getByLabel("Name").fill("Team hook");
  await page.getByLabel("Key").fill("team-hook");
  await page.getByLabel("URL").fill(`${receiverUrl}/missing`);
  await page.getByLabel("Signing secret").fill("not-a-secret");
  await page.getByRole("button", { name: "Create channel" }).click();
  // The file's message, beside the field; what was typed stays, the secret does not come back.
  await expect(page.locator("#f-secret-error")).toContainText("whsec_");
  await expect(page.getByLabel("Name")).toHaveValue("Team hook");
  await expect(page.getByLabel("Signing secret")).toHaveValue("");
  await shoot(page, "new-channel-error");
  await page.getByLabel("Signing secret").fill(SECRET);
  await page.getByRole("button", { name: "Create channel" }).click();
  await expect(page.getByRole("status")).toContainText('Channel "team-hook" created');
  await expect(row(page, "team-hook")).toContainText("whsec_…");
  expect(await page.content()).not.toContain(SECRET.slice(6));

  // A failing receiver says so in words.
  await row(page, "team-hook").getByRole("button", { name: /Send test message/ }).click();
  await expect(row(page, "team-hook").getByRole("alert")).toContainText("Not delivered");
  await expect(row(page, "team-hook").getByRole("alert")).toContainText("HTTP 404");

  // Point it at the right path; the secret is left blank and kept.
  await row(page, "team-hook").getByRole("link", { name: "Edit Team hook" }).click();
  await expect(page.getByLabel("Signing secret")).toHaveValue("");
  await expect(page.getByText(/Stored: whsec_…/)).toBeVisible();
  await page.getByLabel("URL").fill(`${receiverUrl}/hook`);
  await shoot(page, "edit-channel");
  await page.getByRole("button", { name: "Save channel" }).click();
  await expect(page.getByRole("status")).toContainText('Channel "team-hook" saved');

  const before = received.length;
  await row(page, "team-hook").getByRole("button", { name: /Send test message/ }).click();
  await expect(row(page, "team-hook").getByTestId("test-result")).toHaveText(/^Delivered in \d+ ms: HTTP 200$/);
  expect(received.length).toBe(before + 1);
  const { Webhook } = await import("standardwebhooks");
  const verified = new Webhook(SECRET).verify(received[before].body, received[before].headers as Record<string, string>) as { type: string };
  expect(verified.type).toBe("test");
  await shoot(page, "notifications");
  const audit = (await db.execute("SELECT action, after FROM audit_log WHERE entity = 'channel' ORDER BY id")).rows;
  expect(audit.map((r) => r.action)).toEqual(["channel.create", "channel.test", "channel.update", "channel.test"]);
  expect(JSON.stringify(audit)).not.toContain(SECRET.slice(6));
});

test("create an escalation policy over the new channel; the file's policy is read-only", async ({ page }) => {
  await signIn(page);
  await page.goto(`${app.base}/dashboard/notifications`);
  await expect(page.locator('[data-testid="policy-row"][data-key="default"]').getByTestId("managed-by-config")).toBeVisible();
  await page.getByRole("link", { name: "New escalation policy" }).click();
  await page.getByLabel("Name").fill("Night shift");
  await page.getByLabel("Key").fill("night");
  await page.getByLabel("Step 1 channels").fill("team-hok");
  await page.getByLabel("Step 2 after").fill("10m");
  await page.getByLabel("Step 2 channels").fill("ops-mail");
  await page.getByLabel("Repeat every").fill("30m");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByTestId("policy-form").getByRole("alert").first()).toContainText('unknown channel "team-hok", did you mean "team-hook"?');
  await expect(page.getByLabel("Name")).toHaveValue("Night shift");
  await shoot(page, "new-policy-error");
  await page.getByLabel("Step 1 channels").fill("team-hook");
  await page.getByRole("button", { name: "Create policy" }).click();
  await expect(page.getByRole("status")).toContainText('Escalation policy "night" created');
  const policy = page.locator('[data-testid="policy-row"][data-key="night"]');
  await expect(policy).toContainText("At once: team-hook");
  await expect(policy).toContainText("After 10m: ops-mail");
  await expect(policy).toContainText("every 30m");
  // The channel is in use now: archiving it is refused, naming the policy.
  await row(page, "team-hook").getByRole("button", { name: "Archive Team hook" }).click();
  await expect(row(page, "team-hook").getByRole("alert")).toContainText('used by the escalation policy "night"');
});

test("a viewer sees channels and policies, masked, with no control, and gets 403 from every form and action", async () => {
  const token = randomBytes(24).toString("base64url");
  const now = Date.now();
  const user = await db.execute({ sql: "INSERT INTO users (email, password_hash, role, created_at) VALUES ('viewer@example.com', 'scrypt$unused', 'viewer', ?) RETURNING id", args: [now] });
  await db.execute({ sql: "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", args: [createHash("sha256").update(token).digest("hex"), user.rows[0].id, now, now + 3_600_000] });
  const cookie = `status_session=${token}`;
  const page = await (await fetch(`${app.base}/dashboard/notifications`, { headers: { cookie } })).text();
  expect(page).toContain("team-hook");
  expect(page).not.toContain(SECRET.slice(6));
  expect(page).not.toContain("Send test message");
  expect(page).not.toContain("New channel");
  expect(page).not.toContain("Archive");
  for (const path of ["/dashboard/notifications/channels/new", "/dashboard/notifications/channels/team-hook/edit", "/dashboard/notifications/policies/new", "/dashboard/notifications/policies/night/edit"]) {
    const res = await fetch(app.base + path, { headers: { cookie } });
    expect(res.status, path).toBe(403);
    const body = await res.text();
    expect(body).not.toContain('data-testid="channel-form"');
    expect(body).not.toContain('data-testid="policy-form"');
  }
  const state = async () => JSON.stringify((await db.execute("SELECT key, name, config_hash, archived_at FROM notification_channels UNION ALL SELECT key, name, config_hash, archived_at FROM escalation_policies ORDER BY 1")).rows);
  const before = await state();
  const sentBefore = received.length;
  const manifest = JSON.parse(await readFile(".next/server/server-reference-manifest.json", "utf8")) as { node: Record<string, { exportedName?: string }> };
  const idOf = (name: string) => Object.entries(manifest.node).find(([, a]) => a.exportedName === name)![0];
  const fields = { key: "team-hook", type: "webhook", name: "Injected by a viewer", url: `${receiverUrl}/viewer`, step0Channels: "team-hook" };
  for (const action of ["createChannelAction", "updateChannelAction", "archiveChannelAction", "testChannelAction", "createPolicyAction", "updatePolicyAction", "archivePolicyAction"]) {
    const form = new FormData();
    form.set(`$ACTION_ID_${idOf(action)}`, "");
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    const res = await fetch(`${app.base}/dashboard/notifications`, { method: "POST", body: form, redirect: "manual", headers: { origin: app.base, cookie } });
    expect(res.status, action).toBe(403);
    expect(await res.text(), action).not.toContain("Injected by a viewer");
  }
  expect(await state()).toBe(before);
  expect(received.length).toBe(sentBefore);
});
