import { createHash, randomBytes } from "node:crypto";
import type { Client } from "@libsql/client";
import { expect, type Page } from "@playwright/test";

/** Signs in through the forms, creating the first admin on a fresh product. */
export async function signIn(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/dashboard`);
  if (page.url().endsWith("/setup")) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel(/^Password \(at least/).fill(password);
    await page.getByLabel("Password again").fill(password);
    await page.getByRole("button", { name: "Create account" }).click();
  } else if (page.url().endsWith("/login")) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
  }
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** A viewer with a session written straight into the database; the cookie that carries it. */
export async function viewerSessionCookie(db: Client, email = "viewer@example.com"): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const now = Date.now();
  const user = await db.execute({ sql: "INSERT INTO users (email, password_hash, role, created_at) VALUES (?, 'scrypt$unused', 'viewer', ?) RETURNING id", args: [email, now] });
  await db.execute({ sql: "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)", args: [createHash("sha256").update(token).digest("hex"), user.rows[0].id, now, now + 3_600_000] });
  return `status_session=${token}`;
}
