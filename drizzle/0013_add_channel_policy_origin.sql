ALTER TABLE `escalation_policies` ADD `origin` text DEFAULT 'config' NOT NULL;--> statement-breakpoint
ALTER TABLE `notification_channels` ADD `origin` text DEFAULT 'config' NOT NULL;