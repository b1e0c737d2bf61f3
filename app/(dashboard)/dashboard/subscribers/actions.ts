"use server";
import { dashboardActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import { UserError } from "@/lib/errors";
import type { FormState } from "@/lib/http/form-state";
import { removeSubscriber } from "@/lib/subscriptions/admin";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

const BASE = "/dashboard/subscribers";

/** Removes one subscriber (editors and admins), after the box is ticked; back to the list with a notice. */
export async function removeSubscriberAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("edit");
  return runFormAction(args, {
    omit: ["id"],
    errorPath: () => BASE,
    run: async (form) => {
      if (!form.has("confirm")) throw new UserError("invalid_input", "Tick the box to confirm: the address and its choices are deleted.", { fieldErrors: { confirm: ["Tick to confirm."] } });
      const id = Number(form.get("id"));
      await removeSubscriber(await getDb(), dashboardActor(user), Number.isSafeInteger(id) ? id : 0);
      return `${BASE}?notice=${encodeURIComponent(`Subscriber #${id} removed.`)}`;
    },
  });
}
