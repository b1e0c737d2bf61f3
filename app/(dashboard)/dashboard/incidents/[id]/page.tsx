import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { INCIDENT_STATUSES, MAINTENANCE_STATUSES } from "@/lib/db/schema/incidents";
import { getIncident, listComponentChoices, listMergeTargets, maintenancePhase, MAX_TITLE_LENGTH } from "@/lib/incidents/manage";
import { renderMarkdown } from "@/lib/incidents/markdown";
import { strings as t } from "@/lib/i18n/en";
import { fmtWhen } from "../../../_components/format";
import { can } from "@/lib/auth/roles";
import { requireUser } from "../../../_lib/session";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm, Input, Select } from "../../../_components/action-form";
import { editIncidentAction, mergeAction, postmortemAction, postUpdateAction, publishAction } from "../actions";
import { countAudience } from "@/lib/subscriptions/audience";
import { MAX_POSTMORTEM_LENGTH } from "@/lib/incidents/postmortem";
import { AudienceLine, Badge, ComponentImpactFields, first, ImpactSelect, impactLabel, MaintenanceComponentFields, MessageField, PublishedBadge, StatusSelect, utcInputValue, WindowFields } from "../_components/fields";
import { AffectedComponents } from "../_components/affected-components";
import s from "../incidents.module.css";

export const dynamic = "force-dynamic";

type Search = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Incident #${(await params).id} · Dashboard` };
}

