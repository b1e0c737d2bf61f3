import type { Db } from "../db/client";

/**
 * Counts the SQL statements sent through `db`'s client (each execute, and each statement of a
 * batch) until restore(): how tests and benches hold a loader to a fixed number of queries.
 */
export function countStatements(db: Db): { count: () => number; restore: () => void } {
  const client = db.$client as unknown as Record<string, (...a: unknown[]) => unknown>;
  const originals: Record<string, (...a: unknown[]) => unknown> = {};
  let n = 0;
  for (const method of ["execute", "batch"]) {
    originals[method] = client[method].bind(db.$client);
    client[method] = (...args: unknown[]) => {
      n += method === "batch" ? (args[0] as unknown[]).length : 1;
      return originals[method](...args);
    };
  }
  return { count: () => n, restore: () => void Object.assign(client, originals) };
}

/** The statements `work` sends through `db`. */
export async function statementsOf(db: Db, work: () => Promise<unknown>): Promise<number> {
  const counter = countStatements(db);
  try {
    await work();
  } finally {
    counter.restore();
  }
  return counter.count();
}
