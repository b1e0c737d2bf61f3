import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listIncidents, maintenancePhase, type IncidentSummary } from "@/lib/incidents/manage";
import { strings as t } from "@/lib/i18n/en";
import { fmtWhen } from "../../_components/format";
import { can } from "@/lib/auth/roles";
import { requireUser } from "../../_lib/session";
import { Badge, first, impactLabel, PublishedBadge } from "./_components/fields";
import s from "./incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Incidents and maintenance · Dashboard" };

type Search = Promise<{ page?: string | string[]; mpage?: string | string[]; notice?: string | string[] }>;

const pageOf = (v: string | string[] | undefined) => Math.max(1, Number.parseInt(first(v) ?? "1", 10) || 1);

export default async function IncidentsPage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const q = await searchParams;
  const db = await getDb();
  const [incidentList, maintenanceList] = await Promise.all([
    listIncidents(db, { kind: "incident", page: pageOf(q.page) }),
    listIncidents(db, { kind: "maintenance", page: pageOf(q.mpage) }),
  ]);
  const now = Date.now();
  const notice = first(q.notice);
  return (
    <>
      <h1>Incidents and maintenance</h1>
      {notice ? <p className={s.notice} role="status">{notice}</p> : null}
      {can(user.role, "edit") ? (
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
      <div className="card table-scroll">
        {incidentList.items.length === 0 ? (
          <p className={s.empty}>No incidents yet.</p>
        ) : (
          <table className="data" aria-labelledby="incidents-h">
            <thead>
              <tr>
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
                <IncidentRow key={i.id} i={i} />
              ))}
            </tbody>
          </table>
        )}
      </div>
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

function IncidentRow({ i }: { i: IncidentSummary }) {
  const open = i.resolvedAt === null;
  return (
    <tr data-testid="incident-row">
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
