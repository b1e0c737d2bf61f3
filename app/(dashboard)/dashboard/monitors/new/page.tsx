import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { formStateFromQuery } from "@/lib/http/form-state";
import { componentChoices } from "@/lib/monitors/store";
import { FORM_MONITOR_TYPES, isFormMonitorType } from "@/lib/monitors/form";
import { requireUser } from "../../../_lib/session";
import { MonitorForm } from "../_components/monitor-form";
import { createMonitorAction } from "../actions";
import s from "../../incidents/incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "New monitor · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

const TYPE_LABELS = { http: "HTTP", tcp: "TCP", dns: "DNS", tls: "TLS certificate", heartbeat: "Heartbeat (push)", browser: "Browser" } as const;

/** Creates a monitor of one type (tabs choose it, so the form works without JavaScript). */
export default async function NewMonitorPage({ searchParams }: { searchParams: Search }) {
  await requireUser("edit");
  const q = await searchParams;
  const type = isFormMonitorType(q.type) ? q.type : "http";
  const error = typeof q.error === "string" ? q.error : undefined;
  return (
    <>
      <p><Link href="/dashboard">← Monitors</Link></p>
      <h1>New monitor</h1>
      <p className="muted">
        It lives in the database (the config file&apos;s monitors stay read-only here).
      </p>
      <nav className={s.tabs} aria-label="Check type">
        {FORM_MONITOR_TYPES.map((t) => (
          <Link key={t} href={`/dashboard/monitors/new?type=${t}`} aria-current={t === type ? "page" : undefined}>
            {TYPE_LABELS[t]}
          </Link>
        ))}
      </nav>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <MonitorForm type={type} action={createMonitorAction} initial={formStateFromQuery(q, ["type"])} components={await componentChoices(await getDb())} submit="Create monitor" />
    </>
  );
}
