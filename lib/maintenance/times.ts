/** Times that people and API clients send: bounded, with their zone said or implied. */
import { z } from "zod";
import { fieldError } from "../errors";
import { isTimeZone, MAX_TIME_ZONE_LENGTH, zonedToUtc } from "./zoned-time";

/** A time sent may be at most this far in the past (a window that started a moment ago)… */
export const MAX_PAST_MS = 86_400_000;
/** …and at most this far ahead. */
export const MAX_AHEAD_MS = 2 * 365 * 86_400_000;
/** The longest maintenance window, one-off or recurring. */
export const MAX_WINDOW_MS = 7 * 86_400_000;

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A time zone name Intl knows; unknown ones get a message naming examples. */
export const timeZoneField = z
  .string({ error: "Choose a time zone, like Europe/Berlin or UTC." })
  .trim()
  .max(MAX_TIME_ZONE_LENGTH, { error: "Choose a time zone from the list, like Europe/Berlin or UTC." })
  .refine(isTimeZone, { error: "That is not a time zone this server knows: choose one like Europe/Berlin, America/New_York or UTC." });

/** A time as sent: epoch ms, ISO 8601 with an offset ("2026-11-26T14:00:00+01:00"), or a form's local "2026-11-26T14:00". */
export const timeField = z.union([z.number().int(), z.string().trim().max(40)]);

/** Epoch ms of a sent time; a local time without an offset is read in `timeZone`. */
export function instantOf(value: number | string, timeZone: string, field: string, what: string): number {
  if (typeof value === "number") return value;
  if (ISO_WITH_OFFSET.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  const local = zonedToUtc(value, timeZone);
  if (local !== null) return local;
  throw fieldError(field, `Enter the ${what} as a date and time, like 2026-11-26T14:00, or as ISO 8601 with an offset, like 2026-11-26T14:00:00+01:00.`);
}

/** A field error unless `ms` is within MAX_PAST_MS before and MAX_AHEAD_MS after now. */
export function assertBounded(ms: number, now: number, field: string, what: string): void {
  if (ms < now - MAX_PAST_MS) throw fieldError(field, `The ${what} is more than a day in the past: choose a later time.`);
  if (ms > now + MAX_AHEAD_MS) throw fieldError(field, `The ${what} is more than two years ahead: choose an earlier time.`);
}
