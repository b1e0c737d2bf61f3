CREATE TABLE `maintenance_schedules` (
	`id` integer PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`component_ids` text DEFAULT '[]' NOT NULL,
	`impact` text DEFAULT 'none' NOT NULL,
	`cron` text NOT NULL,
	`time_zone` text NOT NULL,
	`duration_min` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer,
	`published` integer DEFAULT true NOT NULL,
	`origin` text DEFAULT 'ui' NOT NULL,
	`materialized_until` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`archived_at` integer
);
--> statement-breakpoint
CREATE INDEX `maintenance_schedules_due_idx` ON `maintenance_schedules` (`materialized_until`) WHERE "maintenance_schedules"."archived_at" IS NULL;--> statement-breakpoint
CREATE TABLE `maintenance_occurrences` (
	`schedule_id` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`incident_id` integer NOT NULL,
	PRIMARY KEY(`schedule_id`, `starts_at`),
	FOREIGN KEY (`schedule_id`) REFERENCES `maintenance_schedules`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `maintenance_occurrences_incident_idx` ON `maintenance_occurrences` (`incident_id`);