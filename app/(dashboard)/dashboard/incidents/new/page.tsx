import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { INCIDENT_STATUSES } from "@/lib/db/schema/incidents";
import { listComponentChoices, MAX_TITLE_LENGTH } from "@/lib/incidents/manage";
import { requireUser } from "../../../_lib/session";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm, Checkbox, Input } from "../../../_components/action-form";
import { createIncidentAction } from "../actions";
import { getTemplate, listTemplates } from "@/lib/incidents/templates";
import { ComponentImpactFields, first, ImpactSelect, MaintenanceComponentFields, MessageField, StatusSelect, WindowFields } from "../_components/fields";
import s from "../incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "New incident · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/**
 * Opens an incident or schedules maintenance. After an error the form keeps what was typed (from
 * the action's state, or from the query string after a plain post).
 */
export default async function NewIncidentPage({ searchParams }: { searchParams: Search }) {
  await requireUser("edit");
  const q = await searchParams;
  const db = await getDb();
  const kind = first(q.kind) === "maintenance" ? "maintenance" : "incident";
  const templateId = Number(first(q.template) ?? "");
  const [choices, templates, template] = await Promise.all([
    listComponentChoices(db),
    kind === "incident" ? listTemplates(db) : Promise.resolve([]),
    kind === "incident" && templateId > 0 ? getTemplate(db, templateId) : Promise.resolve(null),
  ]);
  const error = first(q.error);
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
      {kind === "incident" && templates.length ? (
        // A GET form: choosing a template reloads the page with ?template=<id>, with or without JavaScript.
        <form method="get" action="/dashboard/incidents/new" className={s.mergeRow} aria-label="Start from a template">
          <div className={`${s.field} ${s.grow}`}>
            <label htmlFor="template">Start from a template</label>
            <select id="template" name="template" defaultValue={template ? String(template.id) : ""} className={s.select}>
              <option value="">Blank incident</option>
              {templates.map((tpl) => (
                <option key={tpl.id} value={tpl.id}>
                  {tpl.name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary">
            Use template
          </button>
        </form>
      ) : null}
      {kind === "incident" ? (
        <p className="muted">
          <Link href="/dashboard/incidents/templates">Manage templates</Link>
        </p>
      ) : null}
      <ActionForm key={template?.id ?? "blank"} className={s.form} action={createIncidentAction} initial={formStateFromQuery(q, ["template"])}>
        <input type="hidden" name="kind" value={kind} />
        <div className={s.field}>
          <label htmlFor="title">Title</label>
          <Input id="title" type="text" name="title" defaultValue={template?.title} required maxLength={MAX_TITLE_LENGTH} autoComplete="off" />
        </div>
        {kind === "incident" ? (
          <>
            <div className={s.row2}>
              <StatusSelect statuses={INCIDENT_STATUSES} value={template?.status} />
              <ImpactSelect value={template?.impact} />
            </div>
            <ComponentImpactFields choices={choices} values={new Map()} />
          </>
        ) : (
          <>
            <WindowFields />
            <MaintenanceComponentFields choices={choices} checked={new Set()} />
          </>
        )}
        <MessageField value={template?.body} />
        <p className={s.audience} data-testid="audience">
          Published now, it is emailed to subscribers of all components and of the components you choose; a draft notifies no one.
        </p>
        <label className={s.check}>
          {/* A fresh form starts as a draft; a retry after an error keeps the box as it was. */}
          <Checkbox name="published" defaultChecked={false} />
          Publish on the status page now
        </label>
        <div className={s.formButtons}>
          <button type="submit">{kind === "maintenance" ? "Schedule maintenance" : "Open incident"}</button>
        </div>
      </ActionForm>
    </>
  );
}
