import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDb } from "../db/client";
import { runMigrations } from "../db/migrate";
import { createTestDb } from "../db/test-db";
import { UserError } from "../errors";
import { createFirstAdmin, createSession, sessionUser } from "./users";
import { assertCan, can, type Permission, type Role } from "./roles";

describe("roles", () => {
  it("each role includes the ones below it", () => {
    const table = (["viewer", "editor", "admin"] as Role[]).map((role) => (["read", "edit", "admin"] as Permission[]).map((p) => can(role, p)));
    expect(table).toEqual([
      [true, false, false],
      [true, true, false],
      [true, true, true],
    ]);
  });

  it("refuses with a forbidden error that names the role needed", () => {
    expect(() => assertCan("admin", "admin")).not.toThrow();
    const err = (() => {
      try {
        assertCan("viewer", "edit");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ code: "forbidden", status: 403, message: "Your role (Viewer) cannot do this: it needs the Editor role. Ask an admin to change your role." });
  });

  describe("in the database", () => {
    const cleanups: (() => void)[] = [];
    afterEach(() => cleanups.splice(0).forEach((c) => c()));

    it("the first account is an admin, and the session says so", async () => {
      const { db, cleanup } = await createTestDb();
      cleanups.push(cleanup);
      const id = await createFirstAdmin(db, "ana@example.com", "a long enough password");
      const { token } = await createSession(db, id);
      expect(await sessionUser(db, token)).toEqual({ id, email: "ana@example.com", role: "admin" });
    });

    it("an account from before roles stays the admin it was; a row without a role reads the least", async () => {
      // Migrate a database up to the migration before roles, with the one account of that time.
      const dir = mkdtempSync(join(tmpdir(), "status-roles-"));
      const old = join(dir, "drizzle");
      cpSync(resolve("drizzle"), old, { recursive: true });
      const journalPath = join(old, "meta", "_journal.json");
      const journal = JSON.parse(readFileSync(journalPath, "utf8"));
      journal.entries = journal.entries.filter((e: { tag: string }) => e.tag < "0007_add_user_roles");
      writeFileSync(journalPath, JSON.stringify(journal));
      const db = await openDb(`file:${join(dir, "t.db")}`);
      cleanups.push(() => {
        db.$client.close();
        rmSync(dir, { recursive: true, force: true });
      });
      await runMigrations(db, old);
      await db.$client.execute("INSERT INTO users (email, password_hash, created_at) VALUES ('old@example.com', 'x', 1)");
      await runMigrations(db);
      await db.$client.execute("INSERT INTO users (email, password_hash, created_at) VALUES ('new@example.com', 'x', 2)");
      const rows = (await db.$client.execute("SELECT email, role FROM users ORDER BY id")).rows.map((r) => [r.email, r.role]);
      expect(rows).toEqual([
        ["old@example.com", "admin"],
        ["new@example.com", "viewer"],
      ]);
    });
  });
});
