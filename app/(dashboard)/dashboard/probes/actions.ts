"use server";
import { headers } from "next/headers";
import { revalidatePath } from "next/cache";
import { dashboardActor } from "@/lib/audit/log";
import { getDb } from "@/lib/db/client";
import type { FormState } from "@/lib/http/form-state";
import { createProbeToken, revokeProbeToken } from "@/lib/probes/tokens";
import { siteUrlFrom } from "@/lib/public/site-url";
import { addRegion } from "@/lib/regions/store";
import { runFormAction, type FormActionArgs } from "../../_lib/form-action";
import { requireUser } from "../../_lib/session";

/*
 * Thin adapters over lib/probes/tokens.ts and lib/regions/store.ts, admins only. A new token comes
 * back in the form's state, shown once on the page: never in a URL, never stored.
 */

const BASE = "/dashboard/probes";
const notice = (text: string) => `${BASE}?notice=${encodeURIComponent(text)}`;

export async function createProbeTokenAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("admin");
  return runFormAction(args, {
    errorPath: () => BASE,
    run: async (form) => {
      const created = await createProbeToken(await getDb(), dashboardActor(user), String(form.get("region") ?? ""));
      revalidatePath(BASE);
      return { shown: { token: created.token, region: created.region, id: String(created.id), hub: siteUrlFrom(await headers()) } };
    },
  });
}

export async function revokeProbeTokenAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("admin");
  return runFormAction(args, {
    omit: ["id"],
    errorPath: () => BASE,
    run: async (form) => {
      const token = await revokeProbeToken(await getDb(), dashboardActor(user), Number(form.get("id")));
      return notice(`Token #${token.id} of ${token.region} revoked: its probe's next push is refused.`);
    },
  });
}

export async function addRegionAction(...args: FormActionArgs): Promise<FormState> {
  const user = await requireUser("admin");
  return runFormAction(args, {
    errorPath: () => BASE,
    run: async (form) => {
      const region = await addRegion(await getDb(), dashboardActor(user), String(form.get("name") ?? ""));
      return notice(`Region ${region.name} added: make it a token below to run its probe.`);
    },
  });
}
