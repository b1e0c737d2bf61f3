import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { listAudit } from "../audit/log";
import { changeRole, listUsers, removeUser, resetTwoFactor } from "./team";
import { enableTwoFactor, pendingEnrolment, startTwoFactor, twoFactorStatus } from "./two-factor";
import { TOTP, URI } from "otpauth";
import { acting, makeUser } from "./test-support";
import { createSession, sessionUser } from "./users";

describe("team management", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("admins change roles and remove users, audited with before and after", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    const ana = await makeUser(db, "ana@example.com", "viewer");
    const session = await createSession(db, ana.id);
    await changeRole(db, acting(admin), ana.id, "editor");
    expect(await sessionUser(db, session.token)).toMatchObject({ role: "editor" });
    await removeUser(db, acting(admin), ana.id);
    expect(await sessionUser(db, session.token)).toBeNull();
    expect((await listUsers(db)).map((u) => u.email)).toEqual(["admin@example.com"]);
    const { entries } = await listAudit(db);
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ["user.remove", { email: "ana@example.com", role: "editor" }, null],
      ["user.change_role", { email: "ana@example.com", role: "viewer" }, { email: "ana@example.com", role: "editor" }],
    ]);
  });

  it("the last admin can be neither demoted nor removed; with two, one can", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    await expect(changeRole(db, acting(admin), admin.id, "editor")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/last admin/) });
    await expect(removeUser(db, acting(admin), admin.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/last admin/) });
    const second = await makeUser(db, "second@example.com", "editor");
    await changeRole(db, acting(admin), second.id, "admin");
    await changeRole(db, acting(admin), admin.id, "viewer");
    await expect(removeUser(db, acting({ ...second, role: "admin" }), second.id)).rejects.toMatchObject({ code: "conflict" });
    expect((await listUsers(db)).map((u) => [u.email, u.role])).toEqual([
      ["admin@example.com", "viewer"],
      ["second@example.com", "admin"],
    ]);
  });

  it("only admins manage users", async () => {
    const editor = await makeUser(db, "editor@example.com", "editor");
    const viewer = await makeUser(db, "viewer@example.com", "viewer");
    await expect(changeRole(db, acting(editor), viewer.id, "admin")).rejects.toMatchObject({ code: "forbidden" });
    await expect(removeUser(db, acting(viewer), editor.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(changeRole(db, acting({ ...editor, role: "admin" }), viewer.id, "root")).rejects.toMatchObject({ code: "invalid_input" });
    expect((await listAudit(db)).entries).toEqual([]);
  });

  it("an admin turns off another user's two-factor sign-in: codes gone, sessions ended, audited; not their own, not a viewer", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    const ana = await makeUser(db, "ana@example.com", "editor");
    await startTwoFactor(db, ana);
    const uri = (await pendingEnrolment(db, ana))!.uri;
    await enableTwoFactor(db, ana, (URI.parse(uri) as TOTP).generate());
    const session = await createSession(db, ana.id);
    expect((await twoFactorStatus(db, ana.id)).enabled).toBe(true);

    await expect(resetTwoFactor(db, acting({ ...ana, role: "editor" }), ana.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(resetTwoFactor(db, acting(admin), admin.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/account page/) });
    expect(await resetTwoFactor(db, acting(admin), ana.id)).toEqual({ email: "ana@example.com" });

    expect(await twoFactorStatus(db, ana.id)).toEqual({ enabled: false, enrolling: false, recoveryCodesLeft: 0 });
    expect(await sessionUser(db, session.token)).toBeNull();
    expect((await listUsers(db)).find((u) => u.id === ana.id)?.twoFactor).toBe(false);
    await expect(resetTwoFactor(db, acting(admin), ana.id)).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/no two-factor/) });
    const { entries } = await listAudit(db);
    expect(entries.filter((e) => e.action === "user.reset_2fa").map((e) => [e.entityId, e.before, e.after])).toEqual([
      [String(ana.id), { email: "ana@example.com", twoFactor: true }, { email: "ana@example.com", twoFactor: false }],
    ]);
  });
});
