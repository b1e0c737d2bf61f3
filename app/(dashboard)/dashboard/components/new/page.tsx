import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { listComponentGroups } from "@/lib/dashboard/components";
import { formStateFromQuery } from "@/lib/http/form-state";
import { requireUser } from "../../../_lib/session";
import { ComponentForm } from "../_components/forms";
import { createComponentAction } from "../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "New component · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function NewComponentPage({ searchParams }: { searchParams: Search }) {
  await requireUser("edit");
  const q = await searchParams;
  return (
    <>
      <p><Link href="/dashboard/components">← Components</Link></p>
      <h1>New component</h1>
      <p className="muted">It lives in the database; the config file&apos;s components stay read-only here. Monitors join it from their own form.</p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ComponentForm action={createComponentAction} initial={formStateFromQuery(q)} groups={await listComponentGroups(await getDb())} submit="Create component" />
    </>
  );
}
