ALTER TABLE `alerts` ADD `down_regions` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `live_regions` text DEFAULT '[]' NOT NULL;