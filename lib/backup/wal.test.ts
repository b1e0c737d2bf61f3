import { describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { DEFAULT_WAL_SETTINGS, openDb, setWalSettings, type Db } from "../db/client";
import { createTestDb } from "../db/test-db";
import { catchUpWal, holdWalForBackup, startWalKeeper } from "./wal";

const walPragmas = async (db: Db) => ({
  autoCheckpointPages: Number((await db.$client.execute("PRAGMA wal_autocheckpoint")).rows[0][0]),
  sizeLimitBytes: Number((await db.$client.execute("PRAGMA journal_size_limit")).rows[0][0]),
});

const write = (db: Db, n: number) => db.$client.batch(Array.from({ length: n }, (_, i) => ({ sql: "INSERT INTO settings (key, value) VALUES (?, '\"x\"')", args: [`wal.test.${Date.now()}.${i}.${Math.random()}`] })), "write");

describe("the writer's WAL while a backup runs", () => {
  it("takes no checkpoint and keeps its WAL from the hold until the release, then gets the defaults back", async () => {
    const { db, cleanup } = await createTestDb();
    try {
      expect(await walPragmas(db)).toEqual(DEFAULT_WAL_SETTINGS);
      const release = await holdWalForBackup(db);
      expect(await walPragmas(db)).toEqual({ autoCheckpointPages: 0, sizeLimitBytes: -1 });
      await release();
      await release();
      expect(await walPragmas(db)).toEqual(DEFAULT_WAL_SETTINGS);
    } finally {
      cleanup();
    }
  });

  it("keeps the held settings on a connection replaced after a lock wait", async () => {
    const { db, url, cleanup } = await createTestDb();
    const holder = await openDb(url);
    try {
      await setWalSettings(db, { autoCheckpointPages: 0, sizeLimitBytes: -1 });
      const tx = await holder.$client.transaction("write");
      setTimeout(() => void tx.rollback(), 100);
      // Waits out the lock: SQLITE_BUSY spoils the connection, and the next call gets a new one.
      await write(db, 1);
      await write(db, 1);
      expect(await walPragmas(db)).toEqual({ autoCheckpointPages: 0, sizeLimitBytes: -1 });
    } finally {
      holder.$client.close();
      cleanup();
    }
  });

  it("catchUpWal moves every frame a held writer left in the WAL into the database, from another connection", async () => {
    const { db, url, cleanup } = await createTestDb();
    const other = createClient({ url });
    try {
      const release = await holdWalForBackup(db);
      for (let i = 0; i < 20; i++) await write(db, 50);
      // Nothing checkpointed these: the writer's autocheckpoint is off.
      const before = (await db.$client.execute("SELECT count(*) FROM settings WHERE key LIKE 'wal.test.%'")).rows[0][0];
      const catchUp = await catchUpWal(other);
      expect(catchUp.caughtUp).toBe(true);
      const [busy, frames, done] = Object.values((await other.execute("PRAGMA wal_checkpoint(PASSIVE)")).rows[0]).map(Number);
      expect(busy).toBe(0);
      expect(done).toBe(frames);
      await release();
      expect((await db.$client.execute("SELECT count(*) FROM settings WHERE key LIKE 'wal.test.%'")).rows[0][0]).toBe(before);
    } finally {
      other.close();
      cleanup();
    }
  });

  /** A held writer that wrote 20 batches; `framesAfterNextCommit` commits once more and counts the WAL's frames from another connection. */
  async function heldWriter(body: (ctx: { url: string; framesAfterNextCommit: () => Promise<number> }) => Promise<void>) {
    const { db, url, cleanup } = await createTestDb();
    const other = createClient({ url });
    try {
      const release = await holdWalForBackup(db);
      for (let i = 0; i < 20; i++) await write(db, 50);
      await body({
        url,
        framesAfterNextCommit: async () => {
          await write(db, 1);
          return Number((await other.execute("PRAGMA wal_checkpoint(PASSIVE)")).rows[0][1]);
        },
      });
      await release();
    } finally {
      other.close();
      cleanup();
    }
  }

  it("the keeper thread checkpoints a held writer's WAL while this thread is blocked in a native call", () =>
    heldWriter(async ({ url, framesAfterNextCommit }) => {
      const keeper = startWalKeeper(url, 50);
      // As VACUUM INTO or integrity_check hold the backup process's thread: nothing runs here for 600 ms.
      await new Promise((r) => setTimeout(r, 100));
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 600);
      const { rounds, error } = await keeper.stop();
      expect(error).toBeNull();
      expect(rounds).toBeGreaterThanOrEqual(3);
      // Every frame was in the database, so the held writer's next commit restarted the WAL from its start:
      // the WAL now holds only that commit's frames, not the 20 batches before it.
      expect(await framesAfterNextCommit()).toBeLessThan(10);
    }));

  it("without the keeper the held writer's WAL keeps every frame (the check above would fail)", () =>
    heldWriter(async ({ framesAfterNextCommit }) => {
      expect(await framesAfterNextCommit()).toBeGreaterThan(10);
    }));
});