export default async function IncidentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  const user = await requireUser();
  const editor = can(user.role, "edit");
  const [{ id: idParam }, q] = await Promise.all([params, searchParams]);
  if (!/^\d+$/.test(idParam)) notFound();
  const db = await getDb();
  const detail = await getIncident(db, Number(idParam));
  if (!detail) notFound();
  const { incident: i, updates, components, mergedFrom } = detail;
  const isMaintenance = i.kind === "maintenance";
  const closed = i.resolvedAt !== null;
  const canMerge = editor && i.source === "auto" && i.kind === "incident" && i.mergedInto === null;
  const [choices, mergeTargets, audience] = await Promise.all([
    listComponentChoices(db),
    canMerge ? listMergeTargets(db) : Promise.resolve([]),
    editor ? countAudience(db, i.id) : Promise.resolve(null),
  ]);
  const hasPostmortemPanel = i.kind === "incident" && closed && i.mergedInto === null && (editor || i.postmortemBody !== null);
  const statuses = isMaintenance ? MAINTENANCE_STATUSES : INCIDENT_STATUSES;
  const finalStatus = isMaintenance ? "completed" : "resolved";
  const error = first(q.error);
  const notice = first(q.notice);
  const now = Date.now();
  const phase = isMaintenance ? maintenancePhase(i, now) : null;

  return (
    <>
      <p>
        <Link href="/dashboard/incidents">← Incidents</Link>
      </p>
      <h1>
        {i.title}
        <span className={s.badges}>
          <PublishedBadge published={i.published} />
          {i.source === "auto" ? <Badge>Automatic</Badge> : null}
          {isMaintenance ? <Badge>Maintenance</Badge> : null}
          {i.dismissedAt !== null ? <Badge>Dismissed</Badge> : null}
        </span>
      </h1>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {notice ? (
        <p className={s.notice} role="status">
          {notice}
        </p>
      ) : null}
      {i.mergedInto !== null ? (
        <p className="warning-text" data-testid="merged-into">
          Merged into <Link href={`/dashboard/incidents/${i.mergedInto}`}>incident #{i.mergedInto}</Link>: its timeline continues there. It stays open here
          until its monitor recovers, so no duplicate is opened.
        </p>
      ) : null}

      <dl className={s.meta}>
        <dt>Status</dt>
        <dd data-testid="incident-status">
          {closed ? t.incidents.status[i.status] : <Badge tone={isMaintenance ? "active" : "open"}>{t.incidents.status[i.status]}</Badge>}
          {phase ? <span className="muted"> · {phase}</span> : null}
        </dd>
        {isMaintenance ? (
          <>
            <dt>{t.incidents.window}</dt>
            <dd>
              {fmtWhen(i.scheduledFor)} to {fmtWhen(i.scheduledUntil)}
            </dd>
          </>
        ) : (
          <>
            <dt>Impact</dt>
            <dd>{impactLabel(i.impact)}</dd>
            <dt>{t.incidents.started}</dt>
            <dd>{fmtWhen(i.startedAt)}</dd>
          </>
        )}
        {closed ? (
          <>
            <dt>{isMaintenance ? "Completed" : "Resolved"}</dt>
            <dd>{fmtWhen(i.resolvedAt)}</dd>
          </>
        ) : null}
        <dt>Components</dt>
        <dd>
          <AffectedComponents components={components} phase={phase} />
        </dd>
        {mergedFrom.length ? (
          <>
            <dt>Merged in</dt>
            <dd>
              {mergedFrom.map((m, n) => (
                <span key={m.id}>
                  {n > 0 ? ", " : null}
                  <Link href={`/dashboard/incidents/${m.id}`}>
                    #{m.id} {m.title}
                  </Link>
                </span>
              ))}
            </dd>
          </>
        ) : null}
      </dl>

      {editor && i.mergedInto === null ? (
        <>
          <section className={`card ${s.panel}`} aria-labelledby="publish-h">
            <h2 id="publish-h">Status page</h2>
            <ActionForm action={publishAction} className={s.publishRow}>
              <input type="hidden" name="id" value={i.id} />
              <input type="hidden" name="published" value={i.published ? "0" : "1"} />
              <div className={s.grow}>
                <p className="muted">
                  {i.dismissedAt !== null
                    ? "Dismissed as no incident: it stays off the public page."
                    : i.published
                      ? "Customers see this on the public status page."
                      : "A draft: only the team sees it until it is published."}
                </p>
                {!i.published && i.dismissedAt === null && audience ? <AudienceLine audience={audience} when="publish" /> : null}
              </div>
              {i.dismissedAt === null || i.published ? (
                <button type="submit" className={i.published ? "secondary" : undefined}>
                  {i.published ? "Unpublish" : "Publish"}
                </button>
              ) : null}
            </ActionForm>
          </section>

          <section className={`card ${s.panel}`} aria-labelledby="update-h">
            <h2 id="update-h">Post an update</h2>
            {closed ? <p className="muted">This {isMaintenance ? "maintenance is completed" : "incident is resolved"}: further notes keep that status.</p> : null}
            <ActionForm className={s.form} action={postUpdateAction} initial={formStateFromQuery(q, ["notice"])}>
              <input type="hidden" name="id" value={i.id} />
              <StatusSelect statuses={closed ? [finalStatus] : statuses} value={i.status} />
              <MessageField />
              {audience ? <AudienceLine audience={audience} when="update" /> : null}
              <div className={s.formButtons}>
                <button type="submit">Post update</button>
              </div>
            </ActionForm>
          </section>
        </>
      ) : null}

      {hasPostmortemPanel ? (
        <section className={`card ${s.panel}`} aria-labelledby="postmortem-h" data-testid="postmortem-panel">
          <h2 id="postmortem-h">Postmortem</h2>
          <p className="muted">
            {i.postmortemPublishedAt !== null
              ? `Published ${fmtWhen(i.postmortemPublishedAt)}${i.postmortemUpdatedAt !== null && i.postmortemUpdatedAt > i.postmortemPublishedAt ? `, edited ${fmtWhen(i.postmortemUpdatedAt)}` : ""}: on the public incident page. Edits do not notify anyone again.`
              : i.postmortemBody !== null
                ? "A draft: only the team sees it until it is published."
                : "What happened, why, and what changes. Customers see it once published."}
          </p>
          {editor ? (
            <ActionForm className={s.form} action={postmortemAction}>
              <input type="hidden" name="id" value={i.id} />
              <MessageField id="postmortem-body" label="Postmortem" value={i.postmortemBody ?? ""} maxLength={MAX_POSTMORTEM_LENGTH} required={false} />
              {i.postmortemPublishedAt === null && audience ? (
                <AudienceLine audience={audience} when="update" />
              ) : null}
              <div className={s.formButtons}>
                {i.postmortemPublishedAt === null ? (
                  <>
                    <button type="submit" name="publish" value="1">
                      Publish postmortem
                    </button>
                    <button type="submit" name="publish" value="0" className="secondary">
                      Save draft
                    </button>
                  </>
                ) : (
                  <button type="submit" name="publish" value="1">
                    Save postmortem
                  </button>
                )}
              </div>
            </ActionForm>
          ) : (
            <div className={s.body} dangerouslySetInnerHTML={{ __html: renderMarkdown(i.postmortemBody ?? "") }} />
          )}
        </section>
      ) : null}

      <section className={`card ${s.panel}`} aria-labelledby="timeline-h">
        <h2 id="timeline-h">Timeline</h2>
        {updates.length === 0 ? <p className="muted">No updates.</p> : null}
        <ol className={s.timeline} data-testid="timeline">
          {updates.map((u) => (
            <li key={u.id} data-testid="timeline-entry">
              <div className={s.entryHead}>
                <strong>{t.incidents.status[u.status]}</strong>
                <time dateTime={new Date(u.createdAt).toISOString()}>{fmtWhen(u.createdAt)}</time>
              </div>
              <div className={s.body} dangerouslySetInnerHTML={{ __html: renderMarkdown(u.body) }} />
            </li>
          ))}
        </ol>
      </section>

      {editor && i.mergedInto === null ? (
        <section className={`card ${s.panel}`} aria-label="Edit">
          <details>
            <summary>Edit title, {isMaintenance ? "window" : "impact"} and components</summary>
            <ActionForm className={s.form} action={editIncidentAction}>
              <input type="hidden" name="id" value={i.id} />
              <input type="hidden" name="kind" value={i.kind} />
              <div className={s.field}>
                <label htmlFor="edit-title">Title</label>
                <Input id="edit-title" type="text" name="title" defaultValue={i.title} required maxLength={MAX_TITLE_LENGTH} autoComplete="off" />
              </div>
              {isMaintenance ? (
                <>
                  {closed ? null : <WindowFields start={utcInputValue(i.scheduledFor)} end={utcInputValue(i.scheduledUntil)} startLocked={i.status !== "scheduled"} />}
                  <MaintenanceComponentFields choices={choices} checked={new Set(components.map((c) => c.id))} />
                </>
              ) : (
                <>
                  <ImpactSelect id="edit-impact" value={i.impact} />
                  <ComponentImpactFields choices={choices} values={new Map(components.map((c) => [c.id, c.impact]))} />
                </>
              )}
              <div className={s.formButtons}>
                <button type="submit">Save changes</button>
              </div>
            </ActionForm>
          </details>
        </section>
      ) : null}

      {canMerge ? (
        <section className={`card ${s.panel}`} aria-labelledby="merge-h">
          <h2 id="merge-h">Merge into a manual incident</h2>
          <p className="muted">
            Its timeline and components move to the incident you choose, which customers follow. It stays open here until the monitor recovers.
          </p>
          {mergeTargets.length === 0 ? (
            <p>
              No open manual incident yet: <Link href="/dashboard/incidents/new">open one</Link> first.
            </p>
          ) : (
            <ActionForm action={mergeAction} className={s.mergeRow}>
              <input type="hidden" name="id" value={i.id} />
              <div className={`${s.field} ${s.grow}`}>
                <label htmlFor="merge-into">Merge into</label>
                <Select id="merge-into" name="into" required defaultValue="" className={s.select}>
                  <option value="" disabled>
                    Choose an open incident
                  </option>
                  {mergeTargets.map((m) => (
                    <option key={m.id} value={m.id}>
                      #{m.id} {m.title}
                    </option>
                  ))}
                </Select>
              </div>
              <button type="submit">Merge</button>
            </ActionForm>
          )}
        </section>
      ) : null}
    </>
  );
}
