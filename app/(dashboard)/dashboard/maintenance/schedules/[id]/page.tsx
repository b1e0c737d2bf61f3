import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { formStateFromQuery } from "@/lib/http/form-state";
import { listComponentChoices, MAX_TITLE_LENGTH } from "@/lib/incidents/manage";
import { getLiveSchedule } from "@/lib/maintenance/schedules";
import { timeZoneNames } from "@/lib/maintenance/zoned-time";
import { ActionForm, Checkbox, Input } from "../../../../_components/action-form";
import { requireUser } from "../../../../_lib/session";
import { first, MaintenanceComponentFields, MessageField } from "../../../incidents/_components/fields";
import s from "../../../incidents/incidents.module.css";
import { updateScheduleAction } from "../../actions";
import { ScheduleFields } from "../../_components/schedule-fields";
import m from "../../maintenance.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit recurring maintenance · Dashboard" };

type Params = Promise<{ id: string }>;
type Search = Promise<Record<string, string | string[] | undefined>>;

/** Edits a live schedule; saving replaces its windows that have not started. */
export default async function EditSchedulePage({ params, searchParams }: { params: Params; searchParams: Search }) {
  await requireUser("edit");
  const [{ id }, q] = await Promise.all([params, searchParams]);
  const db = await getDb();
  const schedule = await getLiveSchedule(db, Number(id));
  if (!schedule) notFound();
  const choices = await listComponentChoices(db);
  const error = first(q.error);
  return (
    <>
      <p>
        <Link href="/dashboard/maintenance">← Maintenance</Link>
      </p>
      <h1>Edit “{schedule.title}”</h1>
      <p className="muted">Saving replaces its windows that have not started; windows in progress or past stay as they were.</p>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <ActionForm className={`${s.form} ${m.form}`} action={updateScheduleAction} initial={formStateFromQuery(q)}>
        <input type="hidden" name="id" value={schedule.id} />
        <div className={s.field}>
          <label htmlFor="title">Title</label>
          <Input id="title" type="text" name="title" required maxLength={MAX_TITLE_LENGTH} autoComplete="off" defaultValue={schedule.title} />
        </div>
        <ScheduleFields zones={timeZoneNames()} value={schedule} />
        <MaintenanceComponentFields choices={choices} checked={new Set(schedule.componentIds)} />
        <MessageField value={schedule.body} />
        <label className={s.check}>
          <Checkbox name="published" defaultChecked={schedule.published} />
          Publish its windows on the status page
        </label>
        <div className={s.formButtons}>
          <button type="submit">Save schedule</button>
        </div>
      </ActionForm>
    </>
  );
}
