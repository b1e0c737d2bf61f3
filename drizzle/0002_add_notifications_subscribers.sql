CREATE TABLE `escalation_policies` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`steps` text NOT NULL,
	`repeat_every_ms` integer,
	`config_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `escalation_policies_key_unique` ON `escalation_policies` (`key`);--> statement-breakpoint
CREATE TABLE `notification_attempts` (
	`id` integer PRIMARY KEY NOT NULL,
	`outbox_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`at` integer NOT NULL,
	`ok` integer NOT NULL,
	`detail` text NOT NULL,
	`latency_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notification_attempts_outbox_idx` ON `notification_attempts` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `notification_channels` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`config` text NOT NULL,
	`config_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_channels_key_unique` ON `notification_channels` (`key`);--> statement-breakpoint
CREATE TABLE `notification_outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`channel_id` integer NOT NULL,
	`message` text NOT NULL,
	`alert_id` integer,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notification_outbox_dedupe_key_unique` ON `notification_outbox` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notification_outbox_due_idx` ON `notification_outbox` (`next_attempt_at`) WHERE "notification_outbox"."status" = 'pending';--> statement-breakpoint
CREATE INDEX `notification_outbox_created_idx` ON `notification_outbox` (`created_at`);--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriber_components` (
	`subscriber_id` integer NOT NULL,
	`component_id` integer NOT NULL,
	PRIMARY KEY(`subscriber_id`, `component_id`),
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscribers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `subscriber_components_component_idx` ON `subscriber_components` (`component_id`);--> statement-breakpoint
CREATE TABLE `subscribers` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`address` text NOT NULL,
	`token` text NOT NULL,
	`all_components` integer DEFAULT true NOT NULL,
	`confirmed_at` integer,
	`unsubscribed_at` integer,
	`confirmation_sent_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_token_unique` ON `subscribers` (`token`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscribers_live_address_idx` ON `subscribers` (`kind`,`address`) WHERE "subscribers"."unsubscribed_at" IS NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `escalation_policy_id` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `policy_id` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `next_step` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `reminders` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `next_at` integer;--> statement-breakpoint
ALTER TABLE `alerts` ADD `recovery_queued_at` integer;--> statement-breakpoint
CREATE INDEX `alerts_next_at_idx` ON `alerts` (`next_at`) WHERE "alerts"."next_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `alerts_recovery_pending_idx` ON `alerts` (`resolved_at`) WHERE "alerts"."resolved_at" IS NOT NULL AND "alerts"."recovery_queued_at" IS NULL AND "alerts"."policy_id" IS NOT NULL;