/**
 * Recurrences people choose (daily, weekly on some weekdays, monthly on day N, at HH:MM) and
 * the cron patterns they are stored as; occurrences come from croner read in the schedule's
 * time zone, so a weekly 02:30 stays 02:30 local across DST changes.
 */
import { Cron } from "croner";
import { z } from "zod";

export const FREQUENCIES = ["daily", "weekly", "monthly"] as const;
export type Frequency = (typeof FREQUENCIES)[number];
/** Sunday first, as cron counts them. */
export const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;

export const recurrenceInput = z
  .object({
    frequency: z.enum(FREQUENCIES, { error: "Choose how often: daily, weekly or monthly." }),
    weekdays: z
      .array(z.number({ error: "Choose weekdays from the list." }).int().min(0, { error: "Choose weekdays from the list." }).max(6, { error: "Choose weekdays from the list." }))
      .max(7)
      .default([]),
    dayOfMonth: z.number({ error: "Choose a day of the month from 1 to 31." }).int().min(1, { error: "Choose a day of the month from 1 to 31." }).max(31, { error: "Choose a day of the month from 1 to 31." }).optional(),
    time: z
      .string({ error: "Enter the time as HH:MM, like 02:30." })
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: "Enter the time as HH:MM (24-hour), like 02:30." }),
  })
  .superRefine((r, ctx) => {
    if (r.frequency === "weekly" && r.weekdays.length === 0) ctx.addIssue({ code: "custom", path: ["weekdays"], message: "Choose at least one weekday." });
    if (r.frequency === "monthly" && r.dayOfMonth === undefined) ctx.addIssue({ code: "custom", path: ["dayOfMonth"], message: "Choose a day of the month from 1 to 31." });
  });
export type Recurrence = z.output<typeof recurrenceInput>;

/** The cron pattern of a recurrence: minute hour day-of-month month day-of-week. */
export function cronOf(r: Recurrence): string {
  const [hour, minute] = r.time.split(":").map(Number);
  const day = r.frequency === "monthly" ? String(r.dayOfMonth) : "*";
  const weekdays = r.frequency === "weekly" ? [...new Set(r.weekdays)].sort((a, b) => a - b).join(",") : "*";
  return `${minute} ${hour} ${day} * ${weekdays}`;
}

/** The recurrence a stored pattern was built from (patterns only ever come from cronOf). */
export function recurrenceOf(cron: string): Recurrence {
  const [minute, hour, day, , weekdays] = cron.split(" ");
  const time = `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}`;
  if (weekdays !== "*") return { frequency: "weekly", weekdays: weekdays.split(",").map(Number), time };
  if (day !== "*") return { frequency: "monthly", weekdays: [], dayOfMonth: Number(day), time };
  return { frequency: "daily", weekdays: [], time };
}

/** "Weekly on Monday and Thursday at 02:30 (Europe/Berlin)". */
export function describeRecurrence(cron: string, timeZone: string): string {
  const r = recurrenceOf(cron);
  const zone = ` (${timeZone})`;
  if (r.frequency === "daily") return `Daily at ${r.time}${zone}`;
  if (r.frequency === "monthly") return `Monthly on day ${r.dayOfMonth} at ${r.time}${zone}${r.dayOfMonth! > 28 ? ", in months that have it" : ""}`;
  const names = r.weekdays.map((d) => WEEKDAYS[d]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}` : names[0];
  return `Weekly on ${list} at ${r.time}${zone}`;
}

/** At most this many occurrences per call: a horizon never needs more (daily × 14 days). */
export const MAX_OCCURRENCES = 400;

/**
 * Start times (epoch ms) of the pattern in `timeZone` within [from, to), in order. A time that
 * does not exist on a spring-forward night runs at the first minute after the gap (croner's rule).
 */
export function occurrencesBetween(cron: string, timeZone: string, from: number, to: number): number[] {
  const job = new Cron(cron, { timezone: timeZone, paused: true });
  const out: number[] = [];
  // nextRun answers strictly after the date it is given.
  let at: Date | null = new Date(from - 1);
  while (out.length < MAX_OCCURRENCES) {
    at = job.nextRun(at);
    if (!at || at.getTime() >= to) break;
    out.push(at.getTime());
  }
  return out;
}
