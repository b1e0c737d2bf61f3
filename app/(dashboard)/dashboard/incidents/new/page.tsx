import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { INCIDENT_STATUSES } from "@/lib/db/schema/incidents";
import { listComponentChoices, MAX_TITLE_LENGTH } from "@/lib/incidents/manage";
import { requireUser } from "../../../_lib/session";
import { createIncidentAction } from "../actions";
import { ComponentImpactFields, first, ImpactSelect, MaintenanceComponentFields, MessageField, StatusSelect, WindowFields } from "../_components/fields";
import s from "../incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "New incident · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Opens an incident or schedules maintenance. After an error the query string carries what was typed. */
export default async function NewIncidentPage({ searchParams }: { searchParams: Search }) {
  await requireUser();
  const q = await searchParams;
  const choices = await listComponentChoices(await getDb());
  const kind = first(q.kind) === "maintenance" ? "maintenance" : "incident";
  const error = first(q.error);
  const impacts = new Map<number, string>();
  for (const [k, v] of Object.entries(q)) if (k.startsWith("impact:") && first(v)) impacts.set(Number(k.slice("impact:".length)), first(v)!);
  const checked = new Set([q.component ?? []].flat().map(Number));
  // A retry after an error keeps the box as it was; a fresh form starts as a draft.
  const published = error ? first(q.published) === "on" : false;
  return (
    <>
      <p>
        <Link href="/dashboard/incidents">← Incidents</Link>
      </p>
      <h1>{kind === "maintenance" ? "Schedule maintenance" : "Open an incident"}</h1>
      <nav className={s.tabs} aria-label="What to create">
        <Link href="/dashboard/incidents/new" aria-current={kind === "incident" ? "page" : undefined}>
          Incident
        </Link>
        <Link href="/dashboard/incidents/new?kind=maintenance" aria-current={kind === "maintenance" ? "page" : undefined}>
          Maintenance
        </Link>
      </nav>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <form className={s.form} action={createIncidentAction}>
        <input type="hidden" name="kind" value={kind} />
        <div className={s.field}>
          <label htmlFor="title">Title</label>
          <input id="title" type="text" name="title" defaultValue={first(q.title)} required maxLength={MAX_TITLE_LENGTH} autoComplete="off" />
        </div>
        {kind === "incident" ? (
          <>
            <div className={s.row2}>
              <StatusSelect statuses={INCIDENT_STATUSES} value={first(q.status)} />
              <ImpactSelect value={first(q.impact)} />
            </div>
            <ComponentImpactFields choices={choices} values={impacts} />
          </>
        ) : (
          <>
            <WindowFields start={first(q.start)} end={first(q.end)} />
            <MaintenanceComponentFields choices={choices} checked={checked} />
          </>
        )}
        <MessageField value={first(q.body)} />
        <label className={s.check}>
          <input type="checkbox" name="published" defaultChecked={published} />
          Publish on the status page now
        </label>
        <div className={s.formButtons}>
          <button type="submit">{kind === "maintenance" ? "Schedule maintenance" : "Open incident"}</button>
        </div>
      </form>
    </>
  );
}
