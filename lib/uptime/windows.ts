/** The named windows uptime and latency are shown for (dashboard, badges, widgets), and their rows. */
import { dayStartUtc, hourStartUtc } from "./uptime";

export const WINDOWS = ["24h", "7d", "30d", "90d"] as const;
export type WindowName = (typeof WINDOWS)[number];

/**
 * Which rollup rows make up each window: the last 24 and 168 hours come from hourly rows,
 * the last 30 and 90 days (today included) from daily rows.
 */
export function windowStart(name: WindowName, now: number): { table: "hourly" | "daily"; from: number } {
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

