import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { configFilePath } from "@/lib/config/load";
import { formStateFromQuery } from "@/lib/http/form-state";
import { listChannelViews } from "@/lib/notify/channels";
import { POLICY_FORM_STEPS, policyFormValues } from "@/lib/notify/form";
import { listPolicyViews } from "@/lib/notify/policies";
import { requireUser } from "../../../../../_lib/session";
import { PolicyForm } from "../../../_components/policy-form";
import { updatePolicyAction } from "../../../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit escalation policy · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Edits a policy made in the dashboard or API (admins); the file's policies say where to change them. */
export default async function EditPolicyPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Search }) {
  await requireUser("admin");
  const key = decodeURIComponent((await params).key);
  const db = await getDb();
  const [policies, channels] = await Promise.all([listPolicyViews(db), listChannelViews(db)]);
  const p = policies.find((x) => x.key === key);
  if (!p) notFound();
  const q = await searchParams;
  const back = <p><Link href="/dashboard/notifications">← Notifications</Link></p>;
  const refusal =
    p.origin === "config"
      ? `This policy is managed by status.config.yaml: change it there, in ${configFilePath()} (the entry "key: ${p.key}" under escalation:).`
      : p.steps.length > POLICY_FORM_STEPS
        ? `This policy has ${p.steps.length} steps; the form shows ${POLICY_FORM_STEPS}: change it through the API (PATCH /api/v1/escalation-policies/${p.key}).`
        : null;
  if (refusal) {
    return (
      <>
        {back}
        <h1>Edit {p.name}</h1>
        <p className="error" role="alert">{refusal}</p>
      </>
    );
  }
  return (
    <>
      {back}
      <h1>Edit {p.name}</h1>
      <p className="muted">Key <code>{p.key}</code>{p.monitors.length ? ` · followed by ${p.monitors.join(", ")}` : ""}</p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <PolicyForm action={updatePolicyAction} initial={formStateFromQuery(q, ["key"])} values={policyFormValues(p)} channelKeys={channels.map((c) => c.key)} fixedKey={p.key} submit="Save policy" />
    </>
  );
}
