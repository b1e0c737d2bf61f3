"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { unsubscribe } from "@/lib/subscriptions/manage";

/** The unsubscribe button (on this page and the manage page): no sign-in, the token is the credential. */
export async function unsubscribeAction(form: FormData) {
  const token = String(form.get("token") ?? "");
  await unsubscribe(await getDb(), token);
  redirect(`/unsubscribe/${encodeURIComponent(token)}`);
}
