import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { hashPassword, verifyPassword } from "./password";
import { createFirstAdmin, endSession, FREE_LOGIN_FAILURES, LOGIN_FAILURE_WINDOW_MS, MAX_EMAIL_LENGTH, pruneAuthRows, SESSION_TTL_MS, sessionUser, signIn, userCount } from "./users";
import { UserError } from "../errors";
import { sql } from "drizzle-orm";

describe("passwords", () => {
  it("hashes with scrypt and a random salt, and verifies", async () => {
    const a = await hashPassword("correct horse battery");
    const b = await hashPassword("correct horse battery");
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("x", "garbage")).toBe(false);
  });
});

describe("accounts and sessions", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("creates the first admin only while no user exists", async () => {
    expect(await userCount(db)).toBe(0);
    await createFirstAdmin(db, " Admin@Example.com ", "long enough pw");
    const [u] = await db.select().from(users);
    expect(u.email).toBe("admin@example.com");
    expect(u.passwordHash).not.toContain("long enough pw");
    await expect(createFirstAdmin(db, "other@example.com", "long enough pw")).rejects.toMatchObject({ code: "conflict" });
    expect(await userCount(db)).toBe(1);
  });

  it("rejects bad input with a message that says what to change", async () => {
    await expect(createFirstAdmin(db, "not-an-email", "long enough pw")).rejects.toThrow(/email address/);
    await expect(createFirstAdmin(db, "a@b.c", "short")).rejects.toThrow(/at least 10 characters/);
  });

  it("signs in, resolves the session, expires it, and ends it at logout", async () => {
    await createFirstAdmin(db, "admin@example.com", "long enough pw");
    const now = Date.now();
    const { token } = await signIn(db, "admin@example.com", "long enough pw", "127.0.0.1", now);
    expect(await sessionUser(db, token, now)).toMatchObject({ email: "admin@example.com" });
    expect(await sessionUser(db, token, now + SESSION_TTL_MS + 1)).toBeNull();
    expect(await sessionUser(db, "forged", now)).toBeNull();
    await endSession(db, token);
    expect(await sessionUser(db, token, now)).toBeNull();
  });

  it("slows down repeated failed sign-ins, and says how long to wait", async () => {
    await createFirstAdmin(db, "admin@example.com", "long enough pw");
    const now = Date.now();
    for (let i = 0; i < FREE_LOGIN_FAILURES; i++) {
      await expect(signIn(db, "admin@example.com", "wrong password", "10.0.0.1", now + i)).rejects.toMatchObject({ code: "unauthorized" });
    }
    // Past the free failures the key is locked for a while: even the right password waits.
    const err = await signIn(db, "admin@example.com", "long enough pw", "10.0.0.1", now + 20).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.code).toBe("rate_limited");
    expect(err.message).toMatch(/Try again in \d+ seconds/);
    // After the wait, the right password works and resets the count.
    const later = now + 20 + (err.retryAfterS ?? 0) * 1000 + 1;
    await expect(signIn(db, "admin@example.com", "long enough pw", "10.0.0.2", later)).resolves.toHaveProperty("token");
  });

  it("stores nothing for an oversized email, and keeps throttle keys short", async () => {
    await createFirstAdmin(db, "admin@example.com", "long enough pw");
    const huge = "a".repeat(900_000) + "@example.com";
    for (let i = 0; i < 20; i++) {
      await expect(signIn(db, huge, "wrong password", "203.0.113.9", Date.now())).rejects.toMatchObject({ code: "unauthorized" });
    }
    await expect(signIn(db, "x@example.com", "p".repeat(2_000_000), "203.0.113.9")).rejects.toMatchObject({ code: "unauthorized" });
    await expect(signIn(db, "x@example.com", "wrong", "c".repeat(10_000))).rejects.toMatchObject({ code: "unauthorized" });
    const rows = await db.all<{ key: string }>(sql`SELECT key FROM login_attempts`);
    expect(rows.every((r) => r.key.length <= MAX_EMAIL_LENGTH + 10)).toBe(true);
    expect(rows.map((r) => r.key)).not.toContain(`email:${huge}`);
    await expect(createFirstAdmin(db, "b".repeat(300) + "@x.io", "long enough pw")).rejects.toThrow(/at most 254 characters/);
  });

  it("lets exactly one of 60 concurrent attempts check a password once a lockout ends", async () => {
    await createFirstAdmin(db, "admin@example.com", "long enough pw");
    const t0 = Date.now();
    for (let i = 0; i < FREE_LOGIN_FAILURES; i++) {
      await expect(signIn(db, "admin@example.com", "wrong password", "198.51.100.7", t0 + i)).rejects.toMatchObject({ code: "unauthorized" });
    }
    // The first lockout (1 s) has passed: all 60 race for the one attempt it allows.
    const at = t0 + FREE_LOGIN_FAILURES + 1_001;
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, () => signIn(db, "admin@example.com", "wrong password", "198.51.100.7", at).then(() => "signed-in", (e: UserError) => e.code)),
    );
    expect(outcomes.filter((o) => o === "unauthorized")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "rate_limited")).toHaveLength(59);
  });

  it("prunes throttle rows past their window and expired sessions", async () => {
    await createFirstAdmin(db, "admin@example.com", "long enough pw");
    const t0 = Date.now();
    await expect(signIn(db, "someone@example.com", "wrong password", "192.0.2.1", t0)).rejects.toMatchObject({ code: "unauthorized" });
    await signIn(db, "admin@example.com", "long enough pw", "192.0.2.2", t0);
    expect(await pruneAuthRows(db, t0 + 1_000)).toBe(0);
    const later = t0 + Math.max(LOGIN_FAILURE_WINDOW_MS, SESSION_TTL_MS) + 1;
    expect(await pruneAuthRows(db, later)).toBeGreaterThanOrEqual(3); // two keys of the failure, the client key of the success, one session
    expect(await db.all(sql`SELECT * FROM login_attempts`)).toEqual([]);
    expect(await db.all(sql`SELECT * FROM sessions`)).toEqual([]);
  });
});
