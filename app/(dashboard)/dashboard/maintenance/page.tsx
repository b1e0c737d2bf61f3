import Link from "next/link";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { strings as t } from "@/lib/i18n/en";
import { listComponentChoices } from "@/lib/incidents/manage";
import { listOpenWindows } from "@/lib/maintenance/one-off";
import { listSchedules } from "@/lib/maintenance/schedules";
import { ActionForm } from "../../_components/action-form";
import { fmtDuration } from "../../_components/format";
import { LocalTime } from "../../_components/local-time";
import { requireUser } from "../../_lib/session";
import { Badge, first, PublishedBadge } from "../incidents/_components/fields";
import s from "../incidents/incidents.module.css";
import { archiveScheduleAction, endWindowAction } from "./actions";
import m from "./maintenance.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Maintenance · Dashboard" };

type Search = Promise<{ notice?: string | string[]; error?: string | string[] }>;

/** Windows in progress and ahead (one-off and recurring), and the recurring schedules. Times in the reader's zone. */
export default async function MaintenancePage({ searchParams }: { searchParams: Search }) {
  const user = await requireUser();
  const editor = can(user.role, "edit");
  const q = await searchParams;
  const db = await getDb();
  const now = Date.now();
  const [windows, schedules, choices] = await Promise.all([listOpenWindows(db, now), listSchedules(db, {}, now), listComponentChoices(db)]);
  const names = new Map(choices.map((c) => [c.id, c.name]));
  const titles = new Map(schedules.map((x) => [x.id, x.title]));
  const notice = first(q.notice);
  const error = first(q.error);
  return (
    <>
      <h1>Maintenance</h1>
      {notice ? (
        <p className={s.notice} role="status">
          {notice}
        </p>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      {editor ? (
        <div className={s.actions}>
          <Link className="button" href="/dashboard/maintenance/new">
            Schedule a window
          </Link>
          <Link className={s.secondaryLink} href="/dashboard/maintenance/new?kind=schedule">
            New recurring maintenance
          </Link>
        </div>
      ) : null}

      <h2 id="windows-h">In progress and upcoming</h2>
      <p className="muted">Windows start and end by themselves; alerts for their components are held back meanwhile. Times are in your time zone.</p>
      <div className="card table-scroll">
        {windows.length === 0 ? (
          <p className={s.empty}>No maintenance ahead.</p>
        ) : (
          <table className="data" aria-labelledby="windows-h">
            <thead>
              <tr>
                <th scope="col">Maintenance</th>
                <th scope="col">State</th>
                <th scope="col">Window</th>
                <th scope="col">Components</th>
                {editor ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {windows.map((w) => (
                <tr key={w.id} data-testid="window-row">
                  <th scope="row" className={s.titleCell}>
                    <Link href={`/dashboard/incidents/${w.id}`}>{w.title}</Link>
                    <span className={s.badges}>
                      <PublishedBadge published={w.published} />
                      {w.scheduleId !== null ? <Badge>Recurring{titles.has(w.scheduleId) ? "" : " · archived"}</Badge> : null}
                    </span>
                  </th>
                  <td>
                    <Badge tone={w.phase === "active" ? "active" : undefined}>{w.phase === "active" ? t.incidents.status.in_progress : t.incidents.upcoming}</Badge>
                  </td>
                  <td>
                    <LocalTime ms={w.scheduledFor} />
                    <br />
                    <span className="muted">
                      to <LocalTime ms={w.scheduledUntil} />
                    </span>
                  </td>
                  <td className={s.wrapCell}>{w.components.join(", ") || "–"}</td>
                  {editor ? (
                    <td>
                      <div className={m.rowActions}>
                        <ActionForm action={endWindowAction}>
                          <input type="hidden" name="id" value={w.id} />
                          <button type="submit" className="secondary" aria-label={`${w.phase === "active" ? "Complete now" : "Cancel"}: ${w.title}`}>
                            {w.phase === "active" ? "Complete now" : "Cancel"}
                          </button>
                        </ActionForm>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <h2 id="schedules-h">Recurring maintenance</h2>
      <p className="muted">Each schedule adds its windows two weeks ahead (at least the next one). Editing one replaces its windows that have not started; archiving removes them and keeps past ones.</p>
      <div className="card table-scroll">
        {schedules.length === 0 ? (
          <p className={s.empty}>No recurring maintenance.</p>
        ) : (
          <table className="data" aria-labelledby="schedules-h">
            <thead>
              <tr>
                <th scope="col">Schedule</th>
                <th scope="col">Repeats</th>
                <th scope="col">Next</th>
                <th scope="col">Components</th>
                {editor ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {schedules.map((x) => (
                <tr key={x.id} data-testid="schedule-row">
                  <th scope="row" className={s.titleCell}>
                    {x.title}
                    <span className={s.badges}>
                      <PublishedBadge published={x.published} />
                    </span>
                  </th>
                  <td className={s.wrapCell}>
                    {x.description}
                    <br />
                    <span className="muted">
                      for {fmtDuration(x.durationMinutes * 60_000)}, from {x.startDate}
                      {x.endDate ? ` until ${x.endDate}` : ""}
                    </span>
                  </td>
                  <td>{x.nextOccurrence === null ? "–" : <LocalTime ms={x.nextOccurrence} />}</td>
                  <td className={s.wrapCell}>{x.componentIds.map((id) => names.get(id)).filter(Boolean).join(", ") || "–"}</td>
                  {editor ? (
                    <td>
                      <div className={m.rowActions}>
                        <Link href={`/dashboard/maintenance/schedules/${x.id}`} aria-label={`Edit ${x.title}`}>
                          Edit
                        </Link>
                        <ActionForm action={archiveScheduleAction}>
                          <input type="hidden" name="id" value={x.id} />
                          <button type="submit" className="secondary" aria-label={`Archive ${x.title}`}>
                            Archive
                          </button>
                        </ActionForm>
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
