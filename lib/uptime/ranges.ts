/** The named ranges uptime and latency are shown for (dashboard, badges, widgets), and their rows. ("Window" means a maintenance window only.) */
import { dayStartUtc, hourStartUtc } from "./uptime";

export const RANGES = ["24h", "7d", "30d", "90d"] as const;
export type RangeName = (typeof RANGES)[number];

/**
 * Which rollup rows make up each range: the last 24 and 168 hours come from hourly rows,
 * the last 30 and 90 days (today included) from daily rows.
 */
export function rangeStart(name: RangeName, now: number): { table: "hourly" | "daily"; from: number } {
  switch (name) {
    case "24h":
      return { table: "hourly", from: hourStartUtc(now) - 23 * 3_600_000 };
    case "7d":
      return { table: "hourly", from: hourStartUtc(now) - 167 * 3_600_000 };
    case "30d":
      return { table: "daily", from: dayStartUtc(now) - 29 * 86_400_000 };
    case "90d":
      return { table: "daily", from: dayStartUtc(now) - 89 * 86_400_000 };
  }
}

