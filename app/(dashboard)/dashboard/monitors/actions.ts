"use server";
import { getDb } from "@/lib/db/client";
import { dashboardActor } from "@/lib/audit/log";
import { UserError } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";
import { archiveMonitor, createMonitor, monitorByKey, pauseMonitor, resumeMonitor, updateMonitor } from "@/lib/monitors";
import { entryFromForm, FORM_MONITOR_TYPES, isFormMonitorType, NESTED_FIELD_NAMES } from "@/lib/monitors/form";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters over lib/monitors: each checks the session and the role itself, reads the form,
 * calls a verb, and goes to the monitor's page. An error comes back as the form's state with what
 * was typed (app/(dashboard)/_lib/form-action.ts).
 */

const BASE = "/dashboard/monitors";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const pageOf = (key: string) => `${BASE}/${encodeURIComponent(key)}`;
const notice = (path: string, text: string) => `${path}?notice=${encodeURIComponent(text)}`;
const values = (form: FormData) => (name: string) => (form.has(name) ? field(form, name) : null);

function formType(form: FormData) {
  const type = field(form, "type");
  if (!isFormMonitorType(type)) throw new UserError("invalid_input", `The dashboard creates ${FORM_MONITOR_TYPES.join(", ")} monitors, not ${JSON.stringify(type)}.`);
  return type;
}

/** The user who may edit, as the audit log names them (a viewer was answered 403 before). */
async function editor() {
  return dashboardActor(await requireUser("edit"));
}

export async function createMonitorAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    fieldNames: NESTED_FIELD_NAMES,
    errorPath: (form) => `${BASE}/new?type=${encodeURIComponent(field(form, "type"))}`,
    run: async (form) => {
      const actor = await editor();
      const row = await createMonitor(await getDb(), actor, entryFromForm(formType(form), values(form)));
      return notice(pageOf(row.key), "Monitor created: its first check runs within one interval.");
    },
  });
}

export async function updateMonitorAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    omit: ["key"],
    fieldNames: NESTED_FIELD_NAMES,
    errorPath: (form) => `${pageOf(field(form, "key"))}/edit`,
    run: async (form) => {
      const actor = await editor();
      const db = await getDb();
      const current = await monitorByKey(db, field(form, "key"));
      const row = await updateMonitor(db, actor, entryFromForm(formType(form), values(form), { ...(current?.spec ?? {}), key: field(form, "key") }));
      return notice(pageOf(row.key), "Monitor saved.");
    },
  });
}

export async function archiveMonitorAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    errorPath: (form) => pageOf(field(form, "key")),
    run: async (form) => {
      const actor = await editor();
      if (!form.has("confirm")) throw new UserError("invalid_input", "Tick the box to confirm: the monitor stops being checked and leaves the pages.", { fieldErrors: { confirm: ["Tick to confirm."] } });
      await archiveMonitor(await getDb(), actor, field(form, "key"));
      return notice("/dashboard", `Monitor "${field(form, "key")}" archived; its history is kept.`);
    },
  });
}

export async function pauseMonitorAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    errorPath: (form) => pageOf(field(form, "key")),
    run: async (form) => {
      const actor = await editor();
      const db = await getDb();
      const key = field(form, "key");
      if (form.get("pause") === "resume") {
        await resumeMonitor(db, actor, key);
        return notice(pageOf(key), "Resumed: checks start again within one interval.");
      }
      await pauseMonitor(db, actor, key);
      return notice(pageOf(key), "Paused: not checked, no alerts, its time not counted, until you resume it.");
    },
  });
}
