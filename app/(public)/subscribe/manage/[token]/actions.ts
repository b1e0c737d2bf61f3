"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { UserError } from "@/lib/errors";
import { updateComponents } from "@/lib/subscriptions/manage";

/** Saves the component choice from the manage page; errors come back as ?error=<reason>. */
export async function updateComponentsAction(form: FormData) {
  const token = String(form.get("token") ?? "");
  const all = form.get("scope") !== "some";
  let suffix = "?saved=1";
  try {
    await updateComponents(await getDb(), token, { all, componentIds: all ? undefined : form.getAll("components").map((v) => Number(v)) });
  } catch (err) {
    if (!(err instanceof UserError && err.reason)) throw err;
    suffix = `?error=${err.reason}`;
  }
  redirect(`/subscribe/manage/${encodeURIComponent(token)}${suffix}`);
}
