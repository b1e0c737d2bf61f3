"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/lib/db/client";
import { acknowledgeAlert } from "@/lib/alerts/store";
import { requireUser } from "./session";

export async function acknowledgeAlertAction(form: FormData) {
  const user = await requireUser("edit");
  const id = Number(form.get("alertId"));
  if (Number.isInteger(id) && id > 0) await acknowledgeAlert(await getDb(), id, user.email);
  revalidatePath("/dashboard");
}
