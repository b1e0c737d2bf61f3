-- Rollups and state time become WITHOUT ROWID tables clustered on their primary key: a rowid
-- table plus its automatic unique index kept every key twice, in two B-trees. Each table is
-- rebuilt (rows copied in key order, so the new pages come out full) and keeps its indexes.
-- Hourly rollups' phase sums and histogram become nullable: retention thins hourly rows older
-- than any reader reaches to their counts and latency sum (lib/results/retention.ts).
-- drizzle-orm has no table option for WITHOUT ROWID, hence a custom migration; the schema
-- files say so where each table is defined.
CREATE TABLE `__new_rollups_hourly` (
	`monitor_id` integer NOT NULL,
	`region_id` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`total` integer DEFAULT 0 NOT NULL,
	`down` integer DEFAULT 0 NOT NULL,
	`degraded` integer DEFAULT 0 NOT NULL,
	`latency_sum_us` integer DEFAULT 0 NOT NULL,
	`dns_sum_us` integer DEFAULT 0,
	`connect_sum_us` integer DEFAULT 0,
	`tls_sum_us` integer DEFAULT 0,
	`first_byte_sum_us` integer DEFAULT 0,
	`transfer_sum_us` integer DEFAULT 0,
	`histogram` blob,
	PRIMARY KEY(`monitor_id`, `bucket_start`, `region_id`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_rollups_hourly` (`monitor_id`, `region_id`, `bucket_start`, `total`, `down`, `degraded`, `latency_sum_us`, `dns_sum_us`, `connect_sum_us`, `tls_sum_us`, `first_byte_sum_us`, `transfer_sum_us`, `histogram`) SELECT `monitor_id`, `region_id`, `bucket_start`, `total`, `down`, `degraded`, `latency_sum_us`, `dns_sum_us`, `connect_sum_us`, `tls_sum_us`, `first_byte_sum_us`, `transfer_sum_us`, `histogram` FROM `rollups_hourly` ORDER BY `monitor_id`, `bucket_start`, `region_id`;
--> statement-breakpoint
DROP TABLE `rollups_hourly`;
--> statement-breakpoint
ALTER TABLE `__new_rollups_hourly` RENAME TO `rollups_hourly`;
--> statement-breakpoint
CREATE TABLE `__new_rollups_daily` (
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
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_rollups_daily` (`monitor_id`, `region_id`, `bucket_start`, `total`, `down`, `degraded`, `latency_sum_us`, `dns_sum_us`, `connect_sum_us`, `tls_sum_us`, `first_byte_sum_us`, `transfer_sum_us`, `histogram`) SELECT `monitor_id`, `region_id`, `bucket_start`, `total`, `down`, `degraded`, `latency_sum_us`, `dns_sum_us`, `connect_sum_us`, `tls_sum_us`, `first_byte_sum_us`, `transfer_sum_us`, `histogram` FROM `rollups_daily` ORDER BY `monitor_id`, `bucket_start`, `region_id`;
--> statement-breakpoint
DROP TABLE `rollups_daily`;
--> statement-breakpoint
ALTER TABLE `__new_rollups_daily` RENAME TO `rollups_daily`;
--> statement-breakpoint
CREATE INDEX `rollups_daily_bucket_idx` ON `rollups_daily` (`bucket_start`);
--> statement-breakpoint
CREATE TABLE `__new_state_time_hourly` (
	`monitor_id` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`up_ms` integer DEFAULT 0 NOT NULL,
	`degraded_ms` integer DEFAULT 0 NOT NULL,
	`partial_ms` integer DEFAULT 0 NOT NULL,
	`major_ms` integer DEFAULT 0 NOT NULL,
	`maintenance_ms` integer DEFAULT 0 NOT NULL,
	`no_data_ms` integer DEFAULT 0 NOT NULL,
	`paused_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket_start`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_state_time_hourly` (`monitor_id`, `bucket_start`, `up_ms`, `degraded_ms`, `partial_ms`, `major_ms`, `maintenance_ms`, `no_data_ms`, `paused_ms`) SELECT `monitor_id`, `bucket_start`, `up_ms`, `degraded_ms`, `partial_ms`, `major_ms`, `maintenance_ms`, `no_data_ms`, `paused_ms` FROM `state_time_hourly` ORDER BY `monitor_id`, `bucket_start`;
--> statement-breakpoint
DROP TABLE `state_time_hourly`;
--> statement-breakpoint
ALTER TABLE `__new_state_time_hourly` RENAME TO `state_time_hourly`;
--> statement-breakpoint
CREATE TABLE `__new_state_time_daily` (
	`monitor_id` integer NOT NULL,
	`bucket_start` integer NOT NULL,
	`up_ms` integer DEFAULT 0 NOT NULL,
	`degraded_ms` integer DEFAULT 0 NOT NULL,
	`partial_ms` integer DEFAULT 0 NOT NULL,
	`major_ms` integer DEFAULT 0 NOT NULL,
	`maintenance_ms` integer DEFAULT 0 NOT NULL,
	`no_data_ms` integer DEFAULT 0 NOT NULL,
	`paused_ms` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`monitor_id`, `bucket_start`)
) WITHOUT ROWID;
--> statement-breakpoint
INSERT INTO `__new_state_time_daily` (`monitor_id`, `bucket_start`, `up_ms`, `degraded_ms`, `partial_ms`, `major_ms`, `maintenance_ms`, `no_data_ms`, `paused_ms`) SELECT `monitor_id`, `bucket_start`, `up_ms`, `degraded_ms`, `partial_ms`, `major_ms`, `maintenance_ms`, `no_data_ms`, `paused_ms` FROM `state_time_daily` ORDER BY `monitor_id`, `bucket_start`;
--> statement-breakpoint
DROP TABLE `state_time_daily`;
--> statement-breakpoint
ALTER TABLE `__new_state_time_daily` RENAME TO `state_time_daily`;
--> statement-breakpoint
CREATE INDEX `state_time_daily_bucket_idx` ON `state_time_daily` (`bucket_start`);
