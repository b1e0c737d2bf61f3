import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { resetLinkValid } from "@/lib/auth/password-reset";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm } from "../../_components/action-form";
import { NewPasswordFields } from "../../_components/new-password-fields";
import { resetPasswordAction } from "../../_lib/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Choose a new password", referrer: "no-referrer" };

/** A reset link from the email: choose a new password (once, within the hour). */
export default async function ResetPasswordPage({ params, searchParams }: { params: Promise<{ token: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [{ token }, q] = await Promise.all([params, searchParams]);
  const raw = token;
  if (!(await resetLinkValid(await getDb(), raw))) {
    return (
      <main className="container" id="main">
        <h1>This link does not work</h1>
        <p>It was used already or has expired (reset links work once, for 1 hour).</p>
        <p>
          <Link href="/reset-password">Ask for a new link</Link>
        </p>
      </main>
    );
  }
  return (
    <main className="container" id="main">
      <h1>Choose a new password</h1>
      <p className="muted">Your other sessions end when you save it.</p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ActionForm className="stack" action={resetPasswordAction} initial={formStateFromQuery(q)}>
        <input type="hidden" name="token" value={raw} />
        <NewPasswordFields label="New password" />
        <button type="submit">Save the new password</button>
      </ActionForm>
    </main>
  );
}
