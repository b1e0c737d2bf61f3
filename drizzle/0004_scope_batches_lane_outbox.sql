DROP INDEX `notification_outbox_due_idx`;--> statement-breakpoint
CREATE INDEX `notification_outbox_team_due_idx` ON `notification_outbox` (`next_attempt_at`) WHERE "notification_outbox"."status" = 'pending' AND "notification_outbox"."channel_id" <> 0;--> statement-breakpoint
CREATE INDEX `notification_outbox_subscriber_due_idx` ON `notification_outbox` (`next_attempt_at`) WHERE "notification_outbox"."status" = 'pending' AND "notification_outbox"."channel_id" = 0;--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_ingested_batches` (
	`region` text NOT NULL,
	`batch_id` text NOT NULL,
	`received_at` integer NOT NULL,
	`results` integer NOT NULL,
	PRIMARY KEY(`region`, `batch_id`)
);
--> statement-breakpoint
INSERT INTO `__new_ingested_batches`("region", "batch_id", "received_at", "results") SELECT "region", "batch_id", "received_at", "results" FROM `ingested_batches`;--> statement-breakpoint
DROP TABLE `ingested_batches`;--> statement-breakpoint
ALTER TABLE `__new_ingested_batches` RENAME TO `ingested_batches`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `login_attempts_last_failure_idx` ON `login_attempts` (`last_failure_at`);