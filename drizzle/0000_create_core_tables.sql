CREATE TABLE `component_groups` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`display_order` integer DEFAULT 0 NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `component_groups_key_unique` ON `component_groups` (`key`);--> statement-breakpoint
CREATE TABLE `components` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`group_id` integer,
	`display_order` integer DEFAULT 0 NOT NULL,
	`is_public` integer DEFAULT true NOT NULL,
	`show_latency` integer DEFAULT true NOT NULL,
	`publish_incidents` integer DEFAULT false NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `component_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `components_key_unique` ON `components` (`key`);--> statement-breakpoint
CREATE INDEX `components_group_idx` ON `components` (`group_id`,`display_order`);--> statement-breakpoint
CREATE TABLE `monitors` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`type` text NOT NULL,
	`check_config` text NOT NULL,
	`interval_s` integer NOT NULL,
	`timeout_ms` integer NOT NULL,
	`component_id` integer,
	`is_public` integer DEFAULT true NOT NULL,
	`failure_threshold` integer DEFAULT 2 NOT NULL,
	`success_threshold` integer DEFAULT 2 NOT NULL,
	`regions` text,
	`quorum` integer,
	`config_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`archived_at` integer,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `monitors_key_unique` ON `monitors` (`key`);--> statement-breakpoint
CREATE INDEX `monitors_component_idx` ON `monitors` (`component_id`);--> statement-breakpoint
CREATE TABLE `regions` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `regions_name_unique` ON `regions` (`name`);--> statement-breakpoint
CREATE TABLE `check_results` (
	`id` integer PRIMARY KEY NOT NULL,
	`monitor_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`status` integer NOT NULL,
	`status_code` integer,
	`error_class` text,
	`message` text,
	`total_us` integer NOT NULL,
	`dns_us` integer,
	`connect_us` integer,
	`tls_us` integer,
	`first_byte_us` integer,
	`transfer_us` integer,
	`tls_expires_at` integer,
	`assertions` text
);
--> statement-breakpoint
CREATE INDEX `check_results_failures_idx` ON `check_results` (`monitor_id`,`started_at`) WHERE "check_results"."status" > 0;--> statement-breakpoint
CREATE TABLE `monitor_states` (
	`monitor_id` integer PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`since` integer NOT NULL,
	`down_streak` integer DEFAULT 0 NOT NULL,
	`degraded_streak` integer DEFAULT 0 NOT NULL,
	`up_streak` integer DEFAULT 0 NOT NULL,
	`not_down_streak` integer DEFAULT 0 NOT NULL,
	`last_result_at` integer,
	`last_message` text,
	`warning` text,
	`flapping` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `monitor_transitions` (
	`id` integer PRIMARY KEY NOT NULL,
	`monitor_id` integer NOT NULL,
	`at` integer NOT NULL,
	`from_status` text NOT NULL,
	`to_status` text NOT NULL,
	`reason` text NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `monitor_transitions_monitor_at_idx` ON `monitor_transitions` (`monitor_id`,`at`);--> statement-breakpoint
CREATE TABLE `rollups_daily` (
	`monitor_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`down` integer DEFAULT 0 NOT NULL,
	`degraded` integer DEFAULT 0 NOT NULL,
	`latency_sum_us` integer DEFAULT 0 NOT NULL,
	`dns_sum_us` integer DEFAULT 0 NOT NULL,
	`connect_sum_us` integer DEFAULT 0 NOT NULL,
	`tls_sum_us` integer DEFAULT 0 NOT NULL,
	`first_byte_sum_us` integer DEFAULT 0 NOT NULL,
	`transfer_sum_us` integer DEFAULT 0 NOT NULL,
	`histogram` blob NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket_start`, `region_id`)
);
--> statement-breakpoint
CREATE INDEX `rollups_daily_bucket_idx` ON `rollups_daily` (`bucket_start`);--> statement-breakpoint
CREATE TABLE `rollups_hourly` (
	`monitor_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`down` integer DEFAULT 0 NOT NULL,
	`degraded` integer DEFAULT 0 NOT NULL,
	`latency_sum_us` integer DEFAULT 0 NOT NULL,
	`dns_sum_us` integer DEFAULT 0 NOT NULL,
	`connect_sum_us` integer DEFAULT 0 NOT NULL,
	`tls_sum_us` integer DEFAULT 0 NOT NULL,
	`first_byte_sum_us` integer DEFAULT 0 NOT NULL,
	`transfer_sum_us` integer DEFAULT 0 NOT NULL,
	`histogram` blob NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket_start`, `region_id`)
);
--> statement-breakpoint
CREATE TABLE `worker_heartbeats` (
	`role` text NOT NULL,
	`region` text NOT NULL,
	`pid` integer NOT NULL,
	`host` text NOT NULL,
	`started_at` integer NOT NULL,
	`last_beat_at` integer NOT NULL,
	`stats` text,
	PRIMARY KEY(`role`, `region`)
);
--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `cursors` (
	`name` text PRIMARY KEY NOT NULL,
	`position` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `login_attempts` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL,
	`last_failure_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `heartbeat_tokens` (
	`monitor_id` integer PRIMARY KEY NOT NULL,
	`token` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `heartbeat_tokens_token_unique` ON `heartbeat_tokens` (`token`);--> statement-breakpoint
CREATE TABLE `check_screenshots` (
	`id` integer PRIMARY KEY NOT NULL,
	`monitor_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`started_at` integer NOT NULL,
	`png` blob NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `check_screenshots_monitor_idx` ON `check_screenshots` (`monitor_id`,`started_at`);--> statement-breakpoint
CREATE TABLE `monitor_region_states` (
	`monitor_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`status` text NOT NULL,
	`since` integer NOT NULL,
	`down_streak` integer DEFAULT 0 NOT NULL,
	`degraded_streak` integer DEFAULT 0 NOT NULL,
	`up_streak` integer DEFAULT 0 NOT NULL,
	`not_down_streak` integer DEFAULT 0 NOT NULL,
	`last_result_at` integer,
	`last_message` text,
	PRIMARY KEY(`monitor_id`, `region_id`),
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ingested_batches` (
	`batch_id` text PRIMARY KEY NOT NULL,
	`region` text NOT NULL,
	`received_at` integer NOT NULL,
	`results` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `probe_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`region` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `probe_tokens_token_hash_unique` ON `probe_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `incident_components` (
	`incident_id` integer NOT NULL,
	`component_id` integer NOT NULL,
	`impact` text NOT NULL,
	PRIMARY KEY(`incident_id`, `component_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`component_id`) REFERENCES `components`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incident_updates` (
	`id` integer PRIMARY KEY NOT NULL,
	`incident_id` integer NOT NULL,
	`status` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_updates_incident_idx` ON `incident_updates` (`incident_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`status` text NOT NULL,
	`impact` text NOT NULL,
	`source` text NOT NULL,
	`monitor_id` integer,
	`published` integer DEFAULT false NOT NULL,
	`started_at` integer NOT NULL,
	`resolved_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_open_auto_monitor_idx` ON `incidents` (`monitor_id`) WHERE "incidents"."source" = 'auto' AND "incidents"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX `incidents_started_idx` ON `incidents` (`started_at`);