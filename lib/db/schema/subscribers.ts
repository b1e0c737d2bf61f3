import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { components } from "./components";

export const SUBSCRIBER_KINDS = ["email", "webhook"] as const;
export type SubscriberKind = (typeof SUBSCRIBER_KINDS)[number];

/**
 * Someone who asked to hear about incidents and maintenance. Email subscribers are double
 * opt-in: nothing but the confirmation is sent until confirmedAt is set.
 */
export const subscribers = sqliteTable(
  "subscribers",
  {
    id: integer("id").primaryKey(),
    kind: text("kind", { enum: SUBSCRIBER_KINDS }).notNull(),
    /** Email address (lower-cased) or webhook URL. */
    address: text("address").notNull(),
    /** Unguessable (32 random bytes, base64url): confirm, manage and unsubscribe links carry it. */
    token: text("token").notNull().unique(),
    /** Every public component, including ones added later; otherwise subscriber_components. */
    allComponents: integer("all_components", { mode: "boolean" }).notNull().default(true),
    confirmedAt: integer("confirmed_at"),
    unsubscribedAt: integer("unsubscribed_at"),
    confirmationSentAt: integer("confirmation_sent_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    // One live subscription per address: subscribing again re-sends the confirmation instead.
    uniqueIndex("subscribers_live_address_idx").on(t.kind, t.address).where(sql`${t.unsubscribedAt} IS NULL`),
  ],
);

export const subscriberComponents = sqliteTable(
  "subscriber_components",
  {
    subscriberId: integer("subscriber_id")
      .notNull()
      .references(() => subscribers.id),
    componentId: integer("component_id")
      .notNull()
      .references(() => components.id),
  },
  (t) => [primaryKey({ columns: [t.subscriberId, t.componentId] }), index("subscriber_components_component_idx").on(t.componentId)],
);

/** Fixed-window counters for public endpoints (subscribe), per client address and per email address. */
export const rateLimits = sqliteTable("rate_limits", {
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});
