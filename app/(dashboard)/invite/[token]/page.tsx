import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { openInvite } from "@/lib/auth/invites";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm } from "../../_components/action-form";
import { NewPasswordFields } from "../../_components/new-password-fields";
import { acceptInviteAction } from "../../_lib/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Accept the invitation", referrer: "no-referrer" };

/** An invitation's emailed link: choose a password, which creates the account and signs in. */
export default async function InvitePage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ token }, q] = await Promise.all([params, searchParams]);
  const invite = await openInvite(await getDb(), token);
  if (!invite) {
    return (
      <main className="container" id="main">
        <h1>This invitation does not work</h1>
        <p>It was used already, withdrawn, or has expired (invitations work for 7 days). Ask an admin of the dashboard for a new one.</p>
        <p>
          <Link href="/login">Sign in</Link>
        </p>
      </main>
    );
  }
  return (
    <main className="container" id="main">
      <h1>Join the dashboard</h1>
      <p>
        You are invited as <strong>{ROLE_LABELS[invite.role]}</strong> with the address <strong>{invite.email}</strong>. Choose your password to
        finish.
      </p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ActionForm className="stack" action={acceptInviteAction} initial={formStateFromQuery(q)}>
        <input type="hidden" name="token" value={token} />
        <input type="email" name="username" value={invite.email} autoComplete="username" readOnly hidden />
        <NewPasswordFields />
        <button type="submit">Create my account</button>
      </ActionForm>
    </main>
  );
}
