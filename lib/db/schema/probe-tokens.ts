import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Credentials of remote probes in push mode: one or more per region, stored hashed, revocable. */
export const probeTokens = sqliteTable("probe_tokens", {
  id: integer("id").primaryKey(),
  region: text("region").notNull(),
  /** SHA-256 of the token; the token itself is shown once, when created. */
  tokenHash: text("token_hash").notNull().unique(),
  createdAt: integer("created_at").notNull(),
  lastUsedAt: integer("last_used_at"),
  revokedAt: integer("revoked_at"),
});

/**
 * Result batches already stored from remote probes: a resent batch is stored once. Ids are
 * scoped per region, so one region's probe cannot make another's batch look like a duplicate.
 */
export const ingestedBatches = sqliteTable(
  "ingested_batches",
  {
    region: text("region").notNull(),
    batchId: text("batch_id").notNull(),
    receivedAt: integer("received_at").notNull(),
    results: integer("results").notNull(),
  },
  (t) => [primaryKey({ name: "ingested_batches_pk", columns: [t.region, t.batchId] })],
);
