"use server";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { acknowledgeAlert } from "@/lib/alerts/store";
import { readAckToken } from "@/lib/notify/links";

export async function acknowledgeFromLinkAction(form: FormData) {
  const token = String(form.get("token") ?? "");
  const check = readAckToken(token);
  if (check.ok) {
    const by = String(form.get("by") ?? "").trim().slice(0, 100);
    await acknowledgeAlert(await getDb(), check.alertId, by ? `${by} (alert link)` : "someone (alert link)");
  }
  redirect(`/ack/${encodeURIComponent(token)}?done=1`);
}
