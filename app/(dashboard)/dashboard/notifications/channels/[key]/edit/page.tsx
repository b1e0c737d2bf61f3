import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { configFilePath } from "@/lib/config/load";
import { formStateFromQuery } from "@/lib/http/form-state";
import { listChannelViews } from "@/lib/notify/channels";
import { CHANNEL_TYPES, isChannelType } from "@/lib/notify/index";
import { requireUser } from "../../../../../_lib/session";
import { ChannelForm } from "../../../_components/channel-form";
import { updateChannelAction } from "../../../actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Edit channel · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Edits a channel made in the dashboard or API (admins); secrets show masked and stay blank to keep them. */
export default async function EditChannelPage({ params, searchParams }: { params: Promise<{ key: string }>; searchParams: Search }) {
  await requireUser("admin");
  const key = decodeURIComponent((await params).key);
  const [c] = await listChannelViews(await getDb(), key);
  if (!c || !isChannelType(c.type)) notFound();
  const q = await searchParams;
  const back = <p><Link href="/dashboard/notifications">← Notifications</Link></p>;
  if (c.origin === "config") {
    return (
      <>
        {back}
        <h1>Edit {c.name}</h1>
        <p className="error" role="alert">This channel is managed by status.config.yaml: change it there, in {configFilePath()} (the entry &quot;key: {c.key}&quot; under channels:).</p>
      </>
    );
  }
  const secret = new Set<string>(CHANNEL_TYPES[c.type].secretFields);
  const plain = Object.fromEntries(Object.entries(c.settings).filter(([k]) => !secret.has(k)));
  const masked = Object.fromEntries(Object.entries(c.settings).filter(([k]) => secret.has(k)));
  return (
    <>
      {back}
      <h1>Edit {c.name}</h1>
      <p className="muted">Key <code>{c.key}</code> · {c.type}</p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ChannelForm type={c.type} action={updateChannelAction} initial={formStateFromQuery(q, ["type", "key"])} values={{ name: c.name, ...plain }} masked={masked} fixedKey={c.key} submit="Save channel" />
    </>
  );
}
