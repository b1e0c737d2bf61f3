/**
 * Which backups to keep: the newest backup of each of the last `hourly` hours, of each of the
 * last `daily` days and of each of the last `weekly` ISO weeks (UTC) that have one
 * (grandfather-father-son). The newest backup is always kept, whatever the counts.
 */
import { DAY_MS, HOUR_MS } from "../uptime/uptime";
import type { BackupFile } from "./backup";

export interface KeepPolicy {
  hourly: number;
  daily: number;
  weekly: number;
}

export const DEFAULT_KEEP: KeepPolicy = { hourly: 24, daily: 7, weekly: 4 };

/** Monday 00:00 UTC of the week holding `at`. */
const weekStart = (at: number) => {
  const day = Math.floor(at / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
};

/** The backups `keep` lets go, given every backup there is (any order). */
export function backupsToDelete(backups: BackupFile[], keep: KeepPolicy): BackupFile[] {
  const newestFirst = [...backups].sort((a, b) => b.at - a.at);
  const kept = new Set<BackupFile>(newestFirst.slice(0, 1));
  const tiers: [number, (at: number) => number][] = [
    [keep.hourly, (at) => Math.floor(at / HOUR_MS)],
    [keep.daily, (at) => Math.floor(at / DAY_MS)],
    [keep.weekly, weekStart],
  ];
  for (const [count, slotOf] of tiers) {
    const seen = new Set<number>();
    for (const b of newestFirst) {
      if (seen.size >= count) break;
      const slot = slotOf(b.at);
      if (seen.has(slot)) continue;
      seen.add(slot);
      kept.add(b);
    }
  }
  return newestFirst.filter((b) => !kept.has(b));
}
