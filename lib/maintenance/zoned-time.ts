/**
 * Wall-clock times in IANA time zones, with nothing but Intl: forms send a local date and time
 * plus the reader's zone; the database keeps epoch ms (UTC).
 */
import { fieldError } from "../errors";

export const MAX_TIME_ZONE_LENGTH = 64;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone ("Europe/Berlin", "UTC"); bounded, so a long string costs nothing. */
export function isTimeZone(timeZone: string): boolean {
  if (!timeZone || timeZone.length > MAX_TIME_ZONE_LENGTH) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Every zone this runtime knows, for the time-zone select. */
export function timeZoneNames(): string[] {
  const names = Intl.supportedValuesOf("timeZone");
  return names.includes("UTC") ? names : ["UTC", ...names];
}

/** The wall-clock fields of `ms` in `timeZone`. */
function wallClock(ms: number, timeZone: string) {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return { year: +parts.year, month: +parts.month, day: +parts.day, hour: +parts.hour, minute: +parts.minute, second: +parts.second };
}

/** How far `timeZone` is ahead of UTC at `ms`, in ms. */
function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/;

/**
 * A form's `datetime-local` ("2026-11-26T14:00") or `date` ("2026-11-26", midnight) value read in
 * `timeZone`, as epoch ms; null when it is not such a value or names a day that does not exist.
 * A time inside a DST gap moves forward by the gap (02:30 on the spring-forward night is 03:30);
 * a time the clock shows twice is the first of the two.
 */
export function zonedToUtc(value: string, timeZone: string): number | null {
  const m = LOCAL.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi] = [+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0)];
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  const check = new Date(wall);
  if (Number.isNaN(wall) || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1 || h > 23 || mi > 59) return null;
  // The zone's offsets a day either side cover any change at this time (DST moves by hours).
  const before = offsetAt(wall - 86_400_000, timeZone);
  const after = offsetAt(wall + 86_400_000, timeZone);
  const matches = [wall - before, wall - after].filter((t) => t + offsetAt(t, timeZone) === wall).sort((a, b) => a - b);
  // None matches inside a DST gap: the offset before it moves the time forward by the gap.
  return matches[0] ?? wall - before;
}

/** `ms` as a `datetime-local` value in `timeZone` (to fill a form). */
export function utcToZonedInput(ms: number, timeZone: string): string {
  const w = wallClock(ms, timeZone);
  const p = (n: number, l = 2) => String(n).padStart(l, "0");
  return `${p(w.year, 4)}-${p(w.month)}-${p(w.day)}T${p(w.hour)}:${p(w.minute)}`;
}

/** A field error unless Intl knows the zone. */
export function assertTimeZone(timeZone: string, field = "timeZone"): void {
  if (!isTimeZone(timeZone)) {
    throw fieldError(field, `“${timeZone.slice(0, MAX_TIME_ZONE_LENGTH)}” is not a time zone this server knows: choose one like Europe/Berlin, America/New_York or UTC.`);
  }
}
