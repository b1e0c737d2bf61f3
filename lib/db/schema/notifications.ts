import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ORIGINS } from "./component-groups";

/**
 * A channel, declared in status.config.yaml `channels:` or created in the dashboard/API (`origin`);
 * secret settings are stored encrypted.
 */
export const notificationChannels = sqliteTable("notification_channels", {
  id: integer("id").primaryKey(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  /** A type of lib/notify/index.ts CHANNEL_TYPES. */
  type: text("type").notNull(),
  /** The channel's settings; secret fields hold "enc:v1:…" (lib/secrets/crypto.ts). */
  config: text("config", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  configHash: text("config_hash").notNull(),
  /** "config": owned by the file (read-only elsewhere); "ui": created in the dashboard or API, never touched by config sync. */
  origin: text("origin", { enum: ORIGINS }).notNull().default("config"),
  createdAt: integer("created_at").notNull(),
  archivedAt: integer("archived_at"),
});

export interface EscalationStep {
  /** Delay after the alert opened. */
  afterMs: number;
  /** Channel keys told at this step. */
  channels: string[];
}

/** Ordered steps of channels and delays; reminders repeat the last step until someone acknowledges. */
export const escalationPolicies = sqliteTable("escalation_policies", {
  id: integer("id").primaryKey(),
  key: text("key").notNull().unique(),
  name: text("name").notNull(),
  steps: text("steps", { mode: "json" }).$type<EscalationStep[]>().notNull(),
  /** Repeat the last step this often while unacknowledged; null: no reminders. */
  repeatEveryMs: integer("repeat_every_ms"),
  configHash: text("config_hash").notNull(),
  /** As for channels: "config" (the file's) or "ui" (the dashboard's or API's). */
  origin: text("origin", { enum: ORIGINS }).notNull().default("config"),
  createdAt: integer("created_at").notNull(),
  archivedAt: integer("archived_at"),
});

export const OUTBOX_STATUSES = ["pending", "delivered", "dead"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Every notification goes through here: written in the same transaction as the event that
 * caused it (so none is lost), deduplicated by key (so none is queued twice), and delivered with
 * retries and backoff by the coordinator.
 */
export const notificationOutbox = sqliteTable(
  "notification_outbox",
  {
    id: integer("id").primaryKey(),
    /** What this delivery is, uniquely ("alert:12:step:0:ops-email"). */
    dedupeKey: text("dedupe_key").notNull().unique(),
    channelId: integer("channel_id").notNull(),
    /** The channel-neutral NotificationMessage (lib/notify/types.ts), or a ready email for subscribers. */
    message: text("message", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    alertId: integer("alert_id"),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at").notNull(),
    /** A deliverer holds the row until then; after a crash it is picked up again. */
    claimedUntil: integer("claimed_until"),
    lastError: text("last_error"),
    createdAt: integer("created_at").notNull(),
    deliveredAt: integer("delivered_at"),
  },
  (t) => [
    // Serves the deliverer's team lane: pending alerts to the team's channels, by due time.
    index("notification_outbox_team_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending' AND ${t.channelId} <> 0`),
    // Serves the deliverer's subscriber lane (channel 0: direct email and webhooks to subscribers).
    index("notification_outbox_subscriber_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending' AND ${t.channelId} = 0`),
    index("notification_outbox_created_idx").on(t.createdAt),
  ],
);

/** The delivery log: one row per attempt, shown on the dashboard. */
export const notificationAttempts = sqliteTable(
  "notification_attempts",
  {
    id: integer("id").primaryKey(),
    outboxId: integer("outbox_id").notNull(),
    attempt: integer("attempt").notNull(),
    at: integer("at").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    /** Receipt or error in words. */
    detail: text("detail").notNull(),
    latencyMs: integer("latency_ms").notNull(),
  },
  (t) => [index("notification_attempts_outbox_idx").on(t.outboxId)],
);
