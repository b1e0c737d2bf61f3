import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { configFilePath } from "@/lib/config/load";
import { formStateFromQuery } from "@/lib/http/form-state";
import { componentChoices, monitorByKey } from "@/lib/monitors/store";
import { formValuesOf, isFormMonitorType } from "@/lib/monitors/form";
import { requireUser } from "../../../../_lib/session";
import { MonitorForm } from "../../_components/monitor-form";
import { updateMonitorAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit monitor · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Edits a monitor created in the dashboard; one from the config file says where to change it. */
export default async function EditMonitorPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Search }) {
  await requireUser("edit");
  const key = decodeURIComponent((await params).key);
  const db = await getDb();
  const m = await monitorByKey(db, key);
  if (!m || m.archivedAt !== null) notFound();
  const q = await searchParams;
  const back = <p><Link href={`/dashboard/monitors/${encodeURIComponent(m.key)}`}>← {m.name}</Link></p>;
  const refusal =
    m.origin === "config"
      ? `This monitor is managed by config: change it in ${configFilePath()} (the entry "key: ${m.key}" under monitors:).`
      : !isFormMonitorType(m.type)
        ? "The dashboard form does not edit this check type yet."
        : null;
  if (refusal || !isFormMonitorType(m.type)) {
    return (
      <>
        {back}
        <h1>Edit {m.name}</h1>
        <p className="error" role="alert">{refusal}</p>
      </>
    );
  }
  return (
    <>
      {back}
      <h1>Edit {m.name}</h1>
      <p className="muted">
        Key <code>{m.key}</code> · {m.type.toUpperCase()}
      </p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <MonitorForm
        type={m.type}
        action={updateMonitorAction}
        initial={formStateFromQuery(q, ["type", "key"])}
        values={formValuesOf(m.type, m.spec ?? {})}
        components={await componentChoices(db)}
        fixedKey={m.key}
        submit="Save monitor"
      />
    </>
  );
}
