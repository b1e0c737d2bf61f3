"use server";
import { revalidatePath } from "next/cache";
import { createApiKey, revokeApiKey, type CreateApiKeyInput } from "@/lib/auth/api-keys";
import { userActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import type { FormState } from "@/lib/http/form-state";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters over lib/auth/api-keys.ts. A new key's secret comes back in the form's state,
 * shown once on the page: never in a URL (history, logs), never stored.
 */

const BASE = "/dashboard/api-keys";
const field = (form: FormData, name: string) => String(form.get(name) ?? "");

export async function createApiKeyAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(args, {
    fieldNames: { expiresAt: "expires" },
    errorPath: () => BASE,
    run: async (form) => {
      const { key, secret } = await createApiKey(await getDb(), user, userActor(user), {
        name: field(form, "name"),
        scope: field(form, "scope") as CreateApiKeyInput["scope"],
        expiresAt: field(form, "expires"),
      });
      revalidatePath(BASE);
      return { shown: { secret, name: key.name } };
    },
  });
}

export async function revokeApiKeyAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser();
  return runFormAction(args, {
    omit: ["id"],
    errorPath: () => BASE,
    run: async (form) => {
      const key = await revokeApiKey(await getDb(), user, userActor(user), field(form, "id"));
      return `${BASE}?notice=${encodeURIComponent(`Revoked “${key.name}”: it no longer works.`)}`;
    },
  });
}
