"use server";
import { dashboardActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import type { FormState } from "@/lib/http/form-state";
import { createTemplate, deleteTemplate, updateTemplate, type TemplateInput } from "@/lib/incidents/templates";
import { runFormAction, type FormActionArgs } from "../../../_lib/form-action";
import { requireUser } from "../../../_lib/session";

/* Thin adapters over lib/incidents/templates.ts, for editors. */

const PATH = "/dashboard/incidents/templates";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const notice = (text: string) => `${PATH}?notice=${encodeURIComponent(text)}`;
const inputOf = (form: FormData): TemplateInput => ({
  name: field(form, "name"),
  title: field(form, "title"),
  body: field(form, "body"),
  impact: field(form, "impact") as TemplateInput["impact"],
  status: field(form, "status") as TemplateInput["status"],
});
const FORM = { omit: ["id"], errorPath: () => PATH };

export async function createTemplateAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    run: async (form) => {
      await createTemplate(await getDb(), actor, inputOf(form));
      return notice("Template saved.");
    },
  });
}

export async function updateTemplateAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    run: async (form) => {
      await updateTemplate(await getDb(), actor, Number(field(form, "id")), inputOf(form));
      return notice("Template saved.");
    },
  });
}

export async function deleteTemplateAction(...args: FormActionArgs): Promise<FormState> {
  const actor = dashboardActor(await requireUser("edit"));
  return runFormAction(args, {
    ...FORM,
    run: async (form) => {
      await deleteTemplate(await getDb(), actor, Number(field(form, "id")));
      return notice("Template deleted.");
    },
  });
}
