import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listIncidents, maintenancePhase, type IncidentSummary } from "@/lib/incidents/manage";
import { strings as t } from "@/lib/i18n/en";
import { fmtDuration, fmtWhen } from "../../_components/format";
import { ActionForm } from "../../_components/action-form";
import { ReliabilityBlock } from "../../_components/reliability-block";
import { formStateFromQuery, type FormState } from "@/lib/http/form-state";
import { MAX_NOTE_LENGTH } from "@/lib/incidents/close-drafts";
import { reliability, type MonitorReliability, type Reliability } from "@/lib/incidents/reliability";
import { closeDraftsAction } from "./actions";
import { can } from "@/lib/auth/roles";
import { requireUser } from "../../_lib/session";
import { Badge, first, impactLabel, PublishedBadge } from "./_components/fields";
import s from "./incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Incidents and maintenance · Dashboard" };

type Search = Promise<{ page?: string | string[]; mpage?: string | string[]; notice?: string | string[]; select?: string | string[] } & Record<string, string | string[] | undefined>>;

const pageOf = (v: string | string[] | undefined) => Math.max(1, Number.parseInt(first(v) ?? "1", 10) || 1);

export default async function IncidentsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const q = await searchParams;
  const db = await getDb();
  const now = Date.now();
  const [incidentList, maintenanceList, figures] = await Promise.all([
    listIncidents(db, { kind: "incident", page: pageOf(q.page) }),
    listIncidents(db, { kind: "maintenance", page: pageOf(q.mpage) }),
    reliability(db, { to: now }),
  ]);
  const notice = first(q.notice);
  const editor = can(user.role, "edit");
  const drafts = incidentList.items.filter(isOpenAutoDraft);
  // "Select all drafts" is a link (?select=drafts), so it works without JavaScript too.
  const selectAll = first(q.select) === "drafts";
  const bulk = editor && drafts.length > 0;
  return (
    <>
      <h1>Incidents and maintenance</h1>
      {notice ? <p className={s.notice} role="status">{notice}</p> : null}
      {editor ? (
        <div className={s.actions}>
          <Link className="button" href="/dashboard/incidents/new">
            Open an incident
          </Link>
          <Link className={s.secondaryLink} href="/dashboard/incidents/new?kind=maintenance">
            Schedule maintenance
          </Link>
        </div>
      ) : null}

      <h2 id="incidents-h">Incidents</h2>
      <p className="muted">Open ones first. Drafts are not on the public page until published; automatic ones come from monitors.</p>
      <ReliabilityFigures r={figures.overall} monitors={figures.monitors} />
      {/* Keyed by the selection: following "Select all" remounts the boxes with their new defaults. */}
      <IncidentsTable key={selectAll ? "all" : "none"} bulk={bulk} initial={formStateFromQuery(q, ["notice", "page", "mpage", "select"])}>
        {incidentList.items.length === 0 ? (
          <p className={s.empty}>No incidents yet.</p>
        ) : (
          <>
          {bulk ? (
            <div className={s.bulkBar} role="group" aria-label="Automatic drafts">
              <Link href={`/dashboard/incidents?${[q.page ? `page=${pageOf(q.page)}` : "", selectAll ? "" : "select=drafts"].filter(Boolean).join("&")}`} data-testid="select-drafts">
                {selectAll ? "Clear selection" : `Select all ${drafts.length} automatic draft${drafts.length === 1 ? "" : "s"}`}
              </Link>
              <label className="visually-hidden" htmlFor="bulk-note">
                Note for the timeline
              </label>
              <input id="bulk-note" type="text" name="note" maxLength={MAX_NOTE_LENGTH} placeholder="Note for the timeline (optional)" autoComplete="off" />
              <button type="submit" name="mode" value="resolve" className="secondary">
                Resolve selected
              </button>
              <button type="submit" name="mode" value="dismiss">
                Dismiss selected
              </button>
            </div>
          ) : null}
          <table className="data" aria-labelledby="incidents-h">
            <thead>
              <tr>
                {bulk ? (
                  <th scope="col" className={s.selectCell}>
                    <span className="visually-hidden">Select</span>
                  </th>
                ) : null}
                <th scope="col">Incident</th>
                <th scope="col">Status</th>
                <th scope="col">Impact</th>
                <th scope="col">Components</th>
                <th scope="col">Started</th>
                <th scope="col">Resolved</th>
              </tr>
            </thead>
            <tbody>
              {incidentList.items.map((i) => (
                <IncidentRow key={i.id} i={i} select={bulk ? (isOpenAutoDraft(i) ? (selectAll ? "checked" : "unchecked") : "none") : null} />
              ))}
            </tbody>
          </table>
          </>
        )}
      </IncidentsTable>
      <Pager param="page" page={incidentList.page} hasMore={incidentList.hasMore} other={q.mpage ? `mpage=${pageOf(q.mpage)}` : ""} label="incidents" />

      <h2 id="maintenance-h">Maintenance</h2>
      <p className="muted">Upcoming and active first. Windows start and end by themselves; times are UTC.</p>
      <div className="card table-scroll">
        {maintenanceList.items.length === 0 ? (
          <p className={s.empty}>No maintenance scheduled.</p>
        ) : (
          <table className="data" aria-labelledby="maintenance-h">
            <thead>
              <tr>
                <th scope="col">Maintenance</th>
                <th scope="col">State</th>
                <th scope="col">Window</th>
                <th scope="col">Components</th>
              </tr>
            </thead>
            <tbody>
              {maintenanceList.items.map((m) => {
                const phase = maintenancePhase(m, now);
                return (
                  <tr key={m.id} data-testid="maintenance-row">
                    <th scope="row" className={s.titleCell}>
                      <Link href={`/dashboard/incidents/${m.id}`}>{m.title}</Link>
                      <span className={s.badges}>
                        <PublishedBadge published={m.published} />
                      </span>
                    </th>
                    <td>
                      <Badge tone={phase === "active" ? "active" : undefined}>{phase === "upcoming" ? t.incidents.upcoming : phase === "active" ? "Active" : "Completed"}</Badge>{" "}
                      {t.incidents.status[m.status]}
                    </td>
                    <td>
                      {fmtWhen(m.scheduledFor)}
                      <br />
                      <span className="muted">to {fmtWhen(m.scheduledUntil)}</span>
                    </td>
                    <td className={s.wrapCell}>{m.components.join(", ") || "–"}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
      <Pager param="mpage" page={maintenanceList.page} hasMore={maintenanceList.hasMore} other={q.page ? `page=${pageOf(q.page)}` : ""} label="maintenance" />
    </>
  );
}

/** Which rows the bulk form may close: what lib/incidents/close-drafts.ts accepts. */
const isOpenAutoDraft = (i: IncidentSummary) => i.source === "auto" && !i.published && i.resolvedAt === null;

/** The incidents table, inside the bulk form when there are drafts to close. */
function IncidentsTable({ bulk, initial, children }: { bulk: boolean; initial: FormState; children: React.ReactNode }) {
  return bulk ? (
    <ActionForm action={closeDraftsAction} initial={initial} className="card table-scroll" data-testid="bulk-form">
      {children}
    </ActionForm>
  ) : (
    <div className="card table-scroll">{children}</div>
  );
}

function IncidentRow({ i, select }: { i: IncidentSummary; select: "checked" | "unchecked" | "none" | null }) {
  const open = i.resolvedAt === null;
  return (
    <tr data-testid="incident-row">
      {select === null ? null : (
        <td className={s.selectCell}>
          {select === "none" ? null : (
            <input type="checkbox" name="id" value={i.id} defaultChecked={select === "checked"} aria-label={`Select “${i.title}”`} data-testid="select-draft" />
          )}
        </td>
      )}
      <th scope="row" className={s.titleCell}>
        <Link href={`/dashboard/incidents/${i.id}`}>{i.title}</Link>
        <span className={s.badges}>
          <PublishedBadge published={i.published} />
          {i.source === "auto" ? <Badge>Automatic</Badge> : null}
        </span>
      </th>
      <td>{open ? <Badge tone="open">{t.incidents.status[i.status]}</Badge> : t.incidents.status[i.status]}</td>
      <td>{impactLabel(i.impact)}</td>
      <td className={s.wrapCell}>{i.components.join(", ") || "–"}</td>
      <td>{fmtWhen(i.startedAt)}</td>
      <td>{open ? "open" : fmtWhen(i.resolvedAt)}</td>
    </tr>
  );
}

function ReliabilityFigures({ r, monitors }: { r: Reliability; monitors: MonitorReliability[] }) {
  const failing = monitors.filter((m) => m.failures > 0).slice(0, 5);
  return (
    <section aria-labelledby="reliability-h" data-testid="reliability">
      <h3 id="reliability-h" className={s.figuresTitle}>
        Last 30 days, all monitors
      </h3>
      <ReliabilityBlock r={r} />
      {failing.length ? (
        <p className="muted">
          Most failures:{" "}
          {failing.map((m, n) => (
            <span key={m.monitorId}>
              {n ? ", " : null}
              <Link href={`/dashboard/monitors/${encodeURIComponent(m.key)}`}>{m.name}</Link> ({m.failures}, MTTR {m.mttrMs === null ? "–" : fmtDuration(m.mttrMs)})
            </span>
          ))}
        </p>
      ) : null}
    </section>
  );
}

function Pager({ param, page, hasMore, other, label }: { param: string; page: number; hasMore: boolean; other: string; label: string }) {
  if (page === 1 && !hasMore) return null;
  const href = (p: number) => `/dashboard/incidents?${[other, `${param}=${p}`].filter(Boolean).join("&")}`;
  return (
    <nav className={s.pager} aria-label={`Pages of ${label}`}>
      {page > 1 ? <Link href={href(page - 1)}>← Newer</Link> : <span />}
      <span className="muted">Page {page}</span>
      {hasMore ? <Link href={href(page + 1)}>Older →</Link> : <span />}
    </nav>
  );
}
