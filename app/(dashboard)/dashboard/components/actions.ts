"use server";
import { getDb } from "@/lib/db/client";
import { dashboardActor } from "@/lib/audit/log";
import { archiveComponent, archiveGroup, createComponent, createGroup, updateComponent, updateGroup } from "@/lib/components";
import { componentFromForm, groupFromForm } from "@/lib/components/form";
import { UserError } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters over lib/components: each checks the session and the role itself, reads the
 * form, calls a verb, and goes back to the list. An error comes back as the form's state with what
 * was typed (app/(dashboard)/_lib/form-action.ts).
 */

const LIST = "/dashboard/components";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");
const values = (form: FormData) => (name: string) => (form.has(name) ? field(form, name) : null);
const notice = (text: string) => `${LIST}?notice=${encodeURIComponent(text)}`;
const editPath = (kind: "components" | "component-groups", form: FormData) => `/dashboard/${kind}/${encodeURIComponent(field(form, "key"))}/edit`;

/** The user who may edit, as the audit log names them (a viewer was answered 403 before). */
async function editor() {
  return dashboardActor(await requireUser("edit"));
}

function assertConfirmed(form: FormData, what: string) {
  if (!form.has("confirm")) throw new UserError("invalid_input", `Tick the box to confirm: the ${what} leaves the pages.`, { fieldErrors: { confirm: ["Tick to confirm."] } });
}

export async function createComponentAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    errorPath: () => `${LIST}/new`,
    run: async (form) => {
      const row = await createComponent(await getDb(), await editor(), componentFromForm(values(form), "create"));
      return notice(`Component "${row.name}" created.`);
    },
  });
}

export async function updateComponentAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    omit: ["key"],
    errorPath: (form) => editPath("components", form),
    run: async (form) => {
      const row = await updateComponent(await getDb(), await editor(), componentFromForm(values(form), "change"));
      return notice(`Component "${row.name}" saved.`);
    },
  });
}

export async function archiveComponentAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    errorPath: (form) => editPath("components", form),
    run: async (form) => {
      const actor = await editor();
      assertConfirmed(form, "component");
      await archiveComponent(await getDb(), actor, field(form, "key"));
      return notice(`Component "${field(form, "key")}" archived; its incidents keep naming it.`);
    },
  });
}

export async function createGroupAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    errorPath: () => "/dashboard/component-groups/new",
    run: async (form) => {
      const row = await createGroup(await getDb(), await editor(), groupFromForm(values(form)));
      return notice(`Group "${row.name}" created.`);
    },
  });
}

export async function updateGroupAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    omit: ["key"],
    errorPath: (form) => editPath("component-groups", form),
    run: async (form) => {
      const row = await updateGroup(await getDb(), await editor(), groupFromForm(values(form)));
      return notice(`Group "${row.name}" saved.`);
    },
  });
}

export async function archiveGroupAction(...args: FormActionArgs): Promise<FormState> {
  await requireUser("edit");
  return runFormAction(args, {
    errorPath: (form) => editPath("component-groups", form),
    run: async (form) => {
      const actor = await editor();
      assertConfirmed(form, "group");
      await archiveGroup(await getDb(), actor, field(form, "key"));
      return notice(`Group "${field(form, "key")}" archived.`);
    },
  });
}
