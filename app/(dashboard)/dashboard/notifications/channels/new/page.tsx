import Link from "next/link";
import { formStateFromQuery } from "@/lib/http/form-state";
import { CHANNEL_TYPES, isChannelType, type ChannelType } from "@/lib/notify/index";
import { CHANNEL_TYPE_LABELS } from "@/lib/notify/form";
import { requireUser } from "../../../../_lib/session";
import { ChannelForm } from "../../_components/channel-form";
import { createChannelAction } from "../../actions";
import s from "../../../incidents/incidents.module.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "New channel · Dashboard" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** Creates a channel of one type (tabs choose it, so the form works without JavaScript). Admins only: a channel holds credentials. */
export default async function NewChannelPage({ searchParams }: { searchParams: Search }) {
  await requireUser("admin");
  const q = await searchParams;
  const type: ChannelType = typeof q.type === "string" && isChannelType(q.type) ? q.type : "email";
  return (
    <>
      <p><Link href="/dashboard/notifications">← Notifications</Link></p>
      <h1>New channel</h1>
      <p className="muted">It lives in the database (the config file&apos;s channels stay read-only here). Secrets are stored encrypted and never shown again in full.</p>
      <nav className={s.tabs} aria-label="Channel type">
        {(Object.keys(CHANNEL_TYPES) as ChannelType[]).map((t) => (
          <Link key={t} href={`/dashboard/notifications/channels/new?type=${t}`} aria-current={t === type ? "page" : undefined}>
            {CHANNEL_TYPE_LABELS[t]}
          </Link>
        ))}
      </nav>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ChannelForm type={type} action={createChannelAction} initial={formStateFromQuery(q, ["type"])} submit="Create channel" />
    </>
  );
}
