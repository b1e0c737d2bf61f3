import Link from "next/link";
import { formStateFromQuery } from "@/lib/http/form-state";
import { ActionForm, Input } from "../_components/action-form";
import { requestResetAction } from "../_lib/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Reset your password" };

/** Asks for a reset link by email; says the same whether or not the address has an account. */
export default async function ResetRequestPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const q = await searchParams;
  return (
    <main className="container" id="main">
      <h1>Reset your password</h1>
      {q.sent === "1" ? (
        <p role="status">If that address has an account, a link to choose a new password is on its way. It works once, for 1 hour.</p>
      ) : (
        <p className="muted">Enter the address you sign in with. We email you a link to choose a new password.</p>
      )}
      {typeof q.error === "string" ? <p className="error" role="alert">{q.error}</p> : null}
      <ActionForm className="stack" action={requestResetAction} initial={formStateFromQuery(q, ["sent"])}>
        <div className="field">
          <label htmlFor="email">Email</label>
          <Input id="email" type="email" name="email" autoComplete="username" maxLength={254} required />
        </div>
        <button type="submit">Email me a link</button>
      </ActionForm>
      <p>
        <Link href="/login">Back to sign in</Link>
      </p>
    </main>
  );
}
