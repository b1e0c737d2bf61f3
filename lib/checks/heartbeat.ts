import { z } from "zod";
import { durationMs } from "../config/units";
import { defineCheckType } from "./types";

/**
 * A heartbeat (push) monitor is checked by the monitored job itself: a cron job or a backup
 * script calls /api/push/<token> when it succeeds. The monitor's `interval` is how often the
 * job reports; a heartbeat missing for interval + grace is an outage. There is no run(): the
 * coordinator watches for missing heartbeats (lib/heartbeats).
 */
export const heartbeatCheckConfigSchema = z.object({
  /** Extra time allowed after the expected interval before a missing heartbeat counts. */
  grace: durationMs({ min: 0, max: 86_400_000 }).default(60_000),
});

export type HeartbeatCheckConfig = z.output<typeof heartbeatCheckConfigSchema>;

export const heartbeatCheck = defineCheckType({ type: "heartbeat", configSchema: heartbeatCheckConfigSchema, pushed: true });
