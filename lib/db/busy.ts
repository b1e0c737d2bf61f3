import type { Client, Transaction, TransactionMode } from "@libsql/client";

/**
 * How long one attempt waits inside SQLite for another process's write lock. The embedded
 * driver is synchronous: while SQLite waits (busy_timeout), the whole process waits, its
 * timers and sockets included. A probe's checks in flight then miss their deadlines and report
 * false timeouts, so the driver waits only this long at a time, and the rest of the wait is
 * spent asleep between attempts (`waitForLocksAsynchronously`), with the event loop free.
 */
export const BUSY_SLICE_MS = 20;
/** The longest sleep between two attempts. */
const MAX_RETRY_SLEEP_MS = 200;

/** True for SQLITE_BUSY and its extended codes (the lock was not taken; nothing was written). */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_BUSY");
}

/**
 * Retries `attempt` while it fails with SQLITE_BUSY, sleeping (not blocking) between tries,
 * until `totalMs` have passed; then the last SQLITE_BUSY is thrown, as a busy_timeout of
 * `totalMs` would have. A failed statement or batch took no lock and wrote nothing (the driver
 * rolls an unfinished batch back), so trying it again is safe.
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, totalMs: number, onBusy: () => void = () => {}): Promise<T> {
  const giveUpAt = performance.now() + totalMs;
  for (let sleepMs = 5; ; sleepMs = Math.min(MAX_RETRY_SLEEP_MS, sleepMs * 2)) {
    try {
      return await attempt();
    } catch (err) {
      if (!isBusy(err)) throw err;
      onBusy();
      const left = giveUpAt - performance.now();
      if (left <= 0) throw err;
      await new Promise((r) => setTimeout(r, Math.min(sleepMs, left)));
    }
  }
}

/**
 * The client with every entry that takes a lock (execute, batch, transaction, migrate) retried
 * by `retryWhileBusy`; pair it with a busy_timeout of BUSY_SLICE_MS. Statements inside an open
 * transaction are not retried: a write transaction holds its lock from its first statement.
 *
 * The driver (libsql 0.5) leaves a statement that failed with SQLITE_BUSY unfinished until it is
 * garbage-collected, and while it is, every COMMIT on that connection fails ("cannot commit
 * transaction - SQL statements in progress"): after one lock wait, the worker's batches failed
 * until something collected it. So after a SQLITE_BUSY the connection is replaced before the
 * next call (when no call or transaction is using it), and `setUp` gives the new one its settings.
 */
export function waitForLocksAsynchronously(client: Client, totalMs: number, setUp: (execute: Client["execute"]) => Promise<void>): Client {
  const raw = {
    execute: client.execute.bind(client),
    batch: client.batch.bind(client),
    transaction: client.transaction.bind(client),
    migrate: client.migrate.bind(client),
    executeMultiple: client.executeMultiple.bind(client),
    reconnect: client.reconnect.bind(client),
  };
  let spoiled = false;
  /** Calls borrowing the connection now, and transactions holding it: it is replaced only when both are 0. */
  let inFlight = 0;
  let openTransactions = 0;
  let renewing: Promise<void> | undefined;
  /** Replaces a connection a failed statement spoiled, unless a call or a transaction is using it. */
  const fresh = async () => {
    if (renewing) await renewing;
    if (!spoiled || openTransactions > 0 || inFlight > 0) return;
    spoiled = false;
    renewing = (async () => {
      await raw.reconnect();
      await setUp(raw.execute);
    })().finally(() => (renewing = undefined));
    await renewing;
  };
  const guarded = <A extends unknown[], T>(fn: (...args: A) => Promise<T>) =>
    (...args: A) =>
      retryWhileBusy(
        async () => {
          await fresh();
          inFlight++;
          try {
            return await fn(...args);
          } finally {
            inFlight--;
          }
        },
        totalMs,
        () => void (spoiled = true),
      );
  const transaction = guarded(async (mode?: TransactionMode): Promise<Transaction> => {
    const tx = await raw.transaction(mode);
    openTransactions++;
    let open = true;
    const done = () => {
      if (open) openTransactions--;
      open = false;
    };
    const commit = tx.commit.bind(tx);
    const rollback = tx.rollback.bind(tx);
    const close = tx.close.bind(tx);
    return Object.assign(tx, {
      commit: () => commit().finally(done),
      rollback: () => rollback().finally(done),
      close: () => (done(), close()),
    });
  });
  return Object.assign(client, {
    execute: guarded(raw.execute as (...args: unknown[]) => ReturnType<Client["execute"]>) as Client["execute"],
    batch: guarded(raw.batch),
    transaction,
    migrate: guarded(raw.migrate),
    // Retention's PRAGMA incremental_vacuum (lib/db/maintenance.ts): one statement, safe to retry.
    executeMultiple: guarded(raw.executeMultiple),
  });
}
