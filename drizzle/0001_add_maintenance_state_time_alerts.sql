CREATE TABLE `state_time_daily` (
	`monitor_id` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`up_ms` integer DEFAULT 0 NOT NULL,
	`degraded_ms` integer DEFAULT 0 NOT NULL,
	`partial_ms` integer DEFAULT 0 NOT NULL,
	`major_ms` integer DEFAULT 0 NOT NULL,
	`maintenance_ms` integer DEFAULT 0 NOT NULL,
	`no_data_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket_start`)
);
--> statement-breakpoint
CREATE INDEX `state_time_daily_bucket_idx` ON `state_time_daily` (`bucket_start`);--> statement-breakpoint
CREATE TABLE `state_time_hourly` (
	`monitor_id` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`up_ms` integer DEFAULT 0 NOT NULL,
	`degraded_ms` integer DEFAULT 0 NOT NULL,
	`partial_ms` integer DEFAULT 0 NOT NULL,
	`major_ms` integer DEFAULT 0 NOT NULL,
	`maintenance_ms` integer DEFAULT 0 NOT NULL,
	`no_data_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket_start`)
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`monitor_id` integer,
	`region_id` integer,
	`title` text NOT NULL,
	`reason` text NOT NULL,
	`opened_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`resolved_at` integer,
	`resolve_reason` text,
	FOREIGN KEY (`monitor_id`) REFERENCES `monitors`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`region_id`) REFERENCES `regions`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_monitor_idx` ON `alerts` (`kind`,`monitor_id`) WHERE "alerts"."resolved_at" IS NULL AND "alerts"."monitor_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_open_region_idx` ON `alerts` (`kind`,`region_id`) WHERE "alerts"."resolved_at" IS NULL AND "alerts"."region_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `alerts_opened_idx` ON `alerts` (`opened_at`);--> statement-breakpoint
ALTER TABLE `monitor_states` ADD `condition` text DEFAULT 'no_data' NOT NULL;--> statement-breakpoint
ALTER TABLE `monitor_states` ADD `accrued_until` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `kind` text DEFAULT 'incident' NOT NULL;--> statement-breakpoint
ALTER TABLE `incidents` ADD `scheduled_for` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `scheduled_until` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `merged_into` integer;--> statement-breakpoint
CREATE INDEX `incidents_maintenance_idx` ON `incidents` (`scheduled_for`) WHERE "incidents"."kind" = 'maintenance';