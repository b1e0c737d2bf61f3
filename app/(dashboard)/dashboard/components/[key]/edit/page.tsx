import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { componentByKey } from "@/lib/components";
import { groupKeyOf } from "@/lib/components/entry";
import { componentFormValues } from "@/lib/components/form";
import { listComponentGroups } from "@/lib/dashboard/components";
import { formStateFromQuery } from "@/lib/http/form-state";
import { requireUser } from "../../../../_lib/session";
import { ArchiveForm, ComponentForm, EditHead } from "../../_components/forms";
import { archiveComponentAction, updateComponentAction } from "../../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit component · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Edits and archives a component created in the dashboard; one from the config file says where to change it. */
export default async function EditComponentPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Search }) {
  await requireUser("edit");
  const key = decodeURIComponent((await params).key);
  const db = await getDb();
  const c = await componentByKey(db, key);
  if (!c || c.archivedAt !== null) notFound();
  const q = await searchParams;
  const head = <EditHead title={`Edit ${c.name}`} entryKey={c.key} origin={c.origin} section="components" />;
  if (c.origin === "config") return head;
  return (
    <>
      {head}
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ComponentForm
        action={updateComponentAction}
        initial={formStateFromQuery(q, ["key"])}
        values={componentFormValues(c, await groupKeyOf(db, c.groupId))}
        groups={await listComponentGroups(db)}
        fixedKey={c.key}
        submit="Save component"
      />
      <h2>Archive</h2>
      <ArchiveForm action={archiveComponentAction} entryKey={c.key} what="component" consequence="it leaves the pages, its incidents keep naming it (refused while monitors point to it)" />
    </>
  );
}
