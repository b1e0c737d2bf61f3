import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { groupByKey } from "@/lib/components";
import { groupFormValues } from "@/lib/components/form";
import { formStateFromQuery } from "@/lib/http/form-state";
import { requireUser } from "../../../../_lib/session";
import { ArchiveForm, EditHead, GroupForm } from "../../../components/_components/forms";
import { archiveGroupAction, updateGroupAction } from "../../../components/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit group · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Renames, moves and archives a group created in the dashboard; one from the config file says where to change it. */
export default async function EditGroupPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Search }) {
  await requireUser("edit");
  const key = decodeURIComponent((await params).key);
  const g = await groupByKey(await getDb(), key);
  if (!g || g.archivedAt !== null) notFound();
  const q = await searchParams;
  const head = <EditHead title={`Edit group ${g.name}`} entryKey={g.key} origin={g.origin} section="groups" />;
  if (g.origin === "config") return head;
  return (
    <>
      {head}
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <GroupForm action={updateGroupAction} initial={formStateFromQuery(q, ["key"])} values={groupFormValues(g)} fixedKey={g.key} submit="Save group" />
      <h2>Archive</h2>
      <ArchiveForm action={archiveGroupAction} entryKey={g.key} what="group" consequence="it leaves the pages (refused while components are in it)" />
    </>
  );
}
