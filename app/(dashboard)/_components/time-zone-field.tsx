"use client";
import { Select, useFormState } from "./action-form";
import { useBrowserTimeZone } from "./local-time";

/**
 * The time zone a form's local dates and times are read in, sent as `tz`. With JavaScript it is
 * the browser's own zone: a hidden field and a sentence saying so (`choose`: a select set to it,
 * for a schedule that keeps its zone). Without JavaScript a select set to UTC (or `value`).
 */
export function TimeZoneField({ zones, value, choose = false, className }: { zones: string[]; value?: string; choose?: boolean; className?: string }) {
  const browser = useBrowserTimeZone();
  const state = useFormState();
  const errors = state.fieldErrors?.tz ?? [];
  if (browser && !choose) {
    return (
      <p className="muted">
        <input type="hidden" name="tz" value={browser} />
        Times are in your time zone, {browser}.{errors.length ? <span className="error"> {errors.join(" ")}</span> : null}
      </p>
    );
  }
  const initial = value ?? (browser && zones.includes(browser) ? browser : "UTC");
  return (
    <div className={className}>
      <label htmlFor="tz">Time zone</label>
      <Select id="tz" name="tz" defaultValue={initial} required>
        {zones.map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </Select>
    </div>
  );
}
