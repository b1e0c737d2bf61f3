import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { TOTP, URI } from "otpauth";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { completeSignIn, disableTwoFactor, enableTwoFactor, pendingEnrolment, RECOVERY_CODE_COUNT, startTwoFactor, twoFactorStatus } from "./two-factor";
import { auditText, makeUser, TEST_PASSWORD } from "./test-support";
import { sessionUser, signIn } from "./users";

/** The code an authenticator app shows at `at`, computed from the otpauth URI as the app reads it. */
const codeAt = (uri: string, at: number) => (URI.parse(uri) as TOTP).generate({ timestamp: at });

describe("two-factor sign-in", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  async function enrolled(now: number) {
    const user = await makeUser(db, "ana@example.com", "editor");
    await startTwoFactor(db, user);
    const enrolment = (await pendingEnrolment(db, user))!;
    const codes = await enableTwoFactor(db, user, codeAt(enrolment.uri, now), now);
    return { user, enrolment, codes };
  }

  it("enrols from the otpauth URI, stores the secret encrypted, and then asks for a code at sign-in", async () => {
    const t0 = Date.now();
    const user = await makeUser(db, "ana@example.com", "editor");
    await startTwoFactor(db, user);
    const enrolment = (await pendingEnrolment(db, user))!;
    expect(enrolment.uri).toMatch(/^otpauth:\/\/totp\/.*ana%40example\.com\?.*secret=/);
    expect(enrolment.qrDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
    const stored = String((await db.$client.execute("SELECT totp_secret FROM users")).rows[0].totp_secret);
    expect(stored.startsWith("enc:v1:")).toBe(true);
    expect(stored).not.toContain(enrolment.secret);
    // Not in effect before a code proves the app has it.
    expect(await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t0)).toHaveProperty("token");
    await expect(enableTwoFactor(db, user, "000000", t0)).rejects.toMatchObject({ fieldErrors: { code: [expect.any(String)] } });
    const codes = await enableTwoFactor(db, user, codeAt(enrolment.uri, t0), t0);
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(await twoFactorStatus(db, user.id)).toEqual({ enabled: true, enrolling: false, recoveryCodesLeft: RECOVERY_CODE_COUNT });

    const t1 = t0 + 60_000;
    const step = await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t1);
    expect(step.token).toBeUndefined();
    expect(await sessionUser(db, step.challenge, t1)).toBeNull(); // a challenge is not a session
    await expect(completeSignIn(db, step.challenge!, "123456", "10.0.0.1", t1)).rejects.toMatchObject({ code: "invalid_input" });
    const session = await completeSignIn(db, step.challenge!, codeAt(enrolment.uri, t1), "10.0.0.1", t1);
    expect(await sessionUser(db, session.token, t1)).toMatchObject({ email: "ana@example.com" });
    // The challenge is spent.
    await expect(completeSignIn(db, step.challenge!, codeAt(enrolment.uri, t1), "10.0.0.1", t1)).rejects.toMatchObject({ code: "gone" });

    const audit = await auditText(db);
    expect(audit).toContain("user.enable_2fa");
    for (const secret of [enrolment.secret, ...codes]) expect(audit).not.toContain(secret);
  });

  it("accepts each TOTP code once", async () => {
    const t0 = Date.now();
    const { enrolment } = await enrolled(t0);
    const t1 = t0 + 90_000;
    const first = await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t1);
    await completeSignIn(db, first.challenge!, codeAt(enrolment.uri, t1), "10.0.0.1", t1);
    const second = await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t1 + 1000);
    await expect(completeSignIn(db, second.challenge!, codeAt(enrolment.uri, t1), "10.0.0.1", t1 + 1000)).rejects.toMatchObject({ code: "invalid_input" });
  });

  it("a recovery code works once, in place of a code", async () => {
    const t0 = Date.now();
    const { codes, user } = await enrolled(t0);
    const first = await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t0);
    await expect(completeSignIn(db, first.challenge!, ` ${codes[3].toUpperCase()} `, "10.0.0.1", t0)).resolves.toHaveProperty("token");
    expect((await twoFactorStatus(db, user.id)).recoveryCodesLeft).toBe(RECOVERY_CODE_COUNT - 1);
    const second = await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t0);
    await expect(completeSignIn(db, second.challenge!, codes[3], "10.0.0.1", t0)).rejects.toMatchObject({ code: "invalid_input" });
    const stored = JSON.stringify((await db.$client.execute("SELECT code_hash FROM recovery_codes")).rows);
    for (const c of codes) expect(stored).not.toContain(c);
  });

  it("a challenge expires, and wrong codes are throttled", async () => {
    const t0 = Date.now();
    const { enrolment } = await enrolled(t0);
    const late = await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t0);
    await expect(completeSignIn(db, late.challenge!, codeAt(enrolment.uri, t0 + 6 * 60_000), "10.0.0.1", t0 + 6 * 60_000)).rejects.toMatchObject({ code: "gone" });
    const step = await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.2", t0);
    let err: { code?: string } | undefined;
    for (let i = 0; i < 10 && err?.code !== "rate_limited"; i++) err = await completeSignIn(db, step.challenge!, "999999", "10.0.0.2", t0 + i).catch((e) => e);
    expect(err?.code).toBe("rate_limited");
    // Even the right code waits while locked.
    await expect(completeSignIn(db, step.challenge!, codeAt(enrolment.uri, t0 + 20), "10.0.0.2", t0 + 20)).rejects.toMatchObject({ code: "rate_limited" });
  });

  it("turning it off needs the password and signs in with the password alone again", async () => {
    const t0 = Date.now();
    const { user } = await enrolled(t0);
    await expect(disableTwoFactor(db, user, "not my password", t0)).rejects.toMatchObject({ fieldErrors: { password: [expect.any(String)] } });
    await disableTwoFactor(db, user, TEST_PASSWORD, t0);
    expect(await twoFactorStatus(db, user.id)).toEqual({ enabled: false, enrolling: false, recoveryCodesLeft: 0 });
    expect(await signIn(db, "ana@example.com", TEST_PASSWORD, "10.0.0.1", t0)).toHaveProperty("token");
    expect(await auditText(db)).toContain("user.disable_2fa");
  });
});
