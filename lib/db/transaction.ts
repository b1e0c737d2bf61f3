import type { Transaction } from "@libsql/client";
import type { Db } from "./client";

/**
 * Runs `fn` in one write transaction: committed when it returns, rolled back when it throws. For
 * changes whose later statements depend on what the earlier ones found (a single-use token
 * claimed, then the rows it unlocks); a change that needs no such reading is one `batch`.
 */
export async function inWriteTransaction<T>(db: Db, fn: (tx: Transaction) => Promise<T>): Promise<T> {
  const tx = await db.$client.transaction("write");
  try {
    const out = await fn(tx);
    await tx.commit();
    return out;
  } catch (err) {
    await tx.rollback().catch(() => {});
    throw err;
  } finally {
    tx.close();
  }
}
