import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { challengeOpen } from "@/lib/auth/two-factor";
import { formStateFromQuery } from "@/lib/http/form-state";
import { safeReturnPath } from "@/lib/http/return-path";
import { ActionForm, Input } from "../../_components/action-form";
import { signInCodeAction } from "../../_lib/actions";
import { CHALLENGE_COOKIE } from "../../_lib/session";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in: code" };

/** The second step of a sign-in with two-factor on; without an open challenge, back to the first. */
export default async function SignInCodePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  const returnTo = safeReturnPath(typeof q.next === "string" ? q.next : null);
  if (!(await challengeOpen(await getDb(), (await cookies()).get(CHALLENGE_COOKIE)?.value))) {
    redirect(returnTo ? `/login?next=${encodeURIComponent(returnTo)}` : "/login");
  }
  return (
    <main className="container" id="main">
      <h1>Enter your code</h1>
      <p className="muted">Open your authenticator app and enter the 6-digit code it shows for this account, or one of your recovery codes.</p>
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ActionForm className="stack" action={signInCodeAction} initial={formStateFromQuery(q, ["next"])}>
        {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
        <div className="field">
          <label htmlFor="code">Code</label>
          <Input id="code" type="text" name="code" inputMode="text" autoComplete="one-time-code" autoCapitalize="none" spellCheck={false} maxLength={64} required autoFocus />
        </div>
        <button type="submit">Sign in</button>
      </ActionForm>
    </main>
  );
}
