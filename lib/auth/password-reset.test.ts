import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { PASSWORD_RESET_TTL_MS, requestPasswordReset, resetLinkValid, resetPassword } from "./password-reset";
import { auditText, linkIn, makeUser, queuedAccountEmails, TEST_PASSWORD } from "./test-support";
import { createSession, FREE_LOGIN_FAILURES, sessionUser, signIn } from "./users";

const ENV: NodeJS.ProcessEnv = { ...process.env, PUBLIC_URL: "https://status.example.com" };
const NEW_PASSWORD = "another long password";

describe("password reset", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  const tokenOf = (link: string) => decodeURIComponent(link.split("/").pop()!);

  it("emails a link that sets the password once and ends every session", async () => {
    const user = await makeUser(db, "ana@example.com", "editor");
    const now = Date.now();
    const a = await createSession(db, user.id, now);
    const b = await createSession(db, user.id, now);
    await requestPasswordReset(db, "ANA@example.com", "10.0.0.1", now, ENV);
    const [mail] = await queuedAccountEmails(db);
    expect(mail.to).toEqual(["ana@example.com"]);
    const token = tokenOf(linkIn(mail, "https://status.example.com/reset-password/"));
    expect(mail.stored).not.toContain(token);
    expect(await resetLinkValid(db, token, now)).toBe(true);

    await resetPassword(db, token, NEW_PASSWORD, now + 1000);
    expect(await sessionUser(db, a.token, now + 1000)).toBeNull();
    expect(await sessionUser(db, b.token, now + 1000)).toBeNull();
    await expect(signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", now + 2000)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(signIn(db, "ana@example.com", NEW_PASSWORD, "10.0.0.1", now + 2000)).resolves.toHaveProperty("token");
    // Single use.
    expect(await resetLinkValid(db, token, now + 3000)).toBe(false);
    await expect(resetPassword(db, token, "yet another password", now + 3000)).rejects.toMatchObject({ code: "gone" });
    const audit = await auditText(db);
    expect(audit).toContain("user.reset_password");
    expect(audit).not.toContain(token);
    expect(audit).not.toContain(NEW_PASSWORD);
  });

  it("expires after an hour", async () => {
    await makeUser(db, "ana@example.com");
    const now = Date.now();
    await requestPasswordReset(db, "ana@example.com", "10.0.0.1", now, ENV);
    const token = tokenOf(linkIn((await queuedAccountEmails(db))[0], "https://status.example.com/reset-password/"));
    expect(await resetLinkValid(db, token, now + PASSWORD_RESET_TTL_MS - 1)).toBe(true);
    await expect(resetPassword(db, token, NEW_PASSWORD, now + PASSWORD_RESET_TTL_MS)).rejects.toThrow(/expired/);
  });

  it("answers the same for an unknown address, sends nothing, and is throttled alike", async () => {
    await makeUser(db, "ana@example.com");
    const now = Date.now();
    await expect(requestPasswordReset(db, "nobody@example.com", "10.0.0.1", now, ENV)).resolves.toBeUndefined();
    expect(await queuedAccountEmails(db)).toEqual([]);
    for (const address of ["nobody@example.com", "ana@example.com"]) {
      let err: unknown;
      for (let i = 0; i <= FREE_LOGIN_FAILURES + 1 && !err; i++) {
        err = await requestPasswordReset(db, address, `10.1.0.${i}`, now + i, ENV).then(() => undefined, (e) => e);
      }
      expect(err, address).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/Try again in \d+ seconds/) });
    }
    await expect(requestPasswordReset(db, "not an address", "10.0.0.1", now, ENV)).rejects.toMatchObject({ code: "invalid_input" });
  });
});
