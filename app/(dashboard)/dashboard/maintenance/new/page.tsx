import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { formStateFromQuery } from "@/lib/http/form-state";
import { listComponentChoices, MAX_TITLE_LENGTH } from "@/lib/incidents/manage";
import { timeZoneNames } from "@/lib/maintenance/zoned-time";
import { ActionForm, Checkbox, Input } from "../../../_components/action-form";
import { TimeZoneField } from "../../../_components/time-zone-field";
import { requireUser } from "../../../_lib/session";
import { first, MaintenanceComponentFields, MessageField } from "../../incidents/_components/fields";
import s from "../../incidents/incidents.module.css";
import { createScheduleAction, scheduleWindowAction } from "../actions";
import { ScheduleFields } from "../_components/schedule-fields";
import m from "../maintenance.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Schedule maintenance · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** A one-off window (local times in the reader's zone) or a recurring schedule. */
export default async function NewMaintenancePage({ searchParams }: { searchParams: Search }) {
  await requireUser("edit");
  const q = await searchParams;
  const choices = await listComponentChoices(await getDb());
  const kind = first(q.kind) === "schedule" ? "schedule" : "window";
  const error = first(q.error);
  const zones = timeZoneNames();
  return (
    <>
      <p>
        <Link href="/dashboard/maintenance">← Maintenance</Link>
      </p>
      <h1>{kind === "schedule" ? "New recurring maintenance" : "Schedule a maintenance window"}</h1>
      <nav className={s.tabs} aria-label="What to schedule">
        <Link href="/dashboard/maintenance/new" aria-current={kind === "window" ? "page" : undefined}>
          One window
        </Link>
        <Link href="/dashboard/maintenance/new?kind=schedule" aria-current={kind === "schedule" ? "page" : undefined}>
          Recurring
        </Link>
      </nav>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <ActionForm className={`${s.form} ${m.form}`} action={kind === "schedule" ? createScheduleAction : scheduleWindowAction} initial={formStateFromQuery(q, ["kind"])}>
        <div className={s.field}>
          <label htmlFor="title">Title</label>
          <Input id="title" type="text" name="title" required maxLength={MAX_TITLE_LENGTH} autoComplete="off" />
        </div>
        {kind === "schedule" ? (
          <ScheduleFields zones={zones} />
        ) : (
          <>
            <div className={s.row2}>
              <div className={s.field}>
                <label htmlFor="start">Starts</label>
                <Input id="start" type="datetime-local" name="start" required />
              </div>
              <div className={s.field}>
                <label htmlFor="end">Ends</label>
                <Input id="end" type="datetime-local" name="end" required />
              </div>
            </div>
            <TimeZoneField zones={zones} className={s.field} />
          </>
        )}
        <MaintenanceComponentFields choices={choices} checked={new Set()} />
        <MessageField />
        <label className={s.check}>
          <Checkbox name="published" defaultChecked={false} />
          {kind === "schedule" ? "Publish its windows on the status page" : "Publish on the status page now"}
        </label>
        <div className={s.formButtons}>
          <button type="submit">{kind === "schedule" ? "Create schedule" : "Schedule window"}</button>
        </div>
      </ActionForm>
    </>
  );
}
