import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { listAudit } from "../audit/log";
import { acceptInvite, createInvite, INVITE_TTL_MS, listOpenInvites, openInvite, revokeInvite } from "./invites";
import { acting, auditText, linkIn, makeUser, queuedAccountEmails } from "./test-support";
import { sessionUser } from "./users";

const ENV: NodeJS.ProcessEnv = { ...process.env, PUBLIC_URL: "https://status.example.com" };
const PASSWORD = "a brand new password";

describe("invites", () => {
  let db: Db;
  let cleanup: () => void;
  beforeEach(async () => ({ db, cleanup } = await createTestDb()));
  afterEach(() => cleanup());

  it("emails a single-use link that creates the account with the invited role and signs in", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    const now = Date.now();
    const { url } = await createInvite(db, acting(admin), { email: " Ed@Example.com ", role: "editor" }, now, ENV);
    const [mail] = await queuedAccountEmails(db);
    expect(mail.to).toEqual(["ed@example.com"]);
    expect(mail.subject).toMatch(/Invitation/);
    const link = linkIn(mail, "https://status.example.com/invite/");
    expect(link).toBe(url);
    // The outbox holds the link sealed, the invites table only its hash.
    const token = decodeURIComponent(link.split("/").pop()!);
    expect(mail.stored).not.toContain(token);
    expect(JSON.stringify((await db.$client.execute("SELECT * FROM user_invites")).rows)).not.toContain(token);

    expect(await openInvite(db, token, now)).toEqual({ email: "ed@example.com", role: "editor" });
    const accepted = await acceptInvite(db, token, PASSWORD, now + 1000);
    expect(await sessionUser(db, accepted.token, now + 1000)).toMatchObject({ email: "ed@example.com", role: "editor" });
    // Once only.
    await expect(acceptInvite(db, token, PASSWORD, now + 2000)).rejects.toMatchObject({ code: "gone" });
    expect(await openInvite(db, token, now + 2000)).toBeNull();
    expect(await listOpenInvites(db, now + 2000)).toEqual([]);
    const { entries } = await listAudit(db);
    expect(entries.map((e) => e.action)).toEqual(["user.accept_invite", "user.invite"]);
    expect(entries[1]).toMatchObject({ actor: "admin@example.com", after: { email: "ed@example.com", role: "editor" } });
    expect(await auditText(db)).not.toContain(token);
  });

  it("expires after 7 days", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    const now = Date.now();
    const { url } = await createInvite(db, acting(admin), { email: "late@example.com", role: "viewer" }, now, ENV);
    const token = decodeURIComponent(url.split("/").pop()!);
    expect(await openInvite(db, token, now + INVITE_TTL_MS - 1)).not.toBeNull();
    expect(await openInvite(db, token, now + INVITE_TTL_MS)).toBeNull();
    await expect(acceptInvite(db, token, PASSWORD, now + INVITE_TTL_MS)).rejects.toThrow(/expired/);
    expect((await db.$client.execute("SELECT count(*) AS n FROM users")).rows[0].n).toBe(1);
  });

  it("only admins invite; an existing address, a bad role or a withdrawn invite are refused", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    const editor = await makeUser(db, "editor@example.com", "editor");
    await expect(createInvite(db, acting(editor), { email: "x@example.com", role: "viewer" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(createInvite(db, acting(admin), { email: "editor@example.com", role: "viewer" })).rejects.toMatchObject({ fieldErrors: { email: [expect.stringMatching(/already has an account/)] } });
    await expect(createInvite(db, acting(admin), { email: "x@example.com", role: "owner" })).rejects.toMatchObject({ fieldErrors: { role: [expect.any(String)] } });
    const { id, url } = await createInvite(db, acting(admin), { email: "x@example.com", role: "viewer" }, Date.now(), ENV);
    await revokeInvite(db, acting(admin), id);
    await expect(acceptInvite(db, decodeURIComponent(url.split("/").pop()!), PASSWORD)).rejects.toMatchObject({ code: "gone" });
  });

  it("a new invite to the same address replaces the open one", async () => {
    const admin = await makeUser(db, "admin@example.com", "admin");
    const first = await createInvite(db, acting(admin), { email: "x@example.com", role: "viewer" }, Date.now(), ENV);
    const second = await createInvite(db, acting(admin), { email: "x@example.com", role: "editor" }, Date.now(), ENV);
    expect(await openInvite(db, decodeURIComponent(first.url.split("/").pop()!))).toBeNull();
    expect(await openInvite(db, decodeURIComponent(second.url.split("/").pop()!))).toEqual({ email: "x@example.com", role: "editor" });
    expect((await listOpenInvites(db)).map((i) => i.role)).toEqual(["editor"]);
  });
});
