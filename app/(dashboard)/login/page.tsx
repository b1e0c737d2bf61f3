import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { userCount } from "@/lib/auth/users";
import { formStateFromQuery } from "@/lib/http/form-state";
import { safeReturnPath } from "@/lib/http/return-path";
import { ActionForm, Input } from "../_components/action-form";
import { loginAction } from "../_lib/actions";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if ((await userCount(await getDb())) === 0) redirect("/setup");
  const q = await searchParams;
  const { error, next, reset } = q;
  const returnTo = safeReturnPath(typeof next === "string" ? next : null);
  return (
    <main className="container" id="main">
      <h1>Sign in</h1>
      {reset === "1" ? <p role="status">Your password is changed: sign in with it.</p> : null}
      {typeof error === "string" ? <p className="error" role="alert">{error}</p> : null}
      <ActionForm className="stack" action={loginAction} initial={formStateFromQuery(q, ["next"])}>
        {returnTo ? <input type="hidden" name="next" value={returnTo} /> : null}
        <div className="field">
          <label htmlFor="email">Email</label>
          <Input id="email" type="email" name="email" autoComplete="username" required />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <Input id="password" type="password" name="password" autoComplete="current-password" required />
        </div>
        <button type="submit">Sign in</button>
      </ActionForm>
      <p>
        <Link href="/reset-password">Forgot password?</Link>
      </p>
    </main>
  );
}
