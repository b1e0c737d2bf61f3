CREATE TABLE `check_result_blocks` (
	`monitor_id` integer NOT NULL,
	`hour_start` integer NOT NULL,
	`region_id` integer NOT NULL,
	`degraded` integer DEFAULT 0 NOT NULL,
	`results` blob NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `check_result_blocks_key_idx` ON `check_result_blocks` (`monitor_id`,`hour_start`,`region_id`);