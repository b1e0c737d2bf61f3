"use server";
import { dashboardActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import type { FormState } from "@/lib/http/form-state";
import { endWindow, scheduleWindow } from "@/lib/maintenance/one-off";
import type { Frequency } from "@/lib/maintenance/recurrence";
import { archiveSchedule, createSchedule, updateSchedule, type ScheduleInput } from "@/lib/maintenance/schedules";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters: read the form, call lib/maintenance (which validates, bounds the times and
 * audits), and go back to the list. Local dates and times are read in the `tz` the form sends.
 */

const BASE = "/dashboard/maintenance";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const idOf = (form: FormData) => Number(field(form, "id"));
const notice = (text: string) => `${BASE}?notice=${encodeURIComponent(text)}`;
/** A number field: NaN (refused with the field's message) when it is not one. */
const numberOf = (form: FormData, name: string) => (field(form, name).trim() === "" ? undefined : Number(field(form, name)));
const componentIdsOf = (form: FormData) => form.getAll("component").map((v) => Number(v));

const FORM = {
  omit: ["id"],
  fieldNames: {
    scheduledFor: "start",
    scheduledUntil: "end",
    componentIds: "component",
    timeZone: "tz",
    durationMinutes: "duration",
    "recurrence.frequency": "frequency",
    "recurrence.weekdays": "weekday",
    "recurrence.dayOfMonth": "dayOfMonth",
    "recurrence.time": "time",
    recurrence: "frequency",
  },
};

function scheduleOf(form: FormData): ScheduleInput {
  return {
    title: field(form, "title"),
    body: field(form, "body"),
    componentIds: componentIdsOf(form),
    recurrence: {
      frequency: field(form, "frequency") as Frequency,
      weekdays: form.getAll("weekday").map((v) => Number(v)),
      dayOfMonth: numberOf(form, "dayOfMonth"),
      time: field(form, "time"),
    },
    timeZone: field(form, "tz"),
    durationMinutes: numberOf(form, "duration") as number,
    startDate: field(form, "startDate"),
    endDate: field(form, "endDate") || null,
    published: form.has("published"),
  };
}

export async function scheduleWindowAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("edit");
  return runFormAction(args, {
    ...FORM,
    errorPath: () => `${BASE}/new`,
    run: async (form) => {
      await scheduleWindow(await getDb(), dashboardActor(user), {
        title: field(form, "title"),
        body: field(form, "body"),
        componentIds: componentIdsOf(form),
        scheduledFor: field(form, "start"),
        scheduledUntil: field(form, "end"),
        timeZone: field(form, "tz") || "UTC",
        published: form.has("published"),
      });
      return notice("Maintenance window scheduled.");
    },
  });
}

export async function endWindowAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("edit");
  return runFormAction(args, {
    ...FORM,
    errorPath: () => BASE,
    run: async (form) => {
      const outcome = await endWindow(await getDb(), dashboardActor(user), idOf(form));
      return notice(outcome === "cancelled" ? "Maintenance cancelled." : "Maintenance completed.");
    },
  });
}

export async function createScheduleAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("edit");
  return runFormAction(args, {
    ...FORM,
    errorPath: () => `${BASE}/new?kind=schedule`,
    run: async (form) => {
      await createSchedule(await getDb(), dashboardActor(user), scheduleOf(form));
      return notice("Recurring maintenance created: its next windows are listed below.");
    },
  });
}

export async function updateScheduleAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("edit");
  return runFormAction(args, {
    ...FORM,
    errorPath: (form) => `${BASE}/schedules/${idOf(form)}`,
    run: async (form) => {
      await updateSchedule(await getDb(), dashboardActor(user), idOf(form), scheduleOf(form));
      return notice("Schedule saved: its windows that had not started were replaced.");
    },
  });
}

export async function archiveScheduleAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("edit");
  return runFormAction(args, {
    ...FORM,
    errorPath: () => BASE,
    run: async (form) => {
      await archiveSchedule(await getDb(), dashboardActor(user), idOf(form));
      return notice("Schedule archived: its future windows were removed, past ones kept.");
    },
  });
}
