-- Successful results older than PACK_AFTER_MS are packed into one row per monitor, hour and
-- region (lib/results/blocks.ts). WITHOUT ROWID, clustered on the primary key: drizzle-orm has
-- no table option for it, hence the edit; lib/db/schema/check-result-blocks.ts says so.
CREATE TABLE `check_result_blocks` (
	`monitor_id` integer NOT NULL,
	`hour_start` integer NOT NULL,
	`region_id` integer NOT NULL,
	`degraded` integer DEFAULT 0 NOT NULL,
	`results` blob NOT NULL,
	PRIMARY KEY(`monitor_id`, `hour_start`, `region_id`)
) WITHOUT ROWID;
