import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { formStateFromQuery } from "@/lib/http/form-state";
import { listChannelViews } from "@/lib/notify/channels";
import { requireUser } from "../../../../_lib/session";
import { PolicyForm } from "../../_components/policy-form";
import { createPolicyAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "New escalation policy · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Creates an escalation policy over live channels (admins: it decides who is woken). */
export default async function NewPolicyPage({ searchParams }: { searchParams: Search }) {
  await requireUser("admin");
  const q = await searchParams;
  const channels = await listChannelViews(await getDb());
  return (
    <>
      <p><Link href="/dashboard/notifications">← Notifications</Link></p>
      <h1>New escalation policy</h1>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <PolicyForm action={createPolicyAction} initial={formStateFromQuery(q)} channelKeys={channels.map((c) => c.key)} submit="Create policy" />
    </>
  );
}
