ALTER TABLE `component_groups` ADD `origin` text DEFAULT 'config' NOT NULL;--> statement-breakpoint
ALTER TABLE `components` ADD `origin` text DEFAULT 'config' NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `origin` text DEFAULT 'config' NOT NULL;--> statement-breakpoint
ALTER TABLE `monitors` ADD `spec` text;--> statement-breakpoint
ALTER TABLE `monitors` ADD `paused_at` integer;--> statement-breakpoint
ALTER TABLE `monitors` ADD `paused_by` text;--> statement-breakpoint
ALTER TABLE `state_time_daily` ADD `paused_ms` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `state_time_hourly` ADD `paused_ms` integer DEFAULT 0 NOT NULL;