import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { changePassword } from "./account";
import { auditText, makeUser, TEST_PASSWORD } from "./test-support";
import { createSession, sessionUser, signIn } from "./users";

describe("password change", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("needs the current password, keeps this session and ends the others", async () => {
    const user = await makeUser(db, "ana@example.com");
    const now = Date.now();
    const mine = await createSession(db, user.id, now);
    const other = await createSession(db, user.id, now);
    await expect(changePassword(db, user, mine.token, "not my password", "a new long password", now)).rejects.toMatchObject({ fieldErrors: { currentPassword: [expect.any(String)] } });
    await expect(changePassword(db, user, mine.token, TEST_PASSWORD, "short", now)).rejects.toMatchObject({ fieldErrors: { newPassword: [expect.stringMatching(/at least 10/)] } });
    expect(await sessionUser(db, other.token, now)).not.toBeNull();

    await changePassword(db, user, mine.token, TEST_PASSWORD, "a new long password", now);
    expect(await sessionUser(db, mine.token, now)).toMatchObject({ email: "ana@example.com" });
    expect(await sessionUser(db, other.token, now)).toBeNull();
    await expect(signIn(db, "ana@example.com", "a new long password", "10.0.0.1", now)).resolves.toHaveProperty("token");
    const audit = await auditText(db);
    expect(audit).toContain("user.change_password");
    expect(audit).not.toContain("a new long password");
    expect(audit).not.toContain(TEST_PASSWORD);
  });

  it("throttles guesses of the current password", async () => {
    const user = await makeUser(db, "ana@example.com");
    const now = Date.now();
    let err: { code?: string } | undefined;
    for (let i = 0; i < 10 && err?.code !== "rate_limited"; i++) err = await changePassword(db, user, undefined, "wrong guess", "a new long password", now + i).catch((e) => e);
    expect(err?.code).toBe("rate_limited");
  });
});
