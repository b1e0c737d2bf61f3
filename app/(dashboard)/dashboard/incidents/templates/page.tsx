import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { INCIDENT_STATUSES } from "@/lib/db/schema/incidents";
import { formStateFromQuery } from "@/lib/http/form-state";
import { MAX_TITLE_LENGTH } from "@/lib/incidents/manage";
import { listTemplates, MAX_TEMPLATE_NAME_LENGTH, type IncidentTemplate } from "@/lib/incidents/templates";
import { strings as t } from "@/lib/i18n/en";
import { ActionForm, Input } from "../../../_components/action-form";
import { requireUser } from "../../../_lib/session";
import { first, ImpactSelect, impactLabel, MessageField, StatusSelect } from "../_components/fields";
import { createTemplateAction, deleteTemplateAction, updateTemplateAction } from "./actions";
import s from "../incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Incident templates · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Editors keep the team's usual incident texts here; "Open an incident" starts from one. */
export default async function TemplatesPage({ searchParams }: { searchParams: Search }) {
  await requireUser("edit");
  const q = await searchParams;
  const templates = await listTemplates(await getDb());
  const notice = first(q.notice);
  return (
    <>
      <p>
        <Link href="/dashboard/incidents">← Incidents</Link>
      </p>
      <h1>Incident templates</h1>
      {notice ? (
        <p className={s.notice} role="status">
          {notice}
        </p>
      ) : null}
      <p className="muted">Start a new incident from one of these: its title, first message, status and impact fill the form.</p>

      <section className={`card ${s.panel}`} aria-labelledby="templates-h">
        <h2 id="templates-h">Templates</h2>
        {templates.length === 0 ? <p className="muted">No templates yet.</p> : null}
        <ul className={s.timeline} data-testid="templates">
          {templates.map((tpl) => (
            <li key={tpl.id} data-testid="template">
              <div className={s.entryHead}>
                <strong>{tpl.name}</strong>
                <span className="muted">
                  {t.incidents.status[tpl.status]} · {impactLabel(tpl.impact)}
                </span>
                <Link href={`/dashboard/incidents/new?template=${tpl.id}`}>Use</Link>
              </div>
              <details>
                <summary>Edit “{tpl.name}”</summary>
                <TemplateForm template={tpl} />
                <ActionForm action={deleteTemplateAction}>
                  <input type="hidden" name="id" value={tpl.id} />
                  <button type="submit" className="secondary">
                    Delete “{tpl.name}”
                  </button>
                </ActionForm>
              </details>
            </li>
          ))}
        </ul>
      </section>

      <section className={`card ${s.panel}`} aria-labelledby="new-template-h">
        <h2 id="new-template-h">New template</h2>
        <TemplateForm initial={formStateFromQuery(q, ["notice"])} />
      </section>
    </>
  );
}

function TemplateForm({ template, initial }: { template?: IncidentTemplate; initial?: ReturnType<typeof formStateFromQuery> }) {
  const p = template ? `t${template.id}-` : "new-";
  return (
    <ActionForm className={s.form} action={template ? updateTemplateAction : createTemplateAction} initial={initial}>
      {template ? <input type="hidden" name="id" value={template.id} /> : null}
      <div className={s.field}>
        <label htmlFor={`${p}name`}>Template name</label>
        <Input id={`${p}name`} type="text" name="name" defaultValue={template?.name} required maxLength={MAX_TEMPLATE_NAME_LENGTH} autoComplete="off" />
      </div>
      <div className={s.field}>
        <label htmlFor={`${p}title`}>Incident title</label>
        <Input id={`${p}title`} type="text" name="title" defaultValue={template?.title} required maxLength={MAX_TITLE_LENGTH} autoComplete="off" />
      </div>
      <div className={s.row2}>
        <StatusSelect id={`${p}status`} statuses={INCIDENT_STATUSES} value={template?.status} />
        <ImpactSelect id={`${p}impact`} value={template?.impact} />
      </div>
      <MessageField id={`${p}body`} label="First message" value={template?.body} />
      <div className={s.formButtons}>
        <button type="submit">{template ? "Save template" : "Add template"}</button>
      </div>
    </ActionForm>
  );
}
