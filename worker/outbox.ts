import { randomBytes } from "node:crypto";
import type { Client } from "@libsql/client";
import { openDb } from "../lib/db/client";
import { MAX_RESULTS_PER_BATCH, type PushedBatch, type PushedResult } from "../lib/probes/wire";

/** A batch id the hub accepts (lib/probes/wire.ts pushedBatchSchema): 8–64 characters of [A-Za-z0-9_-]. */
export function newBatchId(): string {
  return randomBytes(18).toString("base64url"); // 24 characters
}

/**
 * The push-mode probe's durable outbox: results wait here, in their own SQLite file, until the
 * hub has acknowledged them. A batch is given its id when it is first taken and keeps it (and
 * its rows) until acknowledged, so a batch resent after a timeout or a crash carries the same id
 * and the hub, which stores each id once, never stores a result twice.
 */
export class Outbox {
  private constructor(private readonly client: Client) {}

  static async open(path: string): Promise<Outbox> {
    const db = await openDb("file:" + path);
    const client = db.$client;
    await client.batch(
      [
        "CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY, batch_id TEXT, payload TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS outbox_batch_id ON outbox (batch_id)",
      ],
      "write",
    );
    return new Outbox(client);
  }

  /** Appends results in one write transaction, in order. */
  async append(results: PushedResult[]): Promise<void> {
    if (results.length === 0) return;
    // One INSERT per 500 rows keeps each statement well under SQLite's variable limit.
    const statements = [];
    for (let i = 0; i < results.length; i += 500) {
      const chunk = results.slice(i, i + 500);
      statements.push({
        sql: `INSERT INTO outbox (payload) VALUES ${chunk.map(() => "(?)").join(", ")}`,
        args: chunk.map((r) => JSON.stringify(r)),
      });
    }
    await this.client.batch(statements, "write");
  }

  /**
   * The batch to send next: the oldest batch already taken but not acknowledged (same id, same
   * rows), or else a new batch of up to `max` waiting results. Undefined when nothing waits.
   */
  async nextBatch(max: number = MAX_RESULTS_PER_BATCH): Promise<PushedBatch | undefined> {
    const pending = await this.client.execute("SELECT batch_id FROM outbox WHERE batch_id IS NOT NULL ORDER BY id LIMIT 1");
    let batchId = pending.rows[0]?.batch_id as string | undefined;
    if (batchId === undefined) {
      batchId = newBatchId();
      const taken = await this.client.batch(
        [
          {
            sql: "UPDATE outbox SET batch_id = ? WHERE id IN (SELECT id FROM outbox WHERE batch_id IS NULL ORDER BY id LIMIT ?)",
            args: [batchId, Math.max(1, Math.min(max, MAX_RESULTS_PER_BATCH))],
          },
        ],
        "write",
      );
      if (taken[0].rowsAffected === 0) return undefined;
    }
    const rows = await this.client.execute({ sql: "SELECT payload FROM outbox WHERE batch_id = ? ORDER BY id", args: [batchId] });
    return { batchId, results: rows.rows.map((r) => JSON.parse(r.payload as string) as PushedResult) };
  }

  /**
   * A taken batch the hub refused as too large (and so did not store): its first `keep` rows
   * keep the id and go next, the rest become the batch after it under a new id.
   */
  async split(batchId: string, keep: number): Promise<void> {
    await this.client.batch(
      [
        {
          sql: "UPDATE outbox SET batch_id = ? WHERE id IN (SELECT id FROM outbox WHERE batch_id = ? ORDER BY id LIMIT -1 OFFSET ?)",
          args: [newBatchId(), batchId, keep],
        },
      ],
      "write",
    );
  }

  /** The hub has stored this batch (or refused it for good): its rows go. */
  async acknowledge(batchId: string): Promise<void> {
    await this.client.batch([{ sql: "DELETE FROM outbox WHERE batch_id = ?", args: [batchId] }], "write");
  }

  /** Results waiting (in a batch or not). */
  async size(): Promise<number> {
    const r = await this.client.execute("SELECT count(*) AS n FROM outbox");
    return Number(r.rows[0].n);
  }

  close(): void {
    this.client.close();
  }
}
