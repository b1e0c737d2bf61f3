import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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

/** Result batches already stored from remote probes: a resent batch is stored once. */
export const ingestedBatches = sqliteTable("ingested_batches", {
  batchId: text("batch_id").primaryKey(),
  region: text("region").notNull(),
  receivedAt: integer("received_at").notNull(),
  results: integer("results").notNull(),
});
