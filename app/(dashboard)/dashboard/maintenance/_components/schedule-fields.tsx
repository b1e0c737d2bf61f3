import { FREQUENCIES, WEEKDAYS, type Recurrence } from "@/lib/maintenance/recurrence";
import { MAX_DURATION_MIN } from "@/lib/maintenance/schedules";
import { Checkbox, Fieldset, Input, Select } from "../../../_components/action-form";
import { TimeZoneField } from "../../../_components/time-zone-field";
import s from "../../incidents/incidents.module.css";
import m from "../maintenance.module.css";

const FREQUENCY_LABEL: Record<(typeof FREQUENCIES)[number], string> = { daily: "Daily", weekly: "Weekly, on the weekdays below", monthly: "Monthly, on the day below" };

/**
 * The recurrence presets (daily, weekly on weekdays, monthly on day N, at HH:MM), the time zone
 * they are read in, the duration and the dates. Every part is on the page at once, so the form
 * works without JavaScript; the server keeps the parts the frequency uses.
 */
export function ScheduleFields({ zones, value }: { zones: string[]; value?: { recurrence: Recurrence; timeZone: string; durationMinutes: number; startDate: string; endDate: string | null } }) {
  const r = value?.recurrence;
  return (
    <>
      <div className={s.row2}>
        <div className={s.field}>
          <label htmlFor="frequency">Repeats</label>
          <Select id="frequency" name="frequency" defaultValue={r?.frequency ?? "weekly"} required>
            {FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {FREQUENCY_LABEL[f]}
              </option>
            ))}
          </Select>
        </div>
        <div className={s.field}>
          <label htmlFor="time">At (local time)</label>
          <Input id="time" type="time" name="time" defaultValue={r?.time ?? "02:00"} required />
        </div>
      </div>
      <Fieldset name="weekday" id="weekday" legend="Weekdays (weekly)">
        <div className={m.weekdays}>
          {WEEKDAYS.map((d, i) => (
            <label key={d} className={s.check}>
              <Checkbox name="weekday" value={i} defaultChecked={r?.frequency === "weekly" && r.weekdays.includes(i)} />
              {d}
            </label>
          ))}
        </div>
      </Fieldset>
      <div className={s.row2}>
        <div className={s.field}>
          <label htmlFor="dayOfMonth">Day of the month (monthly)</label>
          <span className={s.hint} id="dayOfMonth-hint">
            1 to 31; months without that day are skipped.
          </span>
          <Input id="dayOfMonth" type="number" name="dayOfMonth" min={1} max={31} defaultValue={r?.dayOfMonth === undefined ? "" : String(r.dayOfMonth)} aria-describedby="dayOfMonth-hint" />
        </div>
        <div className={s.field}>
          <label htmlFor="duration">Duration (minutes)</label>
          <Input id="duration" type="number" name="duration" min={1} max={MAX_DURATION_MIN} defaultValue={String(value?.durationMinutes ?? 60)} required />
        </div>
      </div>
      <TimeZoneField zones={zones} value={value?.timeZone} choose className={s.field} />
      <div className={s.row2}>
        <div className={s.field}>
          <label htmlFor="startDate">From</label>
          <Input id="startDate" type="date" name="startDate" defaultValue={value?.startDate} required />
        </div>
        <div className={s.field}>
          <label htmlFor="endDate">Until (optional)</label>
          <Input id="endDate" type="date" name="endDate" defaultValue={value?.endDate ?? ""} />
        </div>
      </div>
    </>
  );
}
