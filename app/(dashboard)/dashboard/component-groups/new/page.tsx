import Link from "next/link";
import { formStateFromQuery } from "@/lib/http/form-state";
import { requireUser } from "../../../_lib/session";
import { GroupForm } from "../../components/_components/forms";
import { createGroupAction } from "../../components/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "New group · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function NewGroupPage({ searchParams }: { searchParams: Search }) {
  await requireUser("edit");
  const q = await searchParams;
  return (
    <>
      <p><Link href="/dashboard/components">← Components</Link></p>
      <h1>New group</h1>
      <p className="muted">A heading on the status page that gathers components; they join it from their own form.</p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <GroupForm action={createGroupAction} initial={formStateFromQuery(q)} submit="Create group" />
    </>
  );
}
