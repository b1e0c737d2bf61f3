import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb } from "../db/test-db";
import type { Db } from "../db/client";
import { users } from "../db/schema";
import { hashPassword, verifyPassword } from "./password";
import { AuthError, createFirstAdmin, endSession, FREE_LOGIN_FAILURES, SESSION_TTL_MS, sessionUser, signIn, userCount } from "./users";

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
    await expect(createFirstAdmin(db, "other@example.com", "long enough pw")).rejects.toMatchObject({ code: "setup_done" });
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
      await expect(signIn(db, "admin@example.com", "wrong password", "10.0.0.1", now + i)).rejects.toMatchObject({ code: "bad_credentials" });
    }
    // Past the free failures the key is locked for a while: even the right password waits.
    const err = await signIn(db, "admin@example.com", "long enough pw", "10.0.0.1", now + 20).catch((e) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect(err.code).toBe("throttled");
    expect(err.message).toMatch(/Try again in \d+ seconds/);
    // After the wait, the right password works and resets the count.
    const later = now + 20 + (err.retryAfterMs ?? 0) + 1;
    await expect(signIn(db, "admin@example.com", "long enough pw", "10.0.0.2", later)).resolves.toHaveProperty("token");
  });
});
