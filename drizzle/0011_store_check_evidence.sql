ALTER TABLE `check_results` ADD `response_headers` text;--> statement-breakpoint
ALTER TABLE `check_results` ADD `response_body` text;--> statement-breakpoint
CREATE INDEX `check_results_monitor_started_idx` ON `check_results` (`monitor_id`,`started_at`);