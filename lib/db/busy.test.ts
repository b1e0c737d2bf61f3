import { describe, expect, it } from "vitest";
import { createClient } from "@libsql/client";
import { BUSY_SLICE_MS, waitForLocksAsynchronously } from "./busy";
import { openDb } from "./client";
import { createTestDb } from "./test-db";

describe("a write while another connection holds the write lock", () => {
  it("waits asleep, with the event loop free, and lands when the lock is released", async () => {
    const { db, url, cleanup } = await createTestDb();
    const holder = await openDb(url);
    try {
      const tx = await holder.$client.transaction("write");
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 10);
      setTimeout(() => void tx.rollback(), 400);
      const t0 = performance.now();
      await db.$client.execute("INSERT INTO settings (key, value) VALUES ('busy.test', '1')");
      const waitedMs = performance.now() - t0;
      clearInterval(ticker);
      expect(waitedMs).toBeGreaterThanOrEqual(390);
      // Blocked in SQLite's own busy wait for 400 ms, the timer would have fired once at most.
      expect(ticks).toBeGreaterThanOrEqual(10);
      expect((await db.$client.execute("SELECT value FROM settings WHERE key = 'busy.test'")).rows[0].value).toBe("1");
      // The attempts that failed left nothing behind: batches and transactions still commit, with the connection's settings.
      await db.$client.batch(["INSERT INTO settings (key, value) VALUES ('busy.batch', '1')"], "write");
      const tx2 = await db.$client.transaction("write");
      await tx2.execute("INSERT INTO settings (key, value) VALUES ('busy.tx', '1')");
      await tx2.commit();
      expect((await db.$client.execute("SELECT count(*) AS n FROM settings WHERE key LIKE 'busy.%'")).rows[0].n).toBe(3);
      expect((await db.$client.execute("PRAGMA foreign_keys")).rows[0].foreign_keys).toBe(1);
      expect((await db.$client.execute("PRAGMA busy_timeout")).rows[0].timeout).toBe(BUSY_SLICE_MS);
    } finally {
      holder.$client.close();
      cleanup();
    }
  });

  it("opening the database waits for the lock too, instead of failing at its first pragma", async () => {
    const { url, cleanup } = await createTestDb();
    const holder = await openDb(url);
    try {
      const tx = await holder.$client.transaction("write");
      await tx.execute("INSERT INTO settings (key, value) VALUES ('busy.open', '1')");
      setTimeout(() => void tx.commit(), 300);
      const opened = await openDb(url);
      expect((await opened.$client.execute("PRAGMA busy_timeout")).rows[0].timeout).toBe(BUSY_SLICE_MS);
      await opened.$client.execute("INSERT INTO settings (key, value) VALUES ('busy.after-open', '1')");
      expect((await opened.$client.execute("SELECT count(*) AS n FROM settings WHERE key LIKE 'busy.%'")).rows[0].n).toBe(2);
      opened.$client.close();
    } finally {
      holder.$client.close();
      cleanup();
    }
  });

  it("gives up with SQLITE_BUSY after the whole wait, as busy_timeout did", async () => {
    const { url, cleanup } = await createTestDb();
    const holder = await openDb(url);
    const tx = await holder.$client.transaction("write");
    // openDb's clients wait BUSY_TIMEOUT_MS; a client of its own waits 300 ms, so the test is short.
    const client = waitForLocksAsynchronously(createClient({ url, timeout: BUSY_SLICE_MS }), 300, async () => {});
    try {
      const t0 = performance.now();
      await expect(client.batch(["INSERT INTO settings (key, value) VALUES ('busy.test', '1')"], "write")).rejects.toMatchObject({ code: expect.stringMatching(/^SQLITE_BUSY/) });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    } finally {
      await tx.rollback();
      client.close();
      holder.$client.close();
      cleanup();
    }
  });
});
