CREATE TABLE `incident_templates` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`impact` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `incident_templates_name_idx` ON `incident_templates` (`name`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `dismissed_at` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `postmortem_body` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `postmortem_updated_at` integer;--> statement-breakpoint
ALTER TABLE `incidents` ADD `postmortem_published_at` integer;