import { describe, expect, it } from "vitest";
import { cronOf, describeRecurrence, occurrencesBetween, recurrenceInput, recurrenceOf } from "./recurrence";
import { isTimeZone, utcToZonedInput, zonedToUtc } from "./zoned-time";

const iso = (ms: number[]) => ms.map((t) => new Date(t).toISOString());

describe("recurrence", () => {
  it("keeps a weekly 02:30 in Europe/Berlin at 02:30 local across the end of March; the night without 02:30 runs at 03:00", () => {
    const cron = cronOf({ frequency: "weekly", weekdays: [0], time: "02:30" });
    expect(cron).toBe("30 2 * * 0");
    expect(iso(occurrencesBetween(cron, "Europe/Berlin", Date.UTC(2026, 2, 15), Date.UTC(2026, 3, 13)))).toEqual([
      "2026-03-15T01:30:00.000Z", // CET, UTC+1
      "2026-03-22T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z", // 02:00 jumps to 03:00 that night
      "2026-04-05T00:30:00.000Z", // CEST, UTC+2
      "2026-04-12T00:30:00.000Z",
    ]);
    // The clock shows 02:30 twice on the last Sunday of October: it runs once, at the first.
    expect(iso(occurrencesBetween(cron, "Europe/Berlin", Date.UTC(2026, 9, 24), Date.UTC(2026, 10, 2)))).toEqual(["2026-10-25T00:30:00.000Z", "2026-11-01T01:30:00.000Z"]);
  });

  it("builds patterns from the presets, reads them back and says them in words", () => {
    const weekly = { frequency: "weekly", weekdays: [4, 1, 1], time: "23:05" } as const;
    expect(cronOf(recurrenceInput.parse(weekly))).toBe("5 23 * * 1,4");
    expect(recurrenceOf("5 23 * * 1,4")).toEqual({ frequency: "weekly", weekdays: [1, 4], time: "23:05" });
    expect(describeRecurrence("5 23 * * 1,4", "Asia/Tokyo")).toBe("Weekly on Monday and Thursday at 23:05 (Asia/Tokyo)");
    expect(cronOf({ frequency: "daily", weekdays: [], time: "00:00" })).toBe("0 0 * * *");
    expect(describeRecurrence("0 4 31 * *", "UTC")).toBe("Monthly on day 31 at 04:00 (UTC), in months that have it");
    expect(iso(occurrencesBetween("0 4 31 * *", "UTC", Date.UTC(2026, 0, 1), Date.UTC(2026, 4, 1)))).toEqual(["2026-01-31T04:00:00.000Z", "2026-03-31T04:00:00.000Z"]);
    const bad = recurrenceInput.safeParse({ frequency: "weekly", weekdays: [], time: "25:00" });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join("."))).toEqual(expect.arrayContaining(["time", "weekdays"]));
  });

  it("reads local times in a zone: the DST gap moves forward, a doubled hour takes the first, a day that does not exist is refused", () => {
    expect(new Date(zonedToUtc("2026-07-01T12:00", "Europe/Berlin")!).toISOString()).toBe("2026-07-01T10:00:00.000Z");
    expect(new Date(zonedToUtc("2026-03-29T02:30", "Europe/Berlin")!).toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(new Date(zonedToUtc("2026-10-25T02:30", "Europe/Berlin")!).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(new Date(zonedToUtc("2026-11-01T01:30", "America/New_York")!).toISOString()).toBe("2026-11-01T05:30:00.000Z");
    expect(new Date(zonedToUtc("2026-12-24", "Asia/Kolkata")!).toISOString()).toBe("2026-12-23T18:30:00.000Z");
    expect(zonedToUtc("2026-02-31T00:00", "UTC")).toBeNull();
    expect(zonedToUtc("tomorrow", "UTC")).toBeNull();
    expect(utcToZonedInput(Date.UTC(2026, 6, 1, 10), "Asia/Kolkata")).toBe("2026-07-01T15:30");
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("x".repeat(500))).toBe(false);
  });
});
